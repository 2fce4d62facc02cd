import Foundation
import Hummingbird
import Logging
import MessagingDatabase
import MessagingProtocol
import ServiceKit
import TokenVerification

/// The conversations and messages HTTP API (`SPEC.md` §3). Participants only; a conversation the
/// caller is not in answers 404 exactly like one that does not exist.
struct ConversationController: Sendable {
    let database: any Database
    /// Token checks and write limits (new conversations, posted messages, edits).
    let callers: StoreCallers
    let serviceCredentials: ServiceCredentials
    let executor: CommandExecutor
    let logger: Logger

    func add(to router: Router<BasicRequestContext>) {
        let group = router.group("/api/conversations")
        group.get { request, context in try await list(request, context: context) }
        group.post { request, _ in try await create(request) }
        group.get(":id") { request, context in try await show(request, context: context) }
        group.get(":id/messages") { request, context in try await messages(request, context: context) }
        group.post(":id/messages") { request, context in try await post(request, context: context) }
        group.get(":id/export") { request, context in try await export(request, context: context) }
        group.get(":id/changes") { request, context in try await changes(request, context: context) }
        router.get("/api/messages/search") { request, _ in try await search(request) }
        group.patch(":id/messages/:messageId") { request, context in try await change(request, context: context, delete: false) }
        group.delete(":id/messages/:messageId") { request, context in try await change(request, context: context, delete: true) }
    }

    func list(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let user = try await requireUser(request)
        let limit = try queryInt(request, "limit", default: 50, range: 1...200)
        let conversations = try await StoreRepository(executor: database).conversations(of: user.id, limit: limit)
        return try HTTPJSON.response(ConversationListResponse(conversations: conversations))
    }

    func create(_ request: Request) async throws -> Response {
        let user = try await requireUser(request)
        try admitWrite(by: user)
        let body = try await HTTPJSON.decode(CreateConversationRequest.self, from: request)
        var participants = [user.id]
        for id in body.participantIds where !participants.contains(id) {
            try MessageValidator.identifier(id, name: "participantIds")
            participants.append(id)
        }
        guard participants.count >= 2, participants.count <= 50 else {
            throw MessagingError(.validationFailed, "a conversation needs 1 to 49 other participants")
        }
        if let subject = body.subject, subject.count > 200 { throw MessagingError(.validationFailed, "subject is too long (at most 200 characters)") }
        if let appointment = body.appointmentId { try MessageValidator.identifier(appointment, name: "appointmentId") }
        let id = UUID().uuidString.lowercased()
        let now = Date()
        let members = participants
        let created = try await database.transaction { transaction in
            let repository = StoreRepository(executor: transaction)
            try await repository.upsertProfiles([user], now: now)
            try await repository.createConversation(
                id: id, subject: body.subject?.trimmingCharacters(in: .whitespacesAndNewlines), appointmentID: body.appointmentId,
                participants: members, encrypted: body.encrypted ?? false, now: now)
            return try await repository.conversations(of: user.id, only: id).first
        }
        executor.processor.profiles.remember([user])
        guard let created else { throw MessagingError(.internal) }
        logger.info("conversation created", metadata: ["conversation.id": "\(id)", "participants": "\(participants.count)"])
        return try HTTPJSON.response(ConversationResponse(conversation: created), status: .created)
    }

    func show(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let user = try await requireUser(request)
        let id = try Self.conversationID(context)
        guard let conversation = try await StoreRepository(executor: database).conversations(of: user.id, only: id).first else {
            throw MessagingError.conversationNotFound
        }
        return try HTTPJSON.response(ConversationResponse(conversation: conversation))
    }

    func messages(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let user = try await requireUser(request)
        let id = try Self.conversationID(context)
        let limit = try queryInt(request, "limit", default: 50, range: 1...100)
        let before = try request.uri.queryParameters[Substring("before")].map { _ in try queryInt(request, "before", default: 0, range: 1...Int.max) }
        let repository = StoreRepository(executor: database)
        guard try await repository.isParticipant(user.id, in: id) else { throw MessagingError.conversationNotFound }
        let page = try await repository.page(conversationID: id, beforeSeq: before, limit: limit)
        return try HTTPJSON.response(MessagePageResponse(messages: page.messages.map(ConversationMessageDto.init), hasMore: page.hasMore))
    }

