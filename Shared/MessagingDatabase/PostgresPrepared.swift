import PostgresNIO

/// A ``PreparedSQL`` as postgres-nio prepares it: once per connection, under its name.
struct PostgresPrepared<Statement: PreparedSQL>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { Statement.name }
    static var sql: String { Statement.postgresSQL }

    let bindings: PostgresBindings

    /// The statement's values; refused (not run under another text) when its text is not PreparedSQL/postgresSQL.
    init(_ statement: Statement) throws(DatabaseError) {
        let (sql, values) = statement.query.render(for: .postgres)
        guard sql == Self.sql else { throw DatabaseError.queryFailed("\(Statement.name): the text depends on the values, it cannot be prepared") }
        bindings = PostgresDatabase.bindings(values)
    }

    func makeBindings() throws -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
