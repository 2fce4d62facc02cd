/// A value bound into, or read out of, a SQL statement; the same in PostgreSQL and SQLite.
///
/// Times are stored as integer milliseconds since 1970 and booleans as integers in both databases,
/// so one query text serves both.
public enum SQLValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A 64-bit integer.
    case int(Int)
    /// A double.
    case double(Double)
    /// UTF-8 text.
    case text(String)
    /// Bytes.
    case blob([UInt8])
    /// A PostgreSQL `text[]` (for `unnest` and `= ANY`); SQLite receives it as a JSON array.
    case textArray([String])
    /// A PostgreSQL `bigint[]`; SQLite receives it as a JSON array.
    case intArray([Int])

    /// The value as an integer.
    public var int: Int? {
        switch self {
        case .int(let value): value
        case .double(let value): Int(exactly: value)
        case .text(let value): Int(value)
        default: nil
        }
    }

    /// The value as text.
    public var text: String? {
        switch self {
        case .text(let value): value
        case .int(let value): String(value)
        default: nil
        }
    }

    /// Whether it is `NULL`.
    public var isNull: Bool { self == .null }
}

/// A Swift value that can be bound into a statement.
public protocol SQLBindable: Sendable {
    /// The value to bind.
    var sqlValue: SQLValue { get }
}

extension Int: SQLBindable {
    public var sqlValue: SQLValue { .int(self) }
}

extension String: SQLBindable {
    public var sqlValue: SQLValue { .text(self) }
}

extension Double: SQLBindable {
    public var sqlValue: SQLValue { .double(self) }
}

extension Bool: SQLBindable {
    public var sqlValue: SQLValue { .int(self ? 1 : 0) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}
