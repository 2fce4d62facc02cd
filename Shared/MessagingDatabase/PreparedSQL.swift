/// A statement run often enough to be worth preparing: PostgreSQL parses and plans it once per
/// connection and then only binds and executes it (for the store's send statement, two thirds of
/// its server time went to parsing and planning, measured). SQLite runs ``query`` as any other.
///
/// Its text must be the same whatever the values (on PostgreSQL, `\(bind:)` and `\(anyOf:)` are one
/// placeholder each, so this holds for any statement built without branches on its values):
/// ``postgresSQL`` is the text prepared (``text(of:)`` of any instance, computed once), and an
/// instance whose text differs is refused.
public protocol PreparedSQL: Sendable {
    /// The name it is prepared under: short (PostgreSQL keeps 63 bytes) and unique in the process.
    static var name: String { get }
    /// The statement's text with PostgreSQL's placeholders: `static let postgresSQL = text(of: …)`.
    static var postgresSQL: String { get }
    /// The statement with this instance's values.
    var query: SQLQuery { get }
}

extension PreparedSQL {
    /// The PostgreSQL text of an instance (any: values never change it).
    public static func text(of instance: Self) -> String { instance.query.render(for: .postgres).sql }
}
