import Foundation
import JSONCoding
import MessagingDatabase
import MessagingProtocol
import ServiceKit
import StreamConsumer

/// Applies a batch of commands inside one transaction and says what to publish once it commits.
///
/// Consecutive `send-message` commands are applied together (one membership query, one sequence
/// reservation per conversation, multi-row inserts): that is the group commit. Every authorization
/// check happens here, whatever the gateway checked. A conversation the actor does not take part
/// in is `NOT_FOUND`, exactly as one that does not exist.
struct CommandProcessor: Sendable {
    static let historySize = 50
    /// The most messages a `join-conversation {afterSeq}` answers at once.
    static let catchUpSize = 500
    let eventsMaxLength: Int
    /// How long after sending a message its sender may still edit it.
    var editWindow: Duration = .seconds(15 * 60)
    /// Profiles already committed; remember a result's ``Result/profilesWritten`` once it commits.
    let profiles: ProfileCache
    /// Conversations' participants, which never change once created.
    var participantCache = ParticipantCache()

    struct Result: Sendable {
        var outcomes: [String: CommandOutcome] = [:]
        var outbound: [Outbound] = []
        /// The author profiles this transaction wrote.
        var profilesWritten: [UserSummary] = []
    }

    /// Applies `commands` in `executor`'s transaction (or, for a batch of sends only on PostgreSQL,
    /// straight on the database: see ``CommandExecutor/isAtomicWithoutTransaction(_:on:)``). With
    /// `delivery` `.first` their request ids are not looked up (no store was handed them before); a
    /// request id stored all the same (a command queued twice) then fails the insert on its unique
    /// index, and the caller applies the batch again as `.again`.
    func process(_ commands: [CommandEnvelope], in executor: any SQLExecutor, now: Date = Date(), delivery: StreamDelivery = .again) async throws -> Result {
        let repository = StoreRepository(executor: executor)
        var result = Result()
        var actors = [String: UserSummary]()
        for command in commands where command.actor.id != SystemSender.user.id { actors[command.actor.id] = command.actor }
        result.profilesWritten = profiles.changed(actors.values)
        try await repository.upsertProfiles(result.profilesWritten, now: now)

        var index = 0
        while index < commands.count {
            if case .sendMessage = commands[index].command {
                var end = index
                while end < commands.count, case .sendMessage = commands[end].command { end += 1 }
                try await sendMessages(Array(commands[index..<end]), repository: repository, now: now, delivery: delivery, into: &result)
                index = end
            } else {
                let command = commands[index]
                let outcome: CommandOutcome
                do {
                    outcome = try await apply(command, repository: repository, now: now, delivery: delivery, into: &result)
                } catch let error as MessagingError {
                    outcome = .failure(error)
                }
                record(outcome, for: command, into: &result)
                index += 1
            }
        }
        return result
    }

    /// Whether a command only reads (`join-conversation`, `unread-count`): it needs no transaction
    /// and may run beside the others, on a connection of its own.
    static func isReadOnly(_ command: CommandEnvelope) -> Bool {
        switch command.command {
        case .joinConversation, .unreadCount: true
        case .sendMessage, .markAsRead, .markConversationAsRead, .editMessage, .deleteMessage, .addReaction, .removeReaction: false
        }
    }

