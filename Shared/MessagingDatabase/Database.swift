public import ServiceLifecycle

/// Runs statements.
public protocol SQLExecutor: Sendable {
    /// The dialect, for the rare statement that differs.
    var dialect: SQLDialect { get }
    /// Runs a statement and returns its rows (none for a statement without results).
    @discardableResult
    func query(_ query: SQLQuery) async throws(DatabaseError) -> [SQLRow]
    /// Runs a statement prepared once per connection where the database prepares (PostgreSQL).
    @discardableResult
    func execute<Statement: PreparedSQL>(_ statement: Statement) async throws(DatabaseError) -> [SQLRow]
}

extension SQLExecutor {
    /// Runs the statement's query as any other: for databases that do not prepare.
    @discardableResult
    public func execute<Statement: PreparedSQL>(_ statement: Statement) async throws(DatabaseError) -> [SQLRow] {
        try await query(statement.query)
    }
}

/// A database the services use: PostgreSQL or SQLite behind one interface. Run it as a `Service`
/// (it owns its connections).
public protocol Database: SQLExecutor, Service {
    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    func transaction<Result: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> Result) async throws -> Result
    /// Whether a trivial query succeeds now (for `/health/ready`).
    func isReady() async -> Bool
}
