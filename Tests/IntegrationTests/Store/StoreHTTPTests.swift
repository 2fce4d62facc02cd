import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MessageStore
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceKit
import Testing
import TestSupport

/// The HTTP API against a real database and Redis.
// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct StoreHTTPTests {
    let logger = Logger(label: "test.store-http")

    func withStore(_ database: TestDatabase, _ body: @Sendable (any TestClientProtocol, StoreTestEnvironment) async throws -> Void) async throws {
        let environment = try await StoreTestEnvironment.start(database)
        try await withTeardown({ await environment.shutdown() }) {
            let app = try await buildStoreApplication(configuration: try environment.configuration(), logger: logger)
            try await app.test(.router) { http in try await body(http, environment) }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aNonParticipantLearnsNothingOnAnyRoute(database: TestDatabase) async throws {
        try await withStore(database) { http, _ in
            let conversation = try await http.conversation(People.alice, with: [People.salon])
            for id in [conversation, "no-such-conversation"] {
                let responses = [
                    try await http.call(.get, "/api/conversations/\(id)", as: People.carol),
                    try await http.call(.get, "/api/conversations/\(id)/messages", as: People.carol),
                    try await http.call(.post, "/api/conversations/\(id)/messages", as: People.carol, json: PostMessageRequest(content: "hi")),
                ]
                for response in responses {
                    #expect(response.status == .notFound)
                    #expect(response.error == MessagingError(.notFound, "conversation not found"))
                }
            }
            #expect(try await http.call(.get, "/api/conversations", as: People.carol).json(ConversationListResponse.self).conversations.isEmpty)
            for uri in ["/api/conversations", "/api/conversations/\(conversation)", "/api/conversations/\(conversation)/messages"] {
                #expect(try await http.call(.get, uri).status == .unauthorized)
                #expect(try await http.call(.get, uri, headers: [.authorization: "Bearer forged.token.value"]).status == .unauthorized)
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func pagesBackThroughThousandsOfMessages(database: TestDatabase) async throws {
        try await withStore(database) { http, environment in
            let conversation = try await http.conversation(People.alice, with: [People.salon])
            try await RedisClient.withRunning(url: environment.redis.url, configure: { $0.keyPrefix = StoreTestEnvironment.prefix }) { redis in
                try await CommandClient.with(redis: redis) { commands in
                    var last = ""
                    for index in 1...2500 {
                        last = try await commands.enqueue(.sendMessage(SendMessageRequest(conversationId: conversation, content: "message \(index)")), as: index % 2 == 0 ? People.alice : People.salon)
                    }
                    #expect(try await commands.reply(to: last, timeout: .seconds(120)).decode(MessagingMessage.self).seq == 2500)
                }
            }
            var seqs = [Int]()
            var before: Int?
            var pages = 0
            while true {
                let uri = "/api/conversations/\(conversation)/messages?limit=100" + (before.map { "&before=\($0)" } ?? "")
                let page = try await http.call(.get, uri, as: People.alice).json(MessagePageResponse.self)
                #expect(page.messages.map(\.seq) == page.messages.map(\.seq).sorted(), "oldest first within a page")
                seqs = page.messages.map(\.seq) + seqs
                pages += 1
                guard page.hasMore, let oldest = page.messages.first?.seq else { break }
                before = oldest
            }
            #expect(pages == 25)
            #expect(seqs == Array(1...2500))
            #expect(try await http.call(.get, "/api/conversations/\(conversation)/messages?limit=0", as: People.alice).error?.code == .validationFailed)
            #expect(try await http.call(.get, "/api/conversations/\(conversation)/messages?before=abc", as: People.alice).error?.code == .validationFailed)
            let list = try await http.call(.get, "/api/conversations", as: People.alice).json(ConversationListResponse.self)
            #expect(list.conversations.first?.unreadCount == 1250)
        }
    }

    @Test func postedMessagesAreValidatedAndBroadcastLikeSocketMessages() async throws {
        try await withStore(.sqlite) { http, environment in
            let conversation = try await http.conversation(People.salon, with: [People.alice], subject: "RDV")
            let uri = "/api/conversations/\(conversation)/messages"
            try await RedisClient.withRunning(url: environment.redis.url, configure: { $0.keyPrefix = StoreTestEnvironment.prefix }) { redis in
                try await redis.subscribe(to: [RedisNames.room(conversation)]) { room in
                    var live = room.makeAsyncIterator()
                    let posted = try await http.call(.post, uri, as: People.alice, json: PostMessageRequest(content: "Salut", clientMessageId: "web-1"))
                    #expect(posted.status == .created)
                    let message = try posted.json(MessageResponse.self).message
                    #expect(message.seq == 1 && message.type == .user && message.sender.id == "alice")
                    let broadcast = try BroadcastEnvelope(decoding: Array(try #require(await live.next()).payload.readableBytesView))
                    #expect(broadcast.header.event == "new-message")
                    #expect(try MessagingMessage(json: broadcast.body).id == message.id)
                    // A retry with the same clientMessageId answers the same message.
                    let retry = try await http.call(.post, uri, as: People.alice, json: PostMessageRequest(content: "Salut", clientMessageId: "web-1"))
                    #expect(try retry.json(MessageResponse.self).message.id == message.id)

                    // SYSTEM messages need the service credential.
                    let system = try await http.call(
                        .post, uri, json: PostMessageRequest(content: "Votre rendez-vous est confirmé", type: .system),
                        headers: [.authorization: "Bearer \(StoreTestEnvironment.serviceKey)"])
                    #expect(system.status == .created)
                    let systemMessage = try system.json(MessageResponse.self).message
                    #expect(systemMessage.type == .system && systemMessage.seq == 2 && systemMessage.sender.id == "system")
                    let systemBroadcast = try BroadcastEnvelope(decoding: Array(try #require(await live.next()).payload.readableBytesView))
                    #expect(try MessagingMessage(json: systemBroadcast.body).type == .system)
                }
            }
            #expect(try await http.call(.post, uri, as: People.alice, json: PostMessageRequest(content: "x", type: .system)).status == .forbidden)
            #expect(try await http.call(.post, uri, json: PostMessageRequest(content: "x", type: .system), headers: [.authorization: "Bearer svc_wrong_key_000000000000000000000000"]).status == .unauthorized)
            #expect(try await http.call(.post, uri, json: PostMessageRequest(content: "x"), headers: [.authorization: "Bearer \(StoreTestEnvironment.serviceKey)"]).error?.code == .validationFailed)
            #expect(try await http.call(.post, "/api/conversations/nope/messages", json: PostMessageRequest(content: "x", type: .system), headers: [.authorization: "Bearer \(StoreTestEnvironment.serviceKey)"]).status == .notFound)

            // Content limits, and bodies that are not JSON or not UTF-8, change nothing.
            for content in ["", "   ", String(repeating: "a", count: 10_001)] {
                let refused = try await http.call(.post, uri, as: People.alice, json: PostMessageRequest(content: content))
                #expect(refused.status == .badRequest && refused.error?.code == .validationFailed)
            }
            let token = try await TestTokens.hs256(People.alice)
            let invalidUTF8 = ByteBuffer(bytes: Array(#"{"content":""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}"#.utf8))
            let garbage = try await http.execute(uri: uri, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: invalidUTF8)
            #expect(garbage.status == .badRequest && garbage.error?.code == .validationFailed)
            let notJSON = try await http.execute(uri: uri, method: .post, headers: [.authorization: "Bearer \(token)"], body: ByteBuffer(string: "content=hi"))
            #expect(notJSON.error?.code == .validationFailed)
            let page = try await http.call(.get, uri, as: People.salon).json(MessagePageResponse.self)
            #expect(page.messages.map(\.seq) == [1, 2], "nothing was stored by refused requests")

            // Creating conversations: bad input is refused.
            #expect(try await http.call(.post, "/api/conversations", as: People.alice, json: CreateConversationRequest(participantIds: [])).error?.code == .validationFailed)
            #expect(try await http.call(.post, "/api/conversations", as: People.alice, json: CreateConversationRequest(participantIds: ["alice"])).error?.code == .validationFailed)
            let shown = try await http.call(.get, "/api/conversations/\(conversation)", as: People.alice).json(ConversationResponse.self).conversation
            #expect(shown.subject == "RDV" && Set(shown.participants.map(\.id)) == ["alice", "salon"] && shown.unreadCount == 1)
            #expect(shown.lastMessage?.type == .system)
        }
    }

    /// Another site's page cannot post as the user whose cookie the browser attaches: not from its
    /// origin, and not as a form (which cannot send `application/json`).
    @Test func crossSiteRequestsWithTheCookieChangeNothing() async throws {
        try await withStore(.sqlite) { http, _ in
            let conversation = try await http.conversation(People.alice, with: [People.salon])
            let uri = "/api/conversations/\(conversation)/messages"
            let cookie = "access_token=\(try await TestTokens.hs256(People.alice))"
            let json = ByteBuffer(string: #"{"content":"posted by evil.example"}"#)
            let fromEvil = try await http.execute(
                uri: uri, method: .post,
                headers: [.cookie: cookie, .origin: "http://evil.example", .contentType: "application/json", .contentLength: "\(json.readableBytes)"], body: json)
            #expect(fromEvil.status == .forbidden && fromEvil.error?.code == .forbidden)
            let form = ByteBuffer(string: #"{"content":"posted by a form"}"#)
            let asForm = try await http.execute(
                uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "text/plain", .contentLength: "\(form.readableBytes)"], body: form)
            #expect(asForm.status == .badRequest && asForm.error?.message == "Content-Type must be application/json")
            let noType = try await http.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentLength: "\(form.readableBytes)"], body: form)
            #expect(noType.error?.code == .validationFailed)
            // The frontend's origin (the default CORS_ORIGINS) posts with the cookie.
            let fromFrontend = try await http.execute(
                uri: uri, method: .post,
                headers: [.cookie: cookie, .origin: "http://localhost:3000", .contentType: "application/json; charset=utf-8", .contentLength: "\(json.readableBytes)"],
                body: json)
            #expect(fromFrontend.status == .created)
            let page = try await http.call(.get, uri, as: People.salon).json(MessagePageResponse.self)
            #expect(page.messages.map(\.content) == ["posted by evil.example"], "only the frontend's request was stored")
        }
    }

    /// One user's HTTP writes are bounded (`HTTP_WRITE_RATE`); others and the service key are not held back.
    @Test func aUsersHTTPWritesAreRateLimited() async throws {
        let environment = try await StoreTestEnvironment.start(.sqlite)
        try await withTeardown({ await environment.shutdown() }) {
            let app = try await buildStoreApplication(
                configuration: try environment.configuration(["HTTP_WRITE_RATE": "1", "HTTP_WRITE_BURST": "3"]), logger: logger)
            try await app.test(.router) { http in
                // Five writes at once meet a burst of 3 and a rate of 1/s: 3 pass, 2 are refused, as
                // long as all five arrive within a second (a second later the bucket holds one
                // more). On a machine too busy for that, the attempt proves nothing and is made
                // again by a user whose bucket is full.
                for attempt in 1...3 {
                    let writer = UserSummary(id: "writer-\(attempt)", firstName: "Writer", role: .client)
                    let conversation = try await http.conversation(People.salon, with: [writer])  // the salon's write: the writer's bucket is full
                    let uri = "/api/conversations/\(conversation)/messages"
                    let started = ContinuousClock.now
                    let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, MessagingError?).self) { group in
                        for index in 0..<5 {
                            group.addTask {
                                let answer = try await http.call(.post, uri, as: writer, json: PostMessageRequest(content: "m\(index)"))
                                return (answer.status, answer.error)
                            }
                        }
                        return try await group.reduce(into: [(HTTPResponse.Status, MessagingError?)]()) { $0.append($1) }
                    }
                    let created = answers.filter { $0.0 == .created }.count
                    guard ContinuousClock.now - started < .seconds(1) else {
                        #expect(created >= 3, "the burst admits three at once")
                        if attempt == 3 { Issue.record("three attempts of five writes each took a second or more: the limit was never tested") }
                        continue
                    }
                    #expect(created == 3 && answers.filter { $0.0 == .tooManyRequests }.count == 2)
                    #expect(answers.compactMap(\.1).allSatisfy { $0.code == .rateLimited && $0.message.hasPrefix("too many writes: try again in ") })
                    #expect(try await http.call(.post, uri, as: People.salon, json: PostMessageRequest(content: "moi")).status == .created)
                    let page = try await http.call(.get, uri, as: People.salon).json(MessagePageResponse.self)
                    #expect(page.messages.count == 4 && page.messages.last?.content == "moi", "refused writes stored nothing")
                    return
                }
            }
        }
    }

    /// An export streams every message, in order, page after page, to participants only.
    @Test(arguments: TestDatabase.allCases)
    func aConversationIsExportedWholeAsJSONCSVAndHTML(database: TestDatabase) async throws {
        let environment = try await StoreTestEnvironment.start(database)
        try await withTeardown({ await environment.shutdown() }) {
            let app = try await buildStoreApplication(
                configuration: try environment.configuration(["HTTP_WRITE_RATE": "100000", "HTTP_WRITE_BURST": "100000"]), logger: logger)
            try await app.test(.router) { http in
                let conversation = try await http.conversation(People.alice, with: [People.salon], subject: "Projet dragon")
                let uri = "/api/conversations/\(conversation)/messages"
                let total = 500 * 2 + 7  // three pages of the export (ConversationController.exportPageSize)
                for index in 1...total {
                    let content = index == 1 ? "Café crème, déjà vu" : "message \(index)"
                    #expect(try await http.call(.post, uri, as: index % 2 == 0 ? People.salon : People.alice, json: PostMessageRequest(content: content)).status == .created)
                }
                let token = try await TestTokens.hs256(People.alice)
                let exported = try await http.execute(uri: "/api/conversations/\(conversation)/export?format=json", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(exported.status == .ok)
                #expect(exported.headers[.contentDisposition] == "attachment; filename=\"conversation-\(conversation).json\"")
                #expect(exported.headers[.xContentTypeOptions] == "nosniff")
                let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: exported.body)) as? [String: Any])
                let seqs = (document["messages"] as? [[String: Any]])?.compactMap { $0["seq"] as? Int }
                #expect(seqs == Array(1...total), "every message, once, in order, across pages")

                let csv = try await http.execute(uri: "/api/conversations/\(conversation)/export?format=csv", method: .get, headers: [.authorization: "Bearer \(token)"])
                let csvText = String(buffer: csv.body)
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8" && csvText.hasPrefix("\u{FEFF}seq,"))
                #expect(csvText.contains("Café crème, déjà vu") && csvText.components(separatedBy: "\r\n").count == total + 2)
                let html = try await http.execute(uri: "/api/conversations/\(conversation)/export?format=HTML", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(html.headers[.contentType] == "text/html; charset=utf-8" && String(buffer: html.body).contains("<h1>Projet dragon</h1>"))

                // Not a participant: as if it did not exist; an unknown format: refused.
                let stranger = try await TestTokens.hs256(People.carol)
                #expect(try await http.execute(uri: "/api/conversations/\(conversation)/export", method: .get, headers: [.authorization: "Bearer \(stranger)"]).status == .notFound)
                #expect(try await http.execute(uri: "/api/conversations/\(conversation)/export?format=pdf", method: .get, headers: [.authorization: "Bearer \(token)"]).error?.code == .validationFailed)
            }
        }
    }

    /// PATCH and DELETE of a message over HTTP: the sender only, in its own conversation.
    @Test func messagesAreEditedAndDeletedOverHTTP() async throws {
        try await withStore(.sqlite) { http, _ in
            let conversation = try await http.conversation(People.alice, with: [People.salon])
            let other = try await http.conversation(People.alice, with: [People.carol])
            let posted = try await http.call(.post, "/api/conversations/\(conversation)/messages", as: People.alice, json: PostMessageRequest(content: "Bonjour"))
                .json(MessageResponse.self).message
            let uri = "/api/conversations/\(conversation)/messages/\(posted.id)"
            let edited = try await http.call(.patch, uri, as: People.alice, json: EditMessageBody(content: "Bonjour à vous"))
            #expect(edited.status == .ok)
            let message = try edited.json(MessageResponse.self).message
            #expect(message.content == "Bonjour à vous" && message.editedAt != nil)
            #expect(try await http.call(.patch, uri, as: People.salon, json: EditMessageBody(content: "x")).status == .forbidden)
            #expect(try await http.call(.delete, "/api/conversations/\(other)/messages/\(posted.id)", as: People.alice).status == .notFound, "not this conversation's")
            let deleted = try await http.call(.delete, uri, as: People.alice)
            let tombstone = try deleted.json(MessageDeletedResponse.self)
            #expect(deleted.status == .ok && tombstone.messageId == posted.id)
            let page = try await http.call(.get, "/api/conversations/\(conversation)/messages", as: People.salon).json(MessagePageResponse.self)
            #expect(page.messages.count == 1 && page.messages[0].deletedAt != nil && page.messages[0].content.isEmpty)
        }
    }

    /// A cache that was away asks what changed since its version and gets exactly that: new
    /// messages, edits and tombstones, and the version to ask from next.
    @Test(arguments: TestDatabase.allCases)
    func changesSinceAVersionAreExactlyWhatChanged(database: TestDatabase) async throws {
        let environment = try await StoreTestEnvironment.start(database)
        try await withTeardown({ await environment.shutdown() }) {
            let app = try await buildStoreApplication(
                configuration: try environment.configuration(["HTTP_WRITE_RATE": "100000", "HTTP_WRITE_BURST": "100000"]), logger: logger)
            try await app.test(.router) { http in
                let conversation = try await http.conversation(People.alice, with: [People.salon])
                let base = "/api/conversations/\(conversation)"
                var ids = [String]()
                for index in 1...3 {
                    ids.append(try await http.call(.post, base + "/messages", as: People.alice, json: PostMessageRequest(content: "m\(index)")).json(MessageResponse.self).message.id)
                }
                func changes(since: String?, limit: Int? = nil) async throws -> ConversationChangesResponse {
                    var query = [String]()
                    if let since { query.append("since=\(since)") }
                    if let limit { query.append("limit=\(limit)") }
                    return try await http.call(.get, base + "/changes" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")), as: People.salon)
                        .json(ConversationChangesResponse.self)
                }
                let all = try await changes(since: nil)
                #expect(all.messages.map(\.id) == ids && all.version == "3.0" && !all.hasMore)

                _ = try await http.call(.patch, base + "/messages/\(ids[0])", as: People.alice, json: EditMessageBody(content: "m1 bis"))
                _ = try await http.call(.delete, base + "/messages/\(ids[1])", as: People.alice)
                let edits = try await changes(since: all.version)
                #expect(edits.messages.map(\.id) == [ids[0], ids[1]] && edits.version == "3.2")
                #expect(edits.messages[0].content == "m1 bis" && edits.messages[1].deletedAt != nil && edits.messages[1].content.isEmpty)

                let fourth = try await http.call(.post, base + "/messages", as: People.salon, json: PostMessageRequest(content: "m4")).json(MessageResponse.self).message
                let created = try await changes(since: edits.version)
                #expect(created.messages.map(\.id) == [fourth.id] && created.version == "4.2")
                #expect(try await changes(since: created.version).messages.isEmpty)

                // Paged: at most `limit` of each kind, then the rest from the version given.
                let first = try await changes(since: "0.0", limit: 2)
                #expect(first.hasMore && first.messages.map(\.seq) == [1, 2] && first.version == "2.2")
                let rest = try await changes(since: first.version, limit: 2)
                #expect(!rest.hasMore && rest.messages.map(\.seq) == [3, 4] && rest.version == "4.2")

                // Bad or foreign versions are refused; strangers learn nothing.
                #expect(try await http.call(.get, base + "/changes?since=banana", as: People.salon).error?.code == .validationFailed)
                #expect(try await http.call(.get, base + "/changes?since=9.0", as: People.salon).error?.code == .validationFailed)
                #expect(try await http.call(.get, base + "/changes", as: People.carol).status == .notFound)
            }
        }
    }

    /// Search: the caller's conversations only, case- and accent-insensitive, prefixes, every word;
    /// edits followed, tombstones never found.
    @Test(arguments: TestDatabase.allCases)
    func searchFindsWordsAcrossTheCallersConversationsOnly(database: TestDatabase) async throws {
        let environment = try await StoreTestEnvironment.start(database)
        try await withTeardown({ await environment.shutdown() }) {
            let app = try await buildStoreApplication(
                configuration: try environment.configuration(["HTTP_WRITE_RATE": "100000", "HTTP_WRITE_BURST": "100000"]), logger: logger)
            try await app.test(.router) { http in
                let mine = try await http.conversation(People.alice, with: [People.salon])
                let theirs = try await http.conversation(People.salon, with: [People.carol])
                func post(_ content: String, in conversation: String, as user: UserSummary = People.alice) async throws -> String {
                    try await http.call(.post, "/api/conversations/\(conversation)/messages", as: user, json: PostMessageRequest(content: content))
                        .json(MessageResponse.self).message.id
                }
                let coffee = try await post("Un café crème avant la séance ?", in: mine)
                let tattoos = try await post("Mes Tatouages préférés", in: mine)
                let edited = try await post("Rendez-vous lundi", in: mine)
                let deleted = try await post("Le café est froid", in: mine)
                _ = try await post("Café secret entre nous", in: theirs, as: People.salon)
                _ = try await http.call(.patch, "/api/conversations/\(mine)/messages/\(edited)", as: People.alice, json: EditMessageBody(content: "Rendez-vous mardi"))
                _ = try await http.call(.delete, "/api/conversations/\(mine)/messages/\(deleted)", as: People.alice)

                func search(_ q: String, as user: UserSummary = People.alice, extra: String = "") async throws -> SearchResponse {
                    let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
                    return try await http.call(.get, "/api/messages/search?q=\(encoded)\(extra)", as: user).json(SearchResponse.self)
                }
                let cafe = try await search("cafe")
                #expect(cafe.results.map(\.message.id) == [coffee], "accents ignored; another conversation's and a tombstone never")
                #expect(cafe.results.first?.highlight == "Un <mark>café</mark> crème avant la séance ?")
                #expect(try await search("TATOUAGE").results.map(\.message.id) == [tattoos], "case ignored, a prefix finds the plural")
                #expect(try await search("café crème").results.map(\.message.id) == [coffee])
                #expect(try await search("café glacé").results.isEmpty, "every word is needed")
                #expect(try await search("mardi").results.map(\.message.id) == [edited], "edits followed")
                #expect(try await search("lundi").results.isEmpty, "the old text is gone")
                #expect(try await search("froid").results.isEmpty, "a tombstone is never found")
                #expect(try await search("cafe", as: People.carol).results.count == 1, "carol sees her own conversation's")
                #expect(try await search("cafe", extra: "&conversationId=\(theirs)").results.isEmpty)

                // Paged with the cursor given.
                let more = try await post("Un autre tatouage", in: mine)
                let first = try await search("tatouage", extra: "&limit=1")
                #expect(first.results.count == 1 && first.hasMore && first.next == "1")
                let second = try await search("tatouage", extra: "&limit=1&before=1")
                #expect(second.results.count == 1 && !second.hasMore && second.next == nil)
                #expect(Set(first.results.map(\.message.id) + second.results.map(\.message.id)) == [tattoos, more])
                #expect(try await http.call(.get, "/api/messages/search?q=a", as: People.alice).error?.code == .validationFailed)
            }
        }
    }
}