    /// Answers read-only commands (``isReadOnly(_:)``): every unread count in one statement, on
    /// PostgreSQL every join for the latest page in two (their participations, then a page per
    /// conversation), the rest (joins after a `seq`) up to `concurrency` at once, each on a
    /// connection of its own where the database has several. A batch of connects and joins costs a
    /// few round trips, not two per socket in a row.
    func processReads(_ commands: [CommandEnvelope], on database: any SQLExecutor, concurrency: Int, now: Date = Date()) async throws -> Result {
        var outcomes = [CommandOutcome?](repeating: nil, count: commands.count)
        let repository = StoreRepository(executor: database)
        let askers = commands.indices.filter { if case .unreadCount = commands[$0].command { true } else { false } }
        if !askers.isEmpty {
            let counts = try await repository.unreadCounts(users: Set(askers.map { commands[$0].actor.id }))
            for index in askers {
                outcomes[index] = .unread(UnreadCountUpdatedPayload(totalUnread: StoreRepository.totalUnread(counts[commands[index].actor.id])))
            }
        }
        if database.dialect == .postgres { try await answerLatestPageJoins(commands, repository: repository, into: &outcomes) }

        let rest = outcomes.indices.filter { outcomes[$0] == nil }
        try await withThrowingTaskGroup(of: (Int, CommandOutcome).self) { group in
            var next = 0
            func start() {
                let index = rest[next]
                next += 1
                group.addTask {
                    var unused = Result()
                    do {
                        return (index, try await apply(commands[index], repository: repository, now: now, delivery: .again, into: &unused))
                    } catch let error as MessagingError {
                        return (index, .failure(error))
                    }
                }
            }
            while next < min(concurrency, rest.count) { start() }
            while let (index, outcome) = try await group.next() {
                outcomes[index] = outcome
                if next < rest.count { start() }
            }
        }
        var result = Result()
        for (command, outcome) in zip(commands, outcomes) { record(outcome!, for: command, into: &result) }
        return result
    }

    /// The joins that ask for the latest page, answered together (PostgreSQL).
    private func answerLatestPageJoins(_ commands: [CommandEnvelope], repository: StoreRepository, into outcomes: inout [CommandOutcome?]) async throws {
        var joins = [(index: Int, conversationID: String, userID: String)]()
        for index in commands.indices {
            guard case .joinConversation(let request) = commands[index].command, request.afterSeq == nil else { continue }
            do {
                try MessageValidator.validate(request)
                joins.append((index, request.conversationId, commands[index].actor.id))
            } catch {
                outcomes[index] = .failure(error)
            }
        }
        guard !joins.isEmpty else { return }
        let members = try await repository.participations(joins.map { ($0.conversationID, $0.userID) })
        let allowed = joins.filter { members.contains(StoreRepository.participationKey($0.conversationID, $0.userID)) }
        let pages = try await repository.latestPages(of: Array(Set(allowed.map(\.conversationID))), limit: Self.historySize)
        for join in joins {
            guard members.contains(StoreRepository.participationKey(join.conversationID, join.userID)), let page = pages[join.conversationID] else {
                outcomes[join.index] = .failure(MessagingError.conversationNotFound)
                continue
            }
            outcomes[join.index] = .history(
                ConversationHistoryPayload(
                    conversationId: join.conversationID, messages: page.messages, hasMore: page.hasMore, lastSeq: page.messages.last?.seq ?? 0))
        }
    }

    private func record(_ outcome: CommandOutcome, for command: CommandEnvelope, into result: inout Result) {
        result.outcomes[command.requestId] = outcome
        if let gateway = command.replyTo {
            let (header, body) = outcome.reply(requestId: command.requestId)
            result.outbound.append(.reply(gateway: gateway, header: header, body: body))
        }
    }

    // MARK: send-message, in groups

    /// The uploads each new message names (by the index of its send): every one must be an upload
    /// of its sender not yet sent nor named twice in the group, else the send is refused. The
    /// others carry no attachments. Rows are locked until the commit (PostgreSQL).
    private func resolveUploads(
        of sends: [SendPlanner.Send], decisions: inout [SendPlanner.Decision], repository: StoreRepository
    ) async throws -> [Int: [UploadRecord]] {
        let named = sends.indices.filter { decisions[$0] == .create && !(sends[$0].request.attachments ?? []).isEmpty }
        guard !named.isEmpty else { return [:] }
        let found = try await repository.uploads(ids: named.flatMap { sends[$0].request.attachments!.map(\.id) }, locking: true)
        var taken = Set<String>()
        var resolved = [Int: [UploadRecord]]()
        for index in named {
            let sender = sends[index].command.actor.id
            var files = [UploadRecord]()
            for reference in sends[index].request.attachments! {
                guard let upload = found[reference.id], upload.uploaderID == sender, upload.messageID == nil, upload.orphanedAt == nil,
                    !taken.contains(upload.id)
                else {
                    decisions[index] = .reject(MessagingError(.validationFailed, "attachment \(reference.id) is not an upload of yours waiting to be sent"))
                    files = []
                    break
                }
                files.append(upload)
            }
            guard !files.isEmpty else { continue }
            for file in files { taken.insert(file.id) }
            resolved[index] = files
        }
        return resolved
    }

