import Foundation
import JSONCoding
public import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import ServiceLifecycle

/// SQLite through sqlite-nio: one connection (WAL mode), statements serialised; a transaction
/// holds the connection until it ends.
public final class SQLiteDatabase: Database {
    public var dialect: SQLDialect { .sqlite }
    private let connection: SQLiteConnection
    private let threadPool: NIOThreadPool
    private let lock = AsyncLock()
    private let logger: Logger

    private init(connection: SQLiteConnection, threadPool: NIOThreadPool, logger: Logger) {
        self.connection = connection
        self.threadPool = threadPool
        self.logger = logger
    }

    /// Opens (creating if needed) the database and sets WAL mode, a busy timeout and foreign keys.
    public static func open(_ url: DatabaseURL, logger: Logger) async throws(DatabaseError) -> SQLiteDatabase {
        let storage: SQLiteConnection.Storage
        switch url {
        case .sqliteMemory: storage = .memory
        case .sqliteFile(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            storage = .file(path: path)
        case .postgres: throw .invalidURL("not an SQLite URL: \(url)")
        }
        do {
            // A thread of its own: SQLite blocks while it waits for another writer's lock, and must
            // not hold up the shared pool (bcrypt, other connections) meanwhile.
            let threadPool = NIOThreadPool(numberOfThreads: 1)
            threadPool.start()
            let connection: SQLiteConnection
            do {
                connection = try await SQLiteConnection.open(
                    storage: storage, threadPool: threadPool, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
            } catch {
                try? await threadPool.shutdownGracefully()
                throw error
            }
            let database = SQLiteDatabase(connection: connection, threadPool: threadPool, logger: logger)
            do {
                if case .sqliteFile = url { try await database.query("PRAGMA journal_mode = WAL") }
                try await database.query("PRAGMA busy_timeout = 10000")
                try await database.query("PRAGMA foreign_keys = ON")
                // FULL: a commit is on disk (the WAL synced) before it returns, so what the store
                // acknowledges survives a power loss, not only a crash of the process.
                try await database.query("PRAGMA synchronous = FULL")
            } catch {
                await database.close()
                throw error
            }
            return database
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw .unavailable("cannot open \(url): \(error)")
        }
    }

    /// Waits for graceful shutdown, then closes the connection after the last statement.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Closes the connection after the statement in hand (``run()`` does this at shutdown). sqlite-nio
    /// requires a close before the connection is released.
    public func close() async {
        await lock.withLock {
            try? await connection.close()
        }
        try? await threadPool.shutdownGracefully()
    }

    @discardableResult
    public func query(_ query: SQLQuery) async throws(DatabaseError) -> [SQLRow] {
        do {
            return try await lock.withLock { try await self.run(query) }
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw Self.map(error)
        }
    }

    public func transaction<Result: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> Result) async throws -> Result {
        try await lock.withLock {
            _ = try await run("BEGIN IMMEDIATE")
            do {
                let result = try await body(Transaction(database: self))
                _ = try await run("COMMIT")
                return result
            } catch {
                _ = try? await run("ROLLBACK")
                throw error
            }
        }
    }

    public func isReady() async -> Bool {
        (try? await query("SELECT 1 AS one").first?.int("one")) == 1
    }

    /// Runs on the connection without taking the lock (the caller holds it).
    fileprivate func run(_ query: SQLQuery) async throws(DatabaseError) -> [SQLRow] {
        let (sql, binds) = query.render(for: .sqlite)
        let data = binds.map(Self.data)
        do {
            let rows = try await connection.query(sql, data)
            return rows.map { row in
                var values = [String: SQLValue]()
                for column in row.columns { values[column.name] = Self.value(column.data) }
                return SQLRow(values: values)
            }
        } catch {
            throw Self.map(error)
        }
    }

    private struct Transaction: SQLExecutor {
        let database: SQLiteDatabase
        var dialect: SQLDialect { .sqlite }
        func query(_ query: SQLQuery) async throws(DatabaseError) -> [SQLRow] { try await database.run(query) }
    }

    private static func data(_ value: SQLValue) -> SQLiteData {
        switch value {
        case .null: .null
        case .int(let value): .integer(value)
        case .double(let value): .float(value)
        case .text(let value): .text(value)
        case .blob(let bytes): .blob(ByteBuffer(bytes: bytes))
        case .textArray(let values): .text(values.jsonString)
        case .intArray(let values): .text(values.jsonString)
        }
    }

    private static func value(_ data: SQLiteData) -> SQLValue {
        switch data {
        case .null: .null
        case .integer(let value): .int(value)
        case .float(let value): .double(value)
        case .text(let value): .text(value)
        case .blob(let buffer): .blob(Array(buffer.readableBytesView))
        }
    }

    private static func map(_ error: any Error) -> DatabaseError {
        let text = "\(error)"
        if text.contains("UNIQUE constraint failed") { return .uniqueViolation(text) }
        // Busy or locked past the busy timeout, or out of disk: a moment, tried again.
        if text.contains("database is locked") || text.contains("busy") || text.contains("disk is full") || text.contains("disk I/O error") {
            return .unavailable(text)
        }
        return .queryFailed(text)
    }
}