    /// A message over HTTP goes through the same executor as a socket message.
    func post(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let caller = try await authenticate(request)
        let id = try Self.conversationID(context)
        let body = try await HTTPJSON.decode(PostMessageRequest.self, from: request)
        let actor: UserSummary
        switch (caller, body.type ?? .user) {
        case (.service, .system): actor = SystemSender.user
        case (.service, .user): throw MessagingError(.validationFailed, "the service credential posts SYSTEM messages (type: SYSTEM)")
        case (.user, .system): throw MessagingError(.forbidden, "only the platform's service credential may post SYSTEM messages")
        case (.user(let user), .user):
            try admitWrite(by: user)
            actor = user
        }
        if case .service = caller {
            guard try await StoreRepository(executor: database).conversationExists(id) else { throw MessagingError.conversationNotFound }
        }
        let command = CommandEnvelope(
            requestId: UUID().uuidString.lowercased(), replyTo: nil, issuedAt: Date(), actor: actor,
            command: .sendMessage(SendMessageRequest(conversationId: id, content: body.content, attachments: body.attachments, clientMessageId: body.clientMessageId)))
        switch try await executor.execute(command) {
        case .message(let message): return try HTTPJSON.response(MessageResponse(message: ConversationMessageDto(message)), status: .created)
        case .failure(let error): throw error
        default: throw MessagingError(.internal)
        }
    }

    /// An edit (`PATCH`, `{ content }` → `{ message }`) or a delete (`DELETE` → `{ conversationId,
    /// messageId, deletedAt }`) of one of the caller's messages, through the same executor as the
    /// socket's `edit-message` and `delete-message` (so the room hears of it the same way).
    func change(_ request: Request, context: BasicRequestContext, delete: Bool) async throws -> Response {
        let user = try await requireUser(request)
        try admitWrite(by: user)
        let id = try Self.conversationID(context)
        let messageID = try context.parameters.require("messageId")
        try MessageValidator.identifier(messageID, name: "message id")
        let command: StoreCommand
        if delete {
            command = .deleteMessage(DeleteMessageRequest(messageId: messageID))
        } else {
            let body = try await HTTPJSON.decode(EditMessageBody.self, from: request)
            command = .editMessage(EditMessageRequest(messageId: messageID, content: body.content))
        }
        // The message must be of this conversation (and the caller in it): else as if it did not exist.
        guard let message = try await StoreRepository(executor: database).message(id: messageID), message.conversationId == id else {
            throw MessagingError(.notFound, "message not found")
        }
        let envelope = CommandEnvelope(requestId: UUID().uuidString.lowercased(), replyTo: nil, issuedAt: Date(), actor: user, command: command)
        switch try await executor.execute(envelope) {
        case .message(let edited): return try HTTPJSON.response(MessageResponse(message: ConversationMessageDto(edited)))
        case .deleted(let payload): return try HTTPJSON.response(MessageDeletedResponse(payload))
        case .failure(let error): throw error
        default: throw MessagingError(.internal)
        }
    }

    /// Search across the caller's conversations (or one: `conversationId`), case- and
    /// accent-insensitive, every word as a prefix, best first; `before` is the `next` cursor of the
    /// previous page.
    func search(_ request: Request) async throws -> Response {
        let user = try await requireUser(request)
        guard let text = request.uri.queryParameters[Substring("q")].map(String.init), text.utf8.count <= 500, let query = SearchQuery(text) else {
            throw MessagingError(.validationFailed, "q must hold a word of 2 letters or more (500 bytes at most)")
        }
        let limit = try queryInt(request, "limit", default: 20, range: 1...100)
        let offset = try queryInt(request, "before", default: 0, range: 0...10_000)
        let conversationID = request.uri.queryParameters[Substring("conversationId")].map(String.init)
        if let conversationID { try MessageValidator.identifier(conversationID, name: "conversationId") }
        let found = try await StoreRepository(executor: database).search(query, for: user.id, in: conversationID, limit: limit, offset: offset)
        let results = found.messages.map { SearchResponse.Result(message: ConversationMessageDto($0), highlight: query.highlight($0.content)) }
        return try HTTPJSON.response(SearchResponse(results: results, hasMore: found.hasMore, next: found.hasMore ? String(offset + limit) : nil))
    }