    private func sendMessages(
        _ commands: [CommandEnvelope], repository: StoreRepository, now: Date, delivery: StreamDelivery, into result: inout Result
    ) async throws {
        let (sends, rejected) = SendPlanner.validate(commands)
        for (command, error) in rejected { record(.failure(error), for: command, into: &result) }
        guard !sends.isEmpty else { return }

        // What the decisions need: messages already stored for these request ids or clientMessageIds,
        // and the conversations' participants. A first delivery on PostgreSQL looks nothing up: no
        // store was handed these request ids before, and the insert finds retried clientMessageIds.
        let lookUp = delivery == .again || repository.executor.dialect != .postgres
        let (byRequest, byClientID) = lookUp
            ? try await repository.storedMessages(
                requestIDs: delivery == .first ? [] : sends.map(\.command.requestId),
                clientMessageIDs: sends.compactMap { send in
                    send.request.clientMessageId.map { (send.command.actor.id, send.request.conversationId, $0) }
                })
            : ([:], [:])
        let (members, encrypted) = try await participants(of: Set(sends.map(\.request.conversationId)), repository: repository)
        var decisions = SendPlanner.decide(sends, storedByRequest: byRequest, storedByClientID: byClientID, members: members, system: SystemSender.user.id)
        SendPlanner.checkEncryption(sends, decisions: &decisions, encrypted: encrypted, system: SystemSender.user.id)
        let uploads = try await resolveUploads(of: sends, decisions: &decisions, repository: repository)

        var created = [(message: MessagingMessage, requestID: String?)]()
        var redelivered = [(message: MessagingMessage, command: CommandEnvelope)]()
        for (index, (send, decision)) in zip(sends, decisions).enumerated() {
            switch decision {
            case .reject(let error):
                record(.failure(error), for: send.command, into: &result)
            case .redelivered(let stored):
                // Stored by an earlier delivery that may have died before publishing: everything the
                // send produced goes out again (broadcast, domain event, reply). Gateways drop a
                // `seq` a socket already has; the fan-out knows the event id.
                redelivered.append((stored, send.command))
            case .retried(let stored):
                record(.message(stored), for: send.command, into: &result)
            case .create:
                var sender = send.command.actor
                sender.email = nil
                let message = MessagingMessage(
                    id: TimeOrderedUUID.make(), conversationId: send.request.conversationId, seq: 0, content: send.content,
                    senderId: sender.id, type: sender.id == SystemSender.user.id ? .system : .user, isRead: false, createdAt: now,
                    attachments: uploads[index]?.map(\.attachment) ?? [], clientMessageId: send.request.clientMessageId, sender: sender)
                created.append((message, send.command.requestId))
            case .sameAs:
                break  // answered once the first one is stored
            }
        }
        if !redelivered.isEmpty {
            let recipients = Set(redelivered.flatMap { members[$0.message.conversationId] ?? [] })
            let counts = try await repository.unreadCounts(users: recipients)
            for (message, command) in redelivered {
                result.outcomes[command.requestId] = .message(message)
                result.outbound.append(
                    .messageCreated(
                        message, recipients: Self.recipients(of: message, members: members, unread: counts), eventID: command.requestId,
                        occurredAt: message.createdAt, replyTo: command.replyTo))
            }
        }
        // Each gets its seq (handed out in arrival order); the unread counts are every recipient's
        // after the whole group.
        let group = try await repository.storeNew(created, recipients: UnreadEffects.raised(by: created.lazy.map(\.message), members: members), now: now)
        let unread = group.unread
        for index in created.indices { created[index].message.seq = group.seqs[index] ?? 0 }
        // Retries the statement found (their sender stored the clientMessageId before): answered
        // with the stored message, nothing published again.
        var retried = [Int: MessagingMessage]()  // by the index in `created`
        if !group.retried.isEmpty {
            let found = Dictionary(try await repository.messages(ids: Array(Set(group.retried.values))).map { ($0.id, $0) }) { first, _ in first }
            for (index, id) in group.retried {
                guard let message = found[id] else { throw DatabaseError.queryFailed("retried message \(id) vanished") }
                retried[index] = message
            }
        }

        var createdIndex = 0
        var stored = [Int: MessagingMessage]()  // by the index of the send that created it
        var recipientsByKey = [String: [RecipientUnread]]()
        for (index, (send, decision)) in zip(sends, decisions).enumerated() {
            switch decision {
            case .sameAs(let first):
                record(stored[first].map { .message($0) } ?? .failure(MessagingError.conversationNotFound), for: send.command, into: &result)
            case .create:
                defer { createdIndex += 1 }
                if let message = retried[createdIndex] {
                    stored[index] = message
                    record(.message(message), for: send.command, into: &result)
                    continue
                }
                let message = created[createdIndex].message
                stored[index] = message
                if let files = uploads[index] { try await repository.link(uploads: files.map(\.id), to: message.id, in: message.conversationId) }
                // The same for every message of one sender in one conversation (counts after the group).
                let recipientKey = message.conversationId + "\u{0}" + message.senderId
                let recipientCounts: [RecipientUnread]
                if let known = recipientsByKey[recipientKey] {
                    recipientCounts = known
                } else {
                    recipientCounts = Self.recipients(of: message, members: members, unread: unread)
                    recipientsByKey[recipientKey] = recipientCounts
                }
                result.outcomes[send.command.requestId] = .message(message)
                result.outbound.append(
                    .messageCreated(message, recipients: recipientCounts, eventID: send.command.requestId, occurredAt: now, replyTo: send.command.replyTo))
            case .reject, .redelivered, .retried:
                continue
            }
        }
    }

