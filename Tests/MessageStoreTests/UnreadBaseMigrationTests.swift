import Foundation
import Logging
import MessagingDatabase
import Testing

@testable import MessageStore

/// A store upgraded from the per-recipient counters keeps every participant's unread count.
struct UnreadBaseMigrationTests {
    @Test func countersBecomeBasesWithTheSameCounts() async throws {
        let database = try await SQLiteDatabase.open(.sqliteMemory, logger: Logger(label: "test"))
        do {
            let before = StoreMigrations.all.prefix { $0.id != "store-0004-unread-base" }
            #expect(before.count == 3)
            try await Migrator.migrate(database, Array(before))
            try await database.query("INSERT INTO conversations (id, created_at, last_seq) VALUES ('c1', 0, 7), ('c2', 0, 2)")
            try await database.query(
                """
                INSERT INTO participants (conversation_id, user_id, joined_at, unread_count)
                VALUES ('c1', 'ana', 0, 3), ('c1', 'salon', 0, 0), ('c2', 'ana', 0, 2), ('c2', 'bo', 0, 1)
                """)

            let applied = try await Migrator.migrate(database, StoreMigrations.all)
            #expect(applied.first == "store-0004-unread-base" && applied.count == StoreMigrations.all.count - 3, "0004 and every later one")
            let counts = try await StoreRepository(executor: database).unreadCounts(users: ["ana", "salon", "bo"])
            #expect(counts == ["ana": ["c1": 3, "c2": 2], "bo": ["c2": 1]])
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }
}
