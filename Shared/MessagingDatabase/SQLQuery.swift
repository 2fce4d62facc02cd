/// A statement with its bound values, written once for both dialects:
/// `"SELECT id FROM users WHERE email = \(bind: email)"`. Interpolated values are always bound,
/// never spliced into the text; `\(unsafeRaw:)` splices trusted text (identifiers from code).
public struct SQLQuery: Sendable, Hashable, ExpressibleByStringInterpolation {
    enum Fragment: Sendable, Hashable {
        case sql(String)
        case bind(SQLValue)
        case anyOf([String])
    }

    var fragments: [Fragment]

    public init(stringLiteral value: String) {
        fragments = [.sql(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        fragments = stringInterpolation.fragments
    }

    /// Builds statement text from code-controlled parts.
    public init(unsafeSQL text: String) {
        fragments = [.sql(text)]
    }

    /// The text with the dialect's placeholders, and the values in placeholder order.
    public func render(for dialect: SQLDialect) -> (sql: String, binds: [SQLValue]) {
        var sql = ""
        var binds: [SQLValue] = []
        for fragment in fragments {
            switch fragment {
            case .sql(let text): sql += text
            case .bind(let value):
                binds.append(value)
                sql += dialect == .postgres ? "$\(binds.count)" : "?\(binds.count)"
            case .anyOf(let values) where dialect == .postgres:
                binds.append(.textArray(values))
                sql += "= ANY($\(binds.count))"
            case .anyOf(let values):
                guard !values.isEmpty else {
                    sql += "IN (NULL)"
                    continue
                }
                sql += "IN ("
                for (index, value) in values.enumerated() {
                    binds.append(.text(value))
                    sql += (index == 0 ? "?" : ", ?") + String(binds.count)
                }
                sql += ")"
            }
        }
        return (sql, binds)
    }

    /// Appends another query (with its binds).
    public static func + (lhs: SQLQuery, rhs: SQLQuery) -> SQLQuery {
        var result = lhs
        result.fragments += rhs.fragments
        return result
    }

    /// Appends another query (with its binds) in place: building a statement of n rows this way
    /// costs O(n), where `query = query + row` copies the whole statement each time.
    public static func += (lhs: inout SQLQuery, rhs: SQLQuery) {
        lhs.fragments += rhs.fragments
    }

    /// The interpolation that binds values.
    public struct StringInterpolation: StringInterpolationProtocol {
        var fragments: [Fragment] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            fragments.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            fragments.append(.sql(literal))
        }

        /// Binds a value.
        public mutating func appendInterpolation(bind value: some SQLBindable) {
            fragments.append(.bind(value.sqlValue))
        }

        /// Binds an optional value (`NULL` when absent).
        public mutating func appendInterpolation<Value: SQLBindable>(bind value: Value?) {
            fragments.append(.bind(value?.sqlValue ?? .null))
        }

        /// Binds each value, comma-separated (for `IN (…)`); an empty list binds one `NULL`.
        public mutating func appendInterpolation(binds values: [some SQLBindable]) {
            if values.isEmpty {
                fragments.append(.bind(.null))
                return
            }
            for (index, value) in values.enumerated() {
                if index > 0 { fragments.append(.sql(", ")) }
                fragments.append(.bind(value.sqlValue))
            }
        }

        /// Membership in a list, bound as one array on PostgreSQL (`= ANY($1)`: the statement's text
        /// and parse cost do not grow with the list) and as `IN (?1, ?2, …)` on SQLite.
        public mutating func appendInterpolation(anyOf values: [String]) {
            fragments.append(.anyOf(values))
        }

        /// Splices trusted, code-controlled text.
        public mutating func appendInterpolation(unsafeRaw text: String) {
            fragments.append(.sql(text))
        }
    }
}