    /// Every participant but the sender, with their unread counts.
    private static func recipients(of message: MessagingMessage, members: [String: Set<String>], unread: [String: [String: Int]]) -> [RecipientUnread] {
        (members[message.conversationId] ?? []).subtracting([message.senderId]).sorted().map { user in
            RecipientUnread(
                userId: user, totalUnread: StoreRepository.totalUnread(unread[user]), conversationUnread: unread[user]?[message.conversationId] ?? 0)
        }
    }

    /// Participants from the cache, the conversations it does not know yet from the database.
    private func participants(
        of conversationIDs: Set<String>, repository: StoreRepository
    ) async throws -> (members: [String: Set<String>], encrypted: Set<String>) {
        var (members, encrypted) = participantCache.participants(of: conversationIDs)
        let missing = conversationIDs.subtracting(members.keys)
        guard !missing.isEmpty else { return (members, encrypted) }
        let read = try await repository.participants(of: missing)
        participantCache.remember(read.members, encrypted: read.encrypted)
        members.merge(read.members) { $1 }
        encrypted.formUnion(read.encrypted)
        return (members, encrypted)
    }

    // MARK: the other commands

    private func apply(
        _ command: CommandEnvelope, repository: StoreRepository, now: Date, delivery: StreamDelivery, into result: inout Result
    ) async throws -> CommandOutcome {
        let actor = command.actor.id
        switch command.command {
        case .sendMessage:
            return .failure(MessagingError(.internal))  // handled in groups above
        case .unreadCount:
            let total = StoreRepository.totalUnread(try await repository.unreadCounts(users: [actor])[actor])
            return .unread(UnreadCountUpdatedPayload(totalUnread: total))
        case .joinConversation(let request):
            try MessageValidator.validate(request)
            guard try await repository.isParticipant(actor, in: request.conversationId) else { return .failure(MessagingError.conversationNotFound) }
            // `lastSeq`: up to where the history is complete. The latest page holds every message up to
            // its last; after `afterSeq` with nothing new, the conversation's last `seq` read first.
            if let afterSeq = request.afterSeq {
                let known = try await repository.lastSeq(of: request.conversationId)
                let page = try await repository.page(conversationID: request.conversationId, afterSeq: afterSeq, limit: Self.catchUpSize)
                return .history(
                    ConversationHistoryPayload(
                        conversationId: request.conversationId, messages: page.messages, hasMore: page.hasMore,
                        lastSeq: page.messages.last?.seq ?? min(known, afterSeq)))
            }
            let page = try await repository.page(conversationID: request.conversationId, beforeSeq: nil, limit: Self.historySize)
            return .history(
                ConversationHistoryPayload(
                    conversationId: request.conversationId, messages: page.messages, hasMore: page.hasMore, lastSeq: page.messages.last?.seq ?? 0))
        case .markAsRead(let request):
            try MessageValidator.identifier(request.messageId, name: "messageId")
            guard let message = try await visibleMessage(request.messageId, to: actor, repository: repository) else {
                return .failure(MessagingError(.notFound, "message not found"))
            }
            guard message.senderId != actor else { return .failure(MessagingError(.forbidden, "you cannot mark your own message as read")) }
            if let readAt = message.readAt {
                let payload = MessageReadPayload(messageId: message.id, conversationId: message.conversationId, readAt: readAt, readerId: actor)
                // Read already: perhaps by this very command, delivered before to a store that died
                // before publishing. A redelivery announces it again (receivers are idempotent).
                if delivery == .again {
                    try await announceRead(
                        [message.id], payload: payload, conversationID: message.conversationId, command: command, repository: repository, now: now,
                        into: &result)
                }
                return .read(payload)
            }
            try await repository.markRead(messageID: message.id, at: now)
            try await repository.removeUnread(1, conversationID: message.conversationId, readerID: actor)
            let payload = MessageReadPayload(messageId: message.id, conversationId: message.conversationId, readAt: now, readerId: actor)
            try await announceRead([message.id], payload: payload, conversationID: message.conversationId, command: command, repository: repository, now: now, into: &result)
            return .read(payload)
        case .editMessage(let request):
            return try await editMessage(request, command: command, repository: repository, now: now, into: &result)
        case .deleteMessage(let request):
            return try await deleteMessage(request, command: command, repository: repository, now: now, into: &result)
        case .addReaction(let request):
            return try await react(request, adding: true, command: command, repository: repository, now: now, into: &result)
        case .removeReaction(let request):
            return try await react(request, adding: false, command: command, repository: repository, now: now, into: &result)
        case .markConversationAsRead(let reference):
            try MessageValidator.identifier(reference.conversationId, name: "conversationId")
            guard try await repository.isParticipant(actor, in: reference.conversationId) else { return .failure(MessagingError.conversationNotFound) }
            // Read at the moment the reader asked (the command's, to the millisecond): a redelivered
            // command finds the messages it marked by that moment and announces them again.
            let readAt = Date(timeIntervalSince1970: Double(command.issuedAt.milliseconds) / 1000)
            var ids = try await repository.markConversationRead(reference.conversationId, reader: actor, at: readAt)
            if ids.isEmpty, delivery == .again {
                ids = try await repository.messagesRead(in: reference.conversationId, reader: actor, at: readAt)
            }
            try await repository.removeUnread(nil, conversationID: reference.conversationId, readerID: actor)
            let total = StoreRepository.totalUnread(try await repository.unreadCounts(users: [actor])[actor])
            if !ids.isEmpty {
                let template = MessageReadPayload(messageId: "", conversationId: reference.conversationId, readAt: readAt, readerId: actor)
                try await announceRead(ids, payload: template, conversationID: reference.conversationId, command: command, repository: repository, now: readAt, into: &result)
            }
            return .conversationRead(ConversationReadResult(conversationId: reference.conversationId, messageIds: ids, readAt: readAt, totalUnread: total))
        }
    }

