public import Logging

/// Opens the database a `DATABASE_URL` names.
public enum DatabaseFactory {
    /// A ``PostgresDatabase`` or an opened ``SQLiteDatabase``.
    public static func make(_ url: DatabaseURL, logger: Logger) async throws(DatabaseError) -> any Database {
        switch url {
        case .postgres: try PostgresDatabase(url, logger: logger)
        case .sqliteFile, .sqliteMemory: try await SQLiteDatabase.open(url, logger: logger)
        }
    }
}