    /// What changed after a version (`?since=<seq>.<changes>`, none: everything), for a client's
    /// cache after it was away: messages created, edited, deleted (as tombstones) or reacted to, in
    /// `seq` order, at most `limit` of each kind, and the version to ask from next.
    func changes(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let user = try await requireUser(request)
        let id = try Self.conversationID(context)
        let limit = try queryInt(request, "limit", default: 200, range: 1...500)
        var since = ConversationVersion.start
        if let text = request.uri.queryParameters[Substring("since")] {
            guard let version = ConversationVersion(String(text)) else {
                throw MessagingError(.validationFailed, "since must be a version this API gave (<seq>.<changes>)")
            }
            since = version
        }
        let repository = StoreRepository(executor: database)
        guard try await repository.isParticipant(user.id, in: id), let now = try await repository.version(of: id) else {
            throw MessagingError.conversationNotFound
        }
        guard since.seq <= now.seq, since.changes <= now.changes else {
            throw MessagingError(.validationFailed, "since is ahead of the conversation (\(now))")
        }
        let created = try await repository.created(in: id, since: since, until: now, limit: limit)
        let changed = try await repository.changed(in: id, since: since, until: now, limit: limit)
        let next = ConversationVersion(
            seq: created.hasMore ? created.messages.last?.seq ?? since.seq : now.seq,
            changes: changed.hasMore ? changed.messages.last?.change ?? since.changes : now.changes)
        var byID = [String: MessagingMessage]()
        for message in created.messages { byID[message.id] = message }
        for (message, _) in changed.messages { byID[message.id] = message }
        let messages = byID.values.sorted { $0.seq < $1.seq }.map(ConversationMessageDto.init)
        return try HTTPJSON.response(
            ConversationChangesResponse(messages: messages, version: next.description, hasMore: created.hasMore || changed.hasMore))
    }

    /// The conversation written out as JSON, CSV or HTML, for participants: streamed a page of
    /// messages at a time (the memory of one page, whatever the length), as a download.
    func export(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let user = try await requireUser(request)
        let id = try Self.conversationID(context)
        let name = request.uri.queryParameters[Substring("format")].map(String.init) ?? "json"
        guard let kind = ConversationExportKind(rawValue: name.lowercased()) else {
            throw MessagingError(.validationFailed, "format must be one of json, csv, html")
        }
        let repository = StoreRepository(executor: database)
        guard let conversation = try await repository.conversations(of: user.id, only: id).first else { throw MessagingError.conversationNotFound }
        let format = kind.format
        let encrypted = conversation.encrypted == true
        let headers: HTTPFields = [
            .contentType: format.contentType, .contentDisposition: "attachment; filename=\"conversation-\(id).\(format.fileExtension)\"",
            .xContentTypeOptions: "nosniff", .cacheControl: "no-store",
        ]
        logger.info("conversation exported", metadata: ["conversation.id": "\(id)", "user.id": "\(user.id)", "format": "\(kind.rawValue)"])
        let pageSize = Self.exportPageSize
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: format.opening(conversation, exportedAt: Date())))
                var after = 0
                var continuing = false
                while true {
                    let page = try await repository.page(conversationID: id, afterSeq: after, limit: pageSize)
                    if !page.messages.isEmpty {
                        var dtos = page.messages.map(ConversationMessageDto.init)
                        // The server cannot read an encrypted conversation: its export says so.
                        if encrypted {
                            for index in dtos.indices where dtos[index].type != .system && dtos[index].deletedAt == nil {
                                dtos[index].content = EncryptedEnvelope.placeholder
                            }
                        }
                        try await writer.write(ByteBuffer(string: format.messages(dtos, continuing: continuing)))
                        continuing = true
                    }
                    guard page.hasMore, let last = page.messages.last else { break }
                    after = last.seq
                }
                try await writer.write(ByteBuffer(string: format.closing()))
                try await writer.finish(nil)
            })
    }

    /// Messages read and written at a time by an export.
    static let exportPageSize = 500

    /// The `:id` of the path, a valid identifier.
    private static func conversationID(_ context: BasicRequestContext) throws -> String {
        let id = try context.parameters.require("id")
        try MessageValidator.identifier(id, name: "conversation id")
        return id
    }

    private func authenticate(_ request: Request) async throws -> StoreCaller {
        if let bearer = RequestCredentials.bearerToken(in: request.headers), serviceCredentials.isEnabled, serviceCredentials.accepts(bearer) {
            return .service
        }
        return .user(try await requireUser(request))
    }

    private func admitWrite(by user: UserSummary) throws(MessagingError) { try callers.admitWrite(by: user) }

    private func requireUser(_ request: Request) async throws -> UserSummary { try await callers.requireUser(request) }

    private func queryInt(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        guard let number = Int(String(text)), range.contains(number) else {
            throw MessagingError(.validationFailed, "\(name) must be an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }
}