    /// A message in a conversation the actor is in (without its reactions); `nil` otherwise, as if it
    /// did not exist.
    private func visibleMessage(_ messageID: String, to actor: String, repository: StoreRepository) async throws -> MessagingMessage? {
        guard let message = try await repository.message(id: messageID), try await repository.isParticipant(actor, in: message.conversationId) else {
            return nil
        }
        return message
    }

    // MARK: edit-message, delete-message

    /// A message the actor may change: theirs, not SYSTEM, in a conversation they are in.
    private func changeable(_ messageID: String, by actor: String, repository: StoreRepository) async throws -> Swift.Result<MessagingMessage, MessagingError> {
        guard let message = try await visibleMessage(messageID, to: actor, repository: repository) else {
            return .failure(MessagingError(.notFound, "message not found"))
        }
        guard message.type != .system else { return .failure(MessagingError(.forbidden, "SYSTEM messages cannot be edited or deleted")) }
        guard message.senderId == actor else { return .failure(MessagingError(.forbidden, "only its sender may edit or delete a message")) }
        return .success(message)
    }

    /// The new text, within the window; `message-updated` to the room. The same text again (a retry)
    /// changes nothing and is announced again (receivers replace the message: idempotent).
    private func editMessage(
        _ request: EditMessageRequest, command: CommandEnvelope, repository: StoreRepository, now: Date, into result: inout Result
    ) async throws -> CommandOutcome {
        let content: String
        do { content = try MessageValidator.validate(request) } catch { return .failure(error) }
        var message: MessagingMessage
        switch try await changeable(request.messageId, by: command.actor.id, repository: repository) {
        case .failure(let error): return .failure(error)
        case .success(let found): message = found
        }
        guard message.deletedAt == nil else { return .failure(MessagingError(.forbidden, "a deleted message cannot be edited")) }
        let encrypted = try await participants(of: [message.conversationId], repository: repository).encrypted.contains(message.conversationId)
        do {
            try SendPlanner.checkContent(content, attachments: [], encrypted: encrypted && message.type != .system)
        } catch {
            return .failure(error)
        }
        // The room gets the whole message, reactions included.
        message.reactions = try await repository.reactions(of: [message.id])[message.id] ?? []
        if message.content != content {
            let window = Double(editWindow.components.seconds)
            guard now.timeIntervalSince(message.createdAt) <= window else {
                return .failure(MessagingError(.forbidden, "a message can be edited for \(Int(window / 60)) minutes after it was sent"))
            }
            let editedAt = Date(timeIntervalSince1970: Double(now.milliseconds) / 1000)
            try await repository.edit(messageID: message.id, conversationID: message.conversationId, content: content, at: editedAt)
            message.content = content
            message.editedAt = editedAt
        }
        result.outbound.append(.broadcast(channel: RedisNames.room(message.conversationId), event: .messageUpdated, body: message.encodedJSON, after: message.seq))
        return .message(message)
    }

