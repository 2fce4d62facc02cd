import Foundation
public import Logging
public import NIOCore
public import NIOPosix
import PostgresNIO
import ServiceLifecycle

/// PostgreSQL through postgres-nio's `PostgresClient` (a pool; run as a `Service`).
public final class PostgresDatabase: Database {
    public var dialect: SQLDialect { .postgres }
    private let client: PostgresClient
    private let logger: Logger

    /// Creates the pool for a `postgres://` URL; connections open when ``run()`` runs, on
    /// `eventLoopGroup` (one event loop: every connection on it, so a task that awaits one
    /// statement after another, and Redis on the same loop, never changes threads).
    public init(
        _ url: DatabaseURL, maximumConnections: Int = 20, settings: PostgresSessionSettings = .oltp,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
    ) throws(DatabaseError) {
        guard case .postgres(let host, let port, let username, let password, let database) = url else {
            throw .invalidURL("not a PostgreSQL URL: \(url)")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        // The pool arms an idle timer (a task and a dispatch timer, cancelled at the next lease)
        // each time it takes back a connection beyond its minimum. Leases take the lowest free
        // connection, so with a few kept open the busy ones never arm it.
        configuration.options.minimumConnections = min(Self.minimumConnections, maximumConnections - 1)
        configuration.options.additionalStartupParameters = settings.parameters
        // TCP keeps idle connections alive (``PostgresSessionSettings/oltp``); the pool's keep-alive
        // would arm a timer at each release.
        configuration.options.keepAliveBehavior = nil
        self.client = PostgresClient(configuration: configuration, eventLoopGroup: eventLoopGroup, backgroundLogger: logger)
        self.logger = logger
    }

    /// Connections kept open: the store's commit path and its concurrent reads use the first few.
    static let minimumConnections = 4

    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.client.run() }
    }

    @discardableResult
    public func query(_ query: SQLQuery) async throws(DatabaseError) -> [SQLRow] {
        do {
            let rows = try await client.query(Self.postgresQuery(query), logger: logger)
            return try await Self.collect(rows)
        } catch {
            throw Self.map(error)
        }
    }

    @discardableResult
    public func execute<Statement: PreparedSQL>(_ statement: Statement) async throws(DatabaseError) -> [SQLRow] {
        do {
            return try await Self.collect(client.execute(PostgresPrepared(statement), logger: logger))
        } catch {
            throw Self.map(error)
        }
    }

    public func transaction<Result: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(Transaction(connection: connection, logger: logger))
            }
        } catch let error as PostgresTransactionError {
            if let closure = error.closureError { throw closure }
            throw Self.map(error)
        }
    }

    public func isReady() async -> Bool {
        (try? await query("SELECT 1 AS one").first?.int("one")) == 1
    }

    private struct Transaction: SQLExecutor {
        let connection: PostgresConnection
        let logger: Logger
        var dialect: SQLDialect { .postgres }

        func query(_ query: SQLQuery) async throws(DatabaseError) -> [SQLRow] {
            do {
                return try await PostgresDatabase.collect(connection.query(PostgresDatabase.postgresQuery(query), logger: logger))
            } catch {
                throw PostgresDatabase.map(error)
            }
        }

        func execute<Statement: PreparedSQL>(_ statement: Statement) async throws(DatabaseError) -> [SQLRow] {
            do {
                return try await PostgresDatabase.collect(connection.execute(PostgresPrepared(statement), logger: logger))
            } catch {
                throw PostgresDatabase.map(error)
            }
        }
    }

    static func postgresQuery(_ query: SQLQuery) -> PostgresQuery {
        let (sql, values) = query.render(for: .postgres)
        return PostgresQuery(unsafeSQL: sql, binds: bindings(values))
    }

    static func bindings(_ values: [SQLValue]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: binds.appendNull()
            case .int(let value): binds.append(value)
            case .double(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
            case .textArray(let values): binds.append(values)
            case .intArray(let values): binds.append(values)
            }
        }
        return binds
    }

    static func collect<Rows: AsyncSequence>(_ rows: Rows) async throws -> [SQLRow] where Rows.Element == PostgresRow {
        var result = [SQLRow]()
        for try await row in rows {
            var values = [String: SQLValue]()
            for cell in row {
                values[cell.columnName] = try value(of: cell)
            }
            result.append(SQLRow(values: values))
        }
        return result
    }

    private static func value(of cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(try cell.decode(Int.self))
        case .float4, .float8: return .double(try cell.decode(Double.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: return .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
        case .numeric: return .double(Double(try cell.decode(String.self)) ?? 0)
        default: return .text(try cell.decode(String.self))
        }
    }

    /// SQLSTATEs of a moment, not of a statement: serialization failure, deadlock, a cancelled
    /// statement (statement timeout), the server shutting down or out of connections or
    /// resources, a lost connection.
    static func isTransient(_ sqlState: String) -> Bool {
        ["40001", "40P01", "57014", "57P01", "57P02", "57P03", "53300", "55P03"].contains(sqlState)
            || sqlState.hasPrefix("08") || sqlState.hasPrefix("53")
    }

    static func map(_ error: any Error) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        if let error = error as? PSQLError {
            if let code = error.serverInfo?[.sqlState] {
                let message = error.serverInfo?[.message] ?? ""
                if code == "23505" { return .uniqueViolation(message) }
                // Worth trying again as it is: the statement was fine, the moment was not.
                if isTransient(code) { return .unavailable("\(code) \(message)") }
                return .queryFailed("\(code) \(message)")
            }
            return .unavailable("\(error.code)")
        }
        return .queryFailed("\(error)")
    }
}
