import Foundation
/// One schema change, with its statements for each dialect. Applied once, in order, recorded in
/// `schema_migrations`.
public struct Migration: Sendable {
    /// A unique, ordered id (`0001-users`).
    public var id: String
    /// Statements for PostgreSQL.
    public var postgres: [String]
    /// Statements for SQLite.
    public var sqlite: [String]

    /// A migration whose statements are the same in both dialects.
    public init(id: String, statements: [String]) {
        self.init(id: id, postgres: statements, sqlite: statements)
    }

    /// A migration with statements per dialect.
    public init(id: String, postgres: [String], sqlite: [String]) {
        self.id = id
        self.postgres = postgres
        self.sqlite = sqlite
    }
}

/// Applies migrations at start: safe to run twice, and from two instances at once (PostgreSQL: an
/// advisory lock held by the transaction; SQLite: `BEGIN IMMEDIATE`, the write lock).
public enum Migrator {
    /// Applies what is missing; returns the ids it applied.
    @discardableResult
    public static func migrate(_ database: any Database, _ migrations: [Migration], lockKey: Int = 0x1A7_5E55) async throws -> [String] {
        try await database.transaction { transaction in
            if transaction.dialect == .postgres {
                try await transaction.query("SELECT pg_advisory_xact_lock(\(bind: lockKey))")
            }
            try await transaction.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
            let applied = Set(try await transaction.query("SELECT id FROM schema_migrations").map { try $0.string("id") })
            var done = [String]()
            for migration in migrations where !applied.contains(migration.id) {
                for statement in transaction.dialect == .postgres ? migration.postgres : migration.sqlite {
                    try await transaction.query(SQLQuery(unsafeSQL: statement))
                }
                try await transaction.query(
                    "INSERT INTO schema_migrations (id, applied_at) VALUES (\(bind: migration.id), \(bind: Date().milliseconds))")
                done.append(migration.id)
            }
            return done
        }
    }
}