    /// The message becomes a tombstone (no content, no attachments) that stays in history;
    /// `message-deleted` to the room; an unread message no longer counts for those who had not read
    /// it. Deleting a tombstone (a retry) announces it again.
    private func deleteMessage(
        _ request: DeleteMessageRequest, command: CommandEnvelope, repository: StoreRepository, now: Date, into result: inout Result
    ) async throws -> CommandOutcome {
        do { try MessageValidator.identifier(request.messageId, name: "messageId") } catch { return .failure(error) }
        let message: MessagingMessage
        switch try await changeable(request.messageId, by: command.actor.id, repository: repository) {
        case .failure(let error): return .failure(error)
        case .success(let found): message = found
        }
        let conversationID = message.conversationId
        var recipients = [RecipientUnread]()
        let deletedAt: Date
        if let already = message.deletedAt {
            deletedAt = already
        } else {
            deletedAt = Date(timeIntervalSince1970: Double(now.milliseconds) / 1000)
            try await repository.delete(messageID: message.id, conversationID: conversationID, at: deletedAt)
            if message.readAt == nil {
                let lowered = try await repository.discountUnread(in: conversationID, sentBy: message.senderId)
                if !lowered.isEmpty {
                    let counts = try await repository.unreadCounts(users: Set(lowered))
                    recipients = lowered.sorted().map { user in
                        RecipientUnread(userId: user, totalUnread: StoreRepository.totalUnread(counts[user]), conversationUnread: counts[user]?[conversationID] ?? 0)
                    }
                }
            }
        }
        let payload = MessageDeletedPayload(conversationId: conversationID, messageId: message.id, deletedAt: deletedAt)
        result.outbound.append(.broadcast(channel: RedisNames.room(conversationID), event: .messageDeleted, body: payload.jsonString, after: message.seq))
        if !recipients.isEmpty {
            result.outbound.append(
                .event(DomainEventEnvelope(
                    eventId: command.requestId, occurredAt: now,
                    event: .messageDeleted(conversationId: conversationID, messageId: message.id, deletedAt: deletedAt, recipients: recipients))))
        }
        return .deleted(payload)
    }

