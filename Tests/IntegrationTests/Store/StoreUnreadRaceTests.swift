import Foundation
import Logging
import MessageStore
import MessagingDatabase
import MessagingProtocol
import MessagingRedis
import Testing
import TestSupport

/// Unread counts when another writer (a second store, the HTTP API) commits a send to the same
/// conversation while a batch waits for the conversation's lock: PostgreSQL only (SQLite has one
/// writer at a time).
@Suite(.timeLimit(.minutes(3))) struct StoreUnreadRaceTests {
    let logger = Logger(label: "test.store-race")

    @Test func aCounterRaisedMeanwhileByAnotherWriterIsInTheReportedCounts() async throws {
        let environment = try await StoreTestEnvironment.start(.postgres)
        try await withTeardown({ await environment.shutdown() }) {
            let app = try await buildStoreApplication(configuration: try environment.configuration(), logger: logger)
            let other = try PostgresDatabase(try DatabaseURL(environment.databaseURL), logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await other.run() }
                try await app.test(.router) { http in
                    try await RedisClient.withRunning(url: environment.redis.url, configure: { $0.keyPrefix = StoreTestEnvironment.prefix }) { redis in
                        try await CommandClient.with(redis: redis) { commands in
                            let conversation = try await http.conversation(People.alice, with: [People.salon])
                            _ = try await commands.send(.sendMessage(SendMessageRequest(conversationId: conversation, content: "first")), as: People.alice)

                            // The other writer holds the conversation's lock and has stored a message of alice's (seq 2).
                            let (locked, lockedNow) = AsyncStream<Void>.makeStream()
                            let (release, releaseNow) = AsyncStream<Void>.makeStream()
                            async let writer: Void = other.transaction { transaction in
                                try await transaction.query("SELECT id FROM conversations WHERE id = \(bind: conversation) FOR UPDATE")
                                try await transaction.query("UPDATE conversations SET last_seq = last_seq + 1 WHERE id = \(bind: conversation)")
                                try await transaction.query(
                                    """
                                    INSERT INTO messages (id, conversation_id, seq, sender_id, type, content, attachments, created_at)
                                    VALUES ('meanwhile', \(bind: conversation), 2, 'alice', 'USER', 'meanwhile', '[]', 0)
                                    """)
                                try await transaction.query(
                                    "UPDATE participants SET unread_base = unread_base + 1 WHERE conversation_id = \(bind: conversation) AND user_id = 'alice'")
                                lockedNow.yield()
                                for await _ in release { break }
                            }
                            for await _ in locked { break }
                            let request = try await commands.enqueue(.sendMessage(SendMessageRequest(conversationId: conversation, content: "second")), as: People.alice)
                            // The store's statement (for one message, NewMessageStatement) is waiting for that lock:
                            // let the other writer commit.
                            let deadline = ContinuousClock.now + .seconds(20)
                            while try await other.query(
                                "SELECT count(*) AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH dup AS%'"
                            ).first?.int("waiting") != 1 {
                                guard ContinuousClock.now < deadline else { throw TestServerError("the store's insert never waited for the lock") }
                                try await Task.sleep(for: .milliseconds(20))
                            }
                            releaseNow.yield()
                            try await writer
                            #expect(try await commands.reply(to: request).decode(MessagingMessage.self).seq == 3)

                            // first (1) + the other writer's (1) + second (1); alice's own count stays 0.
                            let entries = try await redis.send(RedisCommand("XRANGE", "t:events", "-", "+")).array ?? []
                            let created = entries.compactMap { try? DomainEventEnvelope(streamFields: streamFields($0)) }.compactMap { event in
                                if case .messageCreated(_, let recipients) = event.event { recipients } else { nil }
                            }
                            #expect(created.last == [RecipientUnread(userId: "salon", totalUnread: 3, conversationUnread: 3)])
                        }
                    }
                }
                group.cancelAll()
            }
        }
    }
}
