public import Logging

/// Opens the database a `DATABASE_URL` names.
public enum DatabaseFactory {
    /// A ``PostgresDatabase`` (its sessions started with `settings`) or an opened ``SQLiteDatabase``.
    public static func make(_ url: DatabaseURL, settings: PostgresSessionSettings = .oltp, logger: Logger) async throws(DatabaseError) -> any Database {
        switch url {
        case .postgres: try PostgresDatabase(url, settings: settings, logger: logger)
        case .sqliteFile, .sqliteMemory: try await SQLiteDatabase.open(url, logger: logger)
        }
    }
}