    // MARK: add-reaction, remove-reaction

    /// A participant's reaction added or removed (once per user and emoji, at most
    /// ``StoreRepository/maximumEmojiPerMessage`` emoji per message, never on a tombstone);
    /// `reactions-updated` with the message's reactions to the room. Repeating it changes nothing
    /// and announces the same reactions again.
    private func react(
        _ request: ReactionRequest, adding: Bool, command: CommandEnvelope, repository: StoreRepository, now: Date, into result: inout Result
    ) async throws -> CommandOutcome {
        do { try MessageValidator.validate(request) } catch { return .failure(error) }
        let actor = command.actor.id
        guard let message = try await visibleMessage(request.messageId, to: actor, repository: repository) else {
            return .failure(MessagingError(.notFound, "message not found"))
        }
        if adding {
            guard message.deletedAt == nil else { return .failure(MessagingError(.forbidden, "a deleted message takes no reactions")) }
            let present = try await repository.emojiKinds(of: message.id, including: request.emoji)
            guard present.has || present.kinds < StoreRepository.maximumEmojiPerMessage else {
                return .failure(MessagingError(.validationFailed, "a message takes at most \(StoreRepository.maximumEmojiPerMessage) different emoji"))
            }
            _ = try await repository.addReaction(messageID: message.id, conversationID: message.conversationId, userID: actor, emoji: request.emoji, at: now)
        } else {
            _ = try await repository.removeReaction(messageID: message.id, conversationID: message.conversationId, userID: actor, emoji: request.emoji)
        }
        let reactions = try await repository.reactions(of: [message.id])[message.id] ?? []
        let payload = ReactionsUpdatedPayload(conversationId: message.conversationId, messageId: message.id, reactions: reactions)
        result.outbound.append(.broadcast(channel: RedisNames.room(message.conversationId), event: .reactionsUpdated, body: payload.jsonString, after: message.seq))
        return .reactions(payload)
    }

    /// `message-read` to the room for each message, and a `messages-read` domain event with the reader's counts.
    private func announceRead(
        _ ids: [String], payload: MessageReadPayload, conversationID: String, command: CommandEnvelope, repository: StoreRepository, now: Date,
        into result: inout Result
    ) async throws {
        for id in ids {
            var read = payload
            read.messageId = id
            result.outbound.append(.broadcast(channel: RedisNames.room(conversationID), event: .messageRead, body: read.jsonString))
        }
        let counts = try await repository.unreadCounts(users: [command.actor.id])[command.actor.id] ?? [:]
        let reader = RecipientUnread(userId: command.actor.id, totalUnread: StoreRepository.totalUnread(counts), conversationUnread: counts[conversationID] ?? 0)
        result.outbound.append(
            .event(DomainEventEnvelope(
                eventId: command.requestId, occurredAt: now,
                event: .messagesRead(conversationId: conversationID, readerId: command.actor.id, messageIds: ids, readAt: now, reader: reader))))
    }
}
