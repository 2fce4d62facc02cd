public import Logging
public import NIOCore
public import NIOPosix

/// Opens the database a `DATABASE_URL` names.
public enum DatabaseFactory {
    /// A ``PostgresDatabase`` (its sessions started with `settings`) or an opened ``SQLiteDatabase``.
    /// PostgreSQL's connections live on `eventLoopGroup`.
    public static func make(
        _ url: DatabaseURL, settings: PostgresSessionSettings = .oltp, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) async throws(DatabaseError) -> any Database {
        switch url {
        case .postgres: try PostgresDatabase(url, settings: settings, eventLoopGroup: eventLoopGroup, logger: logger)
        case .sqliteFile, .sqliteMemory: try await SQLiteDatabase.open(url, logger: logger)
        }
    }
}
