import Foundation
import Logging
import MessagingDatabase
import Testing
import TestSupport

/// The same behaviour on a real PostgreSQL and on SQLite.
// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct DatabaseBehaviourTests {
    let logger = Logger(label: "test.database")
    static let migrations = [
        Migration(id: "t-0001", statements: ["CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, n BIGINT NOT NULL)"]),
        Migration(
            id: "t-0002", postgres: ["CREATE INDEX notes_n ON notes (n)"], sqlite: ["CREATE INDEX notes_n ON notes (n)"]),
    ]

    func withDatabases(_ body: @Sendable (any Database, any Database) async throws -> Void) async throws {
        // PostgreSQL: two pools on one server, as two instances would have.
        let server = try await PostgresServer.start()
        try await withTeardown({ await server.shutdown() }) {
            let url = try DatabaseURL(server.url())
            let first = try PostgresDatabase(url, logger: logger)
            let second = try PostgresDatabase(url, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await first.run() }
                group.addTask { try await second.run() }
                try await body(first, second)
                group.cancelAll()
            }
            // SQLite: two connections on one file, as two processes would have.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ink-db-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = DatabaseURL.sqliteFile(path: folder.appendingPathComponent("t.sqlite").path)
            let (one, two) = (try await SQLiteDatabase.open(file, logger: logger), try await SQLiteDatabase.open(file, logger: logger))
            do {
                try await body(one, two)
            } catch {
                await one.close()
                await two.close()
                throw error
            }
            await one.close()
            await two.close()
        }
    }

    @Test func anSQLiteFileSyncsEveryCommitToDisk() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ink-db-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try await SQLiteDatabase.open(.sqliteFile(path: folder.appendingPathComponent("t.sqlite").path), logger: logger)
        let synchronous = try await database.query("PRAGMA synchronous").first?.int("synchronous")
        let journal = try await database.query("PRAGMA journal_mode").first?.string("journal_mode")
        await database.close()
        #expect(synchronous == 2, "FULL: an acknowledged commit survives a power loss")
        #expect(journal == "wal")
    }

    /// Idle connections are kept alive by the server's TCP probes (the pool sends no `SELECT 1`).
    @Test func postgresSessionsAskTheServerForTCPKeepAlives() async throws {
        let server = try await PostgresServer.start()
        try await withTeardown({ await server.shutdown() }) {
            let database = try PostgresDatabase(try DatabaseURL(server.url()), logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await database.run() }
                let idle = try await database.query("SELECT current_setting('tcp_keepalives_idle') AS s").first?.string("s")
                let interval = try await database.query("SELECT current_setting('tcp_keepalives_interval') AS s").first?.string("s")
                let count = try await database.query("SELECT current_setting('tcp_keepalives_count') AS s").first?.string("s")
                #expect(idle == String(PostgresSessionSettings.keepAliveIdleSeconds))
                #expect(interval == "10")
                #expect(count == "3")
                group.cancelAll()
            }
        }
    }

    @Test func migrationsRunOnceEvenFromTwoInstancesAtOnce() async throws {
        try await withDatabases { first, second in
            async let a = Migrator.migrate(first, Self.migrations)
            async let b = Migrator.migrate(second, Self.migrations)
            let applied = try await [a, b]
            #expect(applied.flatMap { $0 }.sorted() == ["t-0001", "t-0002"], "each migration applied by exactly one instance")
            #expect(try await Migrator.migrate(first, Self.migrations).isEmpty, "a second run is harmless")
            #expect(try await first.query("SELECT count(*) AS c FROM schema_migrations").first?.int("c") == 2)
        }
    }

    @Test func transactionsCommitOrRollBackAndDuplicatesAreTyped() async throws {
        try await withDatabases { database, _ in
            try await Migrator.migrate(database, Self.migrations)
            try await database.transaction { transaction in
                try await transaction.query("INSERT INTO notes (id, body, n) VALUES (\(bind: "a"), \(bind: "é\nok"), \(bind: 1))")
                try await transaction.query("INSERT INTO notes (id, body, n) VALUES (\(bind: "b"), \(bind: "two"), \(bind: 2))")
            }
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await database.transaction { transaction in
                    try await transaction.query("INSERT INTO notes (id, body, n) VALUES (\(bind: "c"), \(bind: "three"), \(bind: 3))")
                    throw Boom()
                }
            }
            do {
                try await database.query("INSERT INTO notes (id, body, n) VALUES (\(bind: "a"), \(bind: "again"), \(bind: 9))")
                Issue.record("a duplicate key must fail")
            } catch {
                guard case .uniqueViolation? = error as? DatabaseError else { Issue.record("expected uniqueViolation, got \(error)"); return }
            }
            let rows = try await database.query("SELECT id, body, n FROM notes ORDER BY n")
            #expect(try rows.map { try $0.string("id") } == ["a", "b"])
            #expect(rows.first?.optionalString("body") == "é\nok")
            #expect(await database.isReady())
        }
    }
}
