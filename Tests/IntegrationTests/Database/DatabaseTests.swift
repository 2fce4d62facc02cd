import Foundation
import Logging
import MessagingDatabase
import Testing
import TestSupport

@Suite struct SQLQueryTests {
    @Test func bindsNeverSpliceValuesAndUseEachDialectsPlaceholders() {
        let email = "x'); DROP TABLE users; --"
        let query: SQLQuery = "SELECT * FROM users WHERE email = \(bind: email) AND id IN (\(binds: ["a", "b"])) LIMIT \(bind: 5)"
        let postgres = query.render(for: .postgres)
        #expect(postgres.sql == "SELECT * FROM users WHERE email = $1 AND id IN ($2, $3) LIMIT $4")
        #expect(postgres.binds == [.text(email), .text("a"), .text("b"), .int(5)])
        #expect(query.render(for: .sqlite).sql == "SELECT * FROM users WHERE email = ?1 AND id IN (?2, ?3) LIMIT ?4")
        let optional: String? = nil
        #expect(("x = \(bind: optional)" as SQLQuery).render(for: .sqlite).binds == [.null])
        #expect(("b = \(bind: true)" as SQLQuery).render(for: .sqlite).binds == [.int(1)])
    }

    @Test func listsAreOneArrayOnPostgresAndPlaceholdersOnSQLite() {
        let query: SQLQuery = "SELECT id FROM m WHERE a = \(bind: 1) AND id \(anyOf: ["x", "y'"]) AND b \(anyOf: [])"
        let postgres = query.render(for: .postgres)
        #expect(postgres.sql == "SELECT id FROM m WHERE a = $1 AND id = ANY($2) AND b = ANY($3)")
        #expect(postgres.binds == [.int(1), .textArray(["x", "y'"]), .textArray([])])
        let sqlite = query.render(for: .sqlite)
        #expect(sqlite.sql == "SELECT id FROM m WHERE a = ?1 AND id IN (?2, ?3) AND b IN (NULL)")
        #expect(sqlite.binds == [.int(1), .text("x"), .text("y'")])
    }

    @Test func appendingInPlaceKeepsEveryFragmentAndBind() {
        var query: SQLQuery = "INSERT INTO t (a) VALUES "
        for value in 0..<3 { query += (value == 0 ? "" : ", ") + "(\(bind: value))" }
        #expect(query.render(for: .postgres).sql == "INSERT INTO t (a) VALUES ($1), ($2), ($3)")
        #expect(query.render(for: .postgres).binds == [.int(0), .int(1), .int(2)])
    }

    @Test func databaseURLs() throws {
        #expect(try DatabaseURL("sqlite:///var/lib/ink/store.sqlite") == .sqliteFile(path: "/var/lib/ink/store.sqlite"))
        #expect(try DatabaseURL("sqlite://.data/store.sqlite") == .sqliteFile(path: ".data/store.sqlite"))
        #expect(try DatabaseURL("sqlite::memory:") == .sqliteMemory)
        #expect(try DatabaseURL("postgres://ink:s3cret@db:6432/messaging") == .postgres(host: "db", port: 6432, username: "ink", password: "s3cret", database: "messaging"))
        #expect("\(try DatabaseURL("postgresql://ink:s3cret@db/messaging"))" == "postgres://ink:***@db:5432/messaging")
        for bad in ["mysql://x", "postgres://db/messaging", "postgres://ink@db", "sqlite://", "postgres://ink@:5432/x"] {
            #expect(throws: DatabaseError.self, "\(bad)") { try DatabaseURL(bad) }
        }
    }
}

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
