import Foundation
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

/// The commands stream end to end: a real Redis, a real database, the store's consumer running.
// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct StoreCommandTests {
    let logger = Logger(label: "test.store")

    func withStore(
        _ database: TestDatabase, _ extra: [String: String] = [:],
        _ body: @Sendable (any TestClientProtocol, RedisClient, CommandClient, StoreTestEnvironment) async throws -> Void
    ) async throws {
        let environment = try await StoreTestEnvironment.start(database)
        try await withTeardown({ await environment.shutdown() }) {
            let app = try await buildStoreApplication(configuration: try environment.configuration(extra), logger: logger)
            try await app.test(.router) { http in
                try await RedisClient.withRunning(url: environment.redis.url, configure: { $0.keyPrefix = StoreTestEnvironment.prefix }) { redis in
                    try await CommandClient.with(redis: redis) { commands in
                        try await body(http, redis, commands, environment)
                    }
                }
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func sendJoinAndReadWithEveryCheck(database: TestDatabase) async throws {
        try await withStore(database) { http, redis, commands, _ in
            let conversation = try await http.conversation(People.alice, with: [People.salon], subject: "Devis")
            try await redis.subscribe(to: [RedisNames.room(conversation)]) { room in
                var live = room.makeAsyncIterator()

                // send-message: stored, broadcast to the room, answered to the sender's gateway.
                let sent = try await commands.send(
                    .sendMessage(SendMessageRequest(conversationId: conversation, content: "  Bonjour!  ", clientMessageId: "c-1")), as: People.alice)
                #expect(sent.header.error == nil)
                let message = try sent.decode(MessagingMessage.self)
                #expect(message.seq == 1 && message.content == "Bonjour!" && message.type == .user && !message.isRead)
                #expect(message.sender.firstName == "Alice" && message.sender.email == nil)
                let broadcast = try BroadcastEnvelope(decoding: Array(try #require(await live.next()).payload.readableBytesView))
                #expect(broadcast.header.event == "new-message")
                #expect(try MessagingMessage(json: broadcast.body) == message)

                // The same clientMessageId again stores nothing new and answers with the first message.
                let again = try await commands.send(
                    .sendMessage(SendMessageRequest(conversationId: conversation, content: "Bonjour!", clientMessageId: "c-1")), as: People.alice)
                #expect(try again.decode(MessagingMessage.self).id == message.id)

                // join-conversation: the history, oldest first.
                let joined = try await commands.send(.joinConversation(JoinConversationRequest(conversationId: conversation)), as: People.salon)
                let history = try joined.decode(ConversationHistoryPayload.self)
                #expect(history.messages.map(\.id) == [message.id] && !history.hasMore)

                // mark-as-read: the recipient only, once.
                let own = try await commands.send(.markAsRead(MarkAsReadRequest(messageId: message.id)), as: People.alice)
                #expect(own.header.error?.code == .forbidden)
                let read = try await commands.send(.markAsRead(MarkAsReadRequest(messageId: message.id)), as: People.salon)
                let receipt = try read.decode(MessageReadPayload.self)
                #expect(receipt.messageId == message.id && receipt.readerId == "salon")
                let readBroadcast = try BroadcastEnvelope(decoding: Array(try #require(await live.next()).payload.readableBytesView))
                #expect(readBroadcast.header.event == "message-read")
                let twice = try await commands.send(.markAsRead(MarkAsReadRequest(messageId: message.id)), as: People.salon)
                #expect(try twice.decode(MessageReadPayload.self).readAt == receipt.readAt, "read once: the first time stays")

                // A third user learns nothing: the same answer as for a conversation that does not exist.
                let notFound = MessagingError(.notFound, "conversation not found")
                for command: StoreCommand in [
                    .joinConversation(JoinConversationRequest(conversationId: conversation)),
                    .sendMessage(SendMessageRequest(conversationId: conversation, content: "hi")),
                    .markConversationAsRead(ConversationRef(conversationId: conversation)),
                ] {
                    #expect(try await commands.send(command, as: People.carol).header.error == notFound)
                }
                #expect(try await commands.send(.joinConversation(JoinConversationRequest(conversationId: "no-such-conversation")), as: People.carol).header.error == notFound)
                #expect(try await commands.send(.markAsRead(MarkAsReadRequest(messageId: message.id)), as: People.carol).header.error?.code == .notFound)

                // Validation.
                for content in ["", "   \n ", String(repeating: "x", count: 10_001), "nul\u{0}byte"] {
                    let refused = try await commands.send(.sendMessage(SendMessageRequest(conversationId: conversation, content: content)), as: People.alice)
                    #expect(refused.header.error?.code == .validationFailed, "\(content.prefix(10))")
                }
                let longest = try await commands.send(
                    .sendMessage(SendMessageRequest(conversationId: conversation, content: String(repeating: "é", count: 10_000))), as: People.alice)
                #expect(try longest.decode(MessagingMessage.self).seq == 2)
                // An attachment must be an upload of the sender: a link to elsewhere is refused.
                let linked = try await commands.send(
                    .sendMessage(SendMessageRequest(conversationId: conversation, content: " ", attachments: [Attachment(id: "a", url: "https://cdn.example.com/a.png", fileName: "a.png", fileSize: 10)])),
                    as: People.alice)
                #expect(linked.header.error == MessagingError(.validationFailed, "attachment a is not an upload of yours waiting to be sent"))
            }
            // The domain events the fan-out needs, with the recipients' unread counts.
            let entries = try await redis.send(RedisCommand("XRANGE", "t:events", "-", "+")).array ?? []
            let events = entries.compactMap { try? DomainEventEnvelope(streamFields: streamFields($0)) }.map(\.event)
            guard case .messageCreated(_, let recipients) = events.first else { Issue.record("expected message-created"); return }
            #expect(recipients == [RecipientUnread(userId: "salon", totalUnread: 1, conversationUnread: 1)])
            #expect(events.contains {
                if case .messagesRead(_, "salon", _, _, let reader) = $0 { reader.totalUnread == 0 } else { false }
            })
            // The same clientMessageId in another conversation is a new message there, not a retry of c-1.
            let other = try await http.conversation(People.alice, with: [People.salon], subject: "Autre")
            let elsewhere = try await commands.send(
                .sendMessage(SendMessageRequest(conversationId: other, content: "Ailleurs", clientMessageId: "c-1")), as: People.alice)
            let stored = try elsewhere.decode(MessagingMessage.self)
            #expect(stored.conversationId == other && stored.seq == 1 && stored.content == "Ailleurs")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func unreadCountsFollowSendsAndReadMarks(database: TestDatabase) async throws {
        try await withStore(database) { http, redis, commands, _ in
            // Every count a commit changed goes out on `unread`, one message per published batch.
            try await redis.subscribe(to: [RedisNames.unreadCounts]) { published in
                var live = published.makeAsyncIterator()
                let first = try await http.conversation(People.alice, with: [People.salon])
                let second = try await http.conversation(People.salon, with: [People.alice])
                for index in 0..<3 {
                    _ = try await commands.send(.sendMessage(SendMessageRequest(conversationId: first, content: "m\(index)")), as: People.alice)
                }
                _ = try await commands.send(.sendMessage(SendMessageRequest(conversationId: second, content: "hello")), as: People.alice)
                let fromSalon = try await commands.send(.sendMessage(SendMessageRequest(conversationId: second, content: "back")), as: People.salon)

                // Each message-created event carries the recipient's counts after it, on top of earlier ones
                // (once per event id: a batch a slow test machine let go idle is claimed and published again).
                let entries = try await redis.send(RedisCommand("XRANGE", "t:events", "-", "+")).array ?? []
                var seen = Set<String>()
                let envelopes = entries.compactMap { try? DomainEventEnvelope(streamFields: streamFields($0)) }.filter { seen.insert($0.eventId).inserted }
                let created = envelopes.compactMap { event in
                    if case .messageCreated(_, let recipients) = event.event { recipients } else { nil }
                }
                #expect(created == [
                    [RecipientUnread(userId: "salon", totalUnread: 1, conversationUnread: 1)],
                    [RecipientUnread(userId: "salon", totalUnread: 2, conversationUnread: 2)],
                    [RecipientUnread(userId: "salon", totalUnread: 3, conversationUnread: 3)],
                    [RecipientUnread(userId: "salon", totalUnread: 4, conversationUnread: 1)],
                    [RecipientUnread(userId: "alice", totalUnread: 1, conversationUnread: 1)],
                ])

                func unread(_ user: UserSummary) async throws -> [String: Int] {
                    let list = try await http.call(.get, "/api/conversations", as: user).json(ConversationListResponse.self).conversations
                    return Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0.unreadCount) })
                }
                #expect(try await unread(People.salon) == [first: 3, second: 1])
                #expect(try await unread(People.alice) == [first: 0, second: 1])
                let list = try await http.call(.get, "/api/conversations", as: People.salon).json(ConversationListResponse.self).conversations
                #expect(list.map(\.id) == [second, first], "newest activity first")
                #expect(list.first?.lastMessage?.content == "back")

                _ = try await commands.send(.markAsRead(MarkAsReadRequest(messageId: try fromSalon.decode(MessagingMessage.self).id)), as: People.alice)
                #expect(try await unread(People.alice) == [first: 0, second: 0])
                let cleared = try await commands.send(.markConversationAsRead(ConversationRef(conversationId: first)), as: People.salon)
                let result = try cleared.decode(ConversationReadResult.self)
                #expect(result.messageIds.count == 3 && result.totalUnread == 1)
                #expect(try await unread(People.salon) == [first: 0, second: 1])

                // The live counts, in commit order: each recipient's after each send, each reader's after a read.
                func count(_ user: String, _ total: Int, _ conversation: String, _ inConversation: Int) -> UserUnreadCount {
                    UserUnreadCount(userId: user, payload: UnreadCountUpdatedPayload(totalUnread: total, conversationId: conversation, conversationUnread: inConversation))
                }
                let expected = [
                    count("salon", 1, first, 1), count("salon", 2, first, 2), count("salon", 3, first, 3), count("salon", 4, second, 1),
                    count("alice", 1, second, 1), count("alice", 0, second, 0), count("salon", 1, first, 0),
                ]
                // A batch a slow machine let go idle is claimed and published again, with the counts
                // as they are then: extra entries, never a missing or reordered one. So the expected
                // counts come in this order, whatever comes between them.
                var matched = 0
                var published = [UserUnreadCount]()
                while matched < expected.count {
                    let envelope = try BroadcastEnvelope(decoding: Array(try #require(await live.next()).payload.readableBytesView))
                    #expect(envelope.header.event == "unread-count-updated")
                    for count in try [UserUnreadCount](json: envelope.body) {
                        published.append(count)
                        if matched < expected.count, count == expected[matched] { matched += 1 }
                    }
                }
                #expect(published.count <= 2 * expected.count, "nothing but the commits' counts and an occasional repeat: \(published)")
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func seqHasNoGapsOrDuplicatesWithConcurrentSendersAndTwoStores(database: TestDatabase) async throws {
        let environment = try await StoreTestEnvironment.start(database)
        try await withTeardown({ await environment.shutdown() }) {
            let first = try await buildStoreApplication(configuration: try environment.configuration(["INSTANCE_ID": "store-a", "COMMAND_BATCH_SIZE": "16"]), logger: logger)
            let second = try await buildStoreApplication(configuration: try environment.configuration(["INSTANCE_ID": "store-b", "COMMAND_BATCH_SIZE": "16"]), logger: logger)
            try await first.test(.router) { http in
                try await second.test(.router) { _ in
                    try await RedisClient.withRunning(url: environment.redis.url, configure: { $0.keyPrefix = StoreTestEnvironment.prefix }) { redis in
                        try await CommandClient.with(redis: redis) { commands in
                            let conversation = try await http.conversation(People.alice, with: [People.salon])
                            let seqs = try await withThrowingTaskGroup(of: [Int].self) { group in
                                for sender in [People.alice, People.salon, People.alice, People.salon] {
                                    group.addTask {
                                        var ids = [String]()
                                        for index in 0..<50 {
                                            ids.append(try await commands.enqueue(.sendMessage(SendMessageRequest(conversationId: conversation, content: "\(sender.id) \(index)")), as: sender))
                                        }
                                        var seqs = [Int]()
                                        for id in ids { seqs.append(try await commands.reply(to: id).decode(MessagingMessage.self).seq) }
                                        return seqs
                                    }
                                }
                                return try await group.reduce(into: [Int]()) { $0 += $1 }
                            }
                            #expect(seqs.sorted() == Array(1...200))
                            // Both stores took part.
                            let consumers = try await redis.send(RedisCommand("XINFO", "CONSUMERS", "t:commands", "store")).array ?? []
                            #expect(consumers.count == 2)
                            let page = try await http.call(.get, "/api/conversations/\(conversation)/messages?limit=100", as: People.salon).json(MessagePageResponse.self)
                            #expect(page.messages.map(\.seq) == Array(101...200) && page.hasMore)
                        }
                    }
                }
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aCommandQueuedTwiceIsStoredOnceAndAnsweredWithItsFirstMessage(database: TestDatabase) async throws {
        try await withStore(database) { http, redis, commands, _ in
            let conversation = try await http.conversation(People.alice, with: [People.salon])
            let send = StoreCommand.sendMessage(SendMessageRequest(conversationId: conversation, content: "une fois"))
            // Queued again once the first committed: a new entry (read as never delivered) whose request id is stored.
            let requestId = try await commands.enqueue(send, as: People.alice)
            let first = try await commands.reply(to: requestId).decode(MessagingMessage.self)
            try await commands.enqueue(send, as: People.alice, requestId: requestId)
            #expect(try await commands.reply(to: requestId).decode(MessagingMessage.self).id == first.id)
            // Everything the send produced went out again, its domain event too (the first delivery may
            // have died between commit and publish): same event id, same message, the recipient's count.
            let entries = try await redis.send(RedisCommand("XRANGE", "t:events", "-", "+")).array ?? []
            let created = entries.compactMap { try? DomainEventEnvelope(streamFields: streamFields($0)) }.filter { $0.eventId == requestId }
            #expect(created.count == 2)
            for envelope in created {
                guard case .messageCreated(let message, let recipients) = envelope.event else { Issue.record("expected message-created"); continue }
                #expect(message.id == first.id && recipients.map(\.userId) == [People.salon.id] && recipients.first?.conversationUnread == 1)
            }
            // Twice in a row, around another sender's message, which is stored as usual.
            let twin = UUID().uuidString
            try await commands.enqueue(send, as: People.alice, requestId: twin)
            let other = try await commands.enqueue(.sendMessage(SendMessageRequest(conversationId: conversation, content: "autre")), as: People.salon)
            try await commands.enqueue(send, as: People.alice, requestId: twin)
            let twinMessage = try await commands.reply(to: twin).decode(MessagingMessage.self)
            let otherMessage = try await commands.reply(to: other).decode(MessagingMessage.self)
            let page = try await http.call(.get, "/api/conversations/\(conversation)/messages?limit=10", as: People.salon).json(MessagePageResponse.self)
            #expect(page.messages.map(\.id) == [first.id, twinMessage.id, otherMessage.id] || page.messages.map(\.id) == [first.id, otherMessage.id, twinMessage.id])
            #expect(page.messages.map(\.seq) == [1, 2, 3])
        }
    }

    /// Edit and delete: the sender only, SYSTEM never, edits within the window; the room hears of
    /// each; a deleted message stays a tombstone in history; an unread one stops counting.
    @Test(arguments: TestDatabase.allCases)
    func editAndDeleteFollowTheRules(database: TestDatabase) async throws {
        try await withStore(database, ["EDIT_WINDOW_MS": "60000"]) { http, redis, commands, _ in
            let conversation = try await http.conversation(People.alice, with: [People.salon], subject: "Devis")
            try await redis.subscribe(to: [RedisNames.room(conversation)]) { room in
                var live = room.makeAsyncIterator()
                func next() async throws -> BroadcastEnvelope { try BroadcastEnvelope(decoding: Array(try #require(await live.next()).payload.readableBytesView)) }
                let first = try await commands.send(.sendMessage(SendMessageRequest(conversationId: conversation, content: "Bonjour")), as: People.alice)
                    .decode(MessagingMessage.self)
                let second = try await commands.send(.sendMessage(SendMessageRequest(conversationId: conversation, content: "RDV mardi ?")), as: People.alice)
                    .decode(MessagingMessage.self)
                _ = try await next()
                _ = try await next()

                // Only the sender edits; the room gets the edited message.
                let refused = try await commands.send(.editMessage(EditMessageRequest(messageId: first.id, content: "pirate")), as: People.salon)
                #expect(refused.header.error?.code == .forbidden)
                let edited = try await commands.send(.editMessage(EditMessageRequest(messageId: first.id, content: "  Bonjour Ink Lab  ")), as: People.alice)
                    .decode(MessagingMessage.self)
                #expect(edited.content == "Bonjour Ink Lab" && edited.editedAt != nil && edited.seq == first.seq)
                let update = try await next()
                let updated = try MessagingMessage(json: update.body)
                #expect(update.header.event == "message-updated" && updated == edited)
                // A retry with the same text changes nothing (editedAt stays) and is announced again.
                let again = try await commands.send(.editMessage(EditMessageRequest(messageId: first.id, content: "Bonjour Ink Lab")), as: People.alice)
                #expect(try again.decode(MessagingMessage.self).editedAt == edited.editedAt)
                _ = try await next()
                let empty = try await commands.send(.editMessage(EditMessageRequest(messageId: first.id, content: "   ")), as: People.alice)
                #expect(empty.header.error?.code == .validationFailed)

                // salon has two unread; deleting one of them lowers it to one.
                #expect(try await commands.send(.unreadCount, as: People.salon).decode(UnreadCountUpdatedPayload.self).totalUnread == 2)
                #expect(try await commands.send(.deleteMessage(DeleteMessageRequest(messageId: second.id)), as: People.salon).header.error?.code == .forbidden)
                let deleted = try await commands.send(.deleteMessage(DeleteMessageRequest(messageId: second.id)), as: People.alice).decode(MessageDeletedPayload.self)
                #expect(deleted.messageId == second.id && deleted.conversationId == conversation)
                let tombstoneEvent = try await next()
                let announced = try MessageDeletedPayload(json: tombstoneEvent.body)
                #expect(tombstoneEvent.header.event == "message-deleted" && announced == deleted)
                #expect(try await commands.send(.unreadCount, as: People.salon).decode(UnreadCountUpdatedPayload.self).totalUnread == 1)
                // Again: the same answer, no second discount; a tombstone cannot be edited.
                let twice = try await commands.send(.deleteMessage(DeleteMessageRequest(messageId: second.id)), as: People.alice).decode(MessageDeletedPayload.self)
                #expect(twice == deleted)
                _ = try await next()
                #expect(try await commands.send(.unreadCount, as: People.salon).decode(UnreadCountUpdatedPayload.self).totalUnread == 1)
                #expect(try await commands.send(.editMessage(EditMessageRequest(messageId: second.id, content: "x")), as: People.alice).header.error?.code == .forbidden)

                // History keeps the tombstone in its place, without content or attachments.
                let history = try await commands.send(.joinConversation(JoinConversationRequest(conversationId: conversation)), as: People.salon)
                    .decode(ConversationHistoryPayload.self)
                #expect(history.messages.map(\.seq) == [1, 2])
                #expect(history.messages[1].deletedAt == deleted.deletedAt && history.messages[1].content.isEmpty && history.messages[1].attachments.isEmpty)
                #expect(history.messages[0].content == "Bonjour Ink Lab" && history.messages[0].editedAt == edited.editedAt)

                // A stranger learns nothing; an unknown message is not found.
                #expect(try await commands.send(.deleteMessage(DeleteMessageRequest(messageId: first.id)), as: People.carol).header.error?.code == .notFound)
                #expect(try await commands.send(.editMessage(EditMessageRequest(messageId: "nope", content: "x")), as: People.alice).header.error?.code == .notFound)
            }
            // The fan-out hears which counts a delete lowered.
            let entries = try await redis.send(RedisCommand("XRANGE", "t:events", "-", "+")).array ?? []
            let events = entries.compactMap { try? DomainEventEnvelope(streamFields: streamFields($0)) }.map(\.event)
            #expect(events.contains {
                if case .messageDeleted(_, _, _, let recipients) = $0 { recipients == [RecipientUnread(userId: "salon", totalUnread: 1, conversationUnread: 1)] } else { false }
            })
        }
    }

    /// The edit window closes: past it, the sender may still delete but no longer edit.
    @Test func pastTheWindowAMessageCanOnlyBeDeleted() async throws {
        try await withStore(.sqlite, ["EDIT_WINDOW_MS": "1000"]) { http, _, commands, _ in
            let conversation = try await http.conversation(People.alice, with: [People.salon])
            let message = try await commands.send(.sendMessage(SendMessageRequest(conversationId: conversation, content: "Bonjour")), as: People.alice)
                .decode(MessagingMessage.self)
            try await Task.sleep(for: .milliseconds(1100))  // the window is time itself
            let late = try await commands.send(.editMessage(EditMessageRequest(messageId: message.id, content: "Bonsoir")), as: People.alice)
            #expect(late.header.error?.code == .forbidden && late.header.error?.message.hasPrefix("a message can be edited for ") == true)
            #expect(try await commands.send(.deleteMessage(DeleteMessageRequest(messageId: message.id)), as: People.alice).header.error == nil)
        }
    }

    /// Reactions: participants only, once per user and emoji, bounded per message, aggregated in
    /// history, announced to the room; none on a tombstone.
    @Test(arguments: TestDatabase.allCases)
    func reactionsAreCountedOncePerUserAndEmoji(database: TestDatabase) async throws {
        try await withStore(database) { http, redis, commands, _ in
            let conversation = try await http.conversation(People.alice, with: [People.salon])
            try await redis.subscribe(to: [RedisNames.room(conversation)]) { room in
                var live = room.makeAsyncIterator()
                func next() async throws -> BroadcastEnvelope { try BroadcastEnvelope(decoding: Array(try #require(await live.next()).payload.readableBytesView)) }
                let message = try await commands.send(.sendMessage(SendMessageRequest(conversationId: conversation, content: "Le croquis")), as: People.alice)
                    .decode(MessagingMessage.self)
                _ = try await next()
                #expect(message.reactions.isEmpty)

                func react(_ emoji: String, _ user: UserSummary, adding: Bool = true) async throws -> CommandClient.Reply {
                    let request = ReactionRequest(messageId: message.id, emoji: emoji)
                    return try await commands.send(adding ? .addReaction(request) : .removeReaction(request), as: user)
                }
                _ = try await react("🔥", People.salon)
                _ = try await next()
                _ = try await react("🔥", People.alice)
                let update = try await next()
                #expect(update.header.event == "reactions-updated")
                let payload = try ReactionsUpdatedPayload(json: update.body)
                #expect(payload.reactions == [Reaction(emoji: "🔥", userIds: ["salon", "alice"])])
                // Once per user and emoji: again changes nothing.
                let twice = try await react("🔥", People.salon).decode(ReactionsUpdatedPayload.self)
                #expect(twice.reactions == [Reaction(emoji: "🔥", userIds: ["salon", "alice"])] && twice.reactions[0].count == 2)
                _ = try await next()
                _ = try await react("👍🏽", People.salon)
                _ = try await next()
                let removed = try await react("🔥", People.salon, adding: false).decode(ReactionsUpdatedPayload.self)
                #expect(removed.reactions == [Reaction(emoji: "🔥", userIds: ["alice"]), Reaction(emoji: "👍🏽", userIds: ["salon"])])
                _ = try await next()

                // Not an emoji, or not a participant: refused, nothing changes.
                #expect(try await react("ok", People.salon).header.error?.code == .validationFailed)
                #expect(try await react("🔥", People.carol).header.error?.code == .notFound)

                // History carries them; the changes version moved with each.
                let history = try await commands.send(.joinConversation(JoinConversationRequest(conversationId: conversation)), as: People.salon)
                    .decode(ConversationHistoryPayload.self)
                #expect(history.messages.first?.reactions == removed.reactions)

                // At most 20 different emoji on one message.
                let emoji = ["😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊", "😋", "😎", "😍", "😘", "🥰", "😗", "😙", "🥲"]
                for face in emoji { _ = try await react(face, People.alice); _ = try await next() }
                #expect(try await react("🙂", People.alice).header.error?.code == .validationFailed, "a 21st kind")
                #expect(try await react("🔥", People.salon).header.error == nil, "an emoji already there is fine")
                _ = try await next()

                // A tombstone keeps none and takes none.
                _ = try await commands.send(.deleteMessage(DeleteMessageRequest(messageId: message.id)), as: People.alice)
                _ = try await next()
                #expect(try await react("🔥", People.salon).header.error?.code == .forbidden)
                let after = try await commands.send(.joinConversation(JoinConversationRequest(conversationId: conversation)), as: People.salon)
                    .decode(ConversationHistoryPayload.self)
                #expect(after.messages.first?.reactions == [])
            }
        }
    }
}
