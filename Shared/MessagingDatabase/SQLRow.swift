public import Foundation

/// One result row, by column name.
public struct SQLRow: Sendable, Hashable {
    /// The values by column name.
    public var values: [String: SQLValue]

    /// Creates a row.
    public init(values: [String: SQLValue]) { self.values = values }

    /// A required integer column.
    public func int(_ column: String) throws(DatabaseError) -> Int {
        guard let value = values[column]?.int else { throw DatabaseError.missingColumn(column) }
        return value
    }

    /// A required text column.
    public func string(_ column: String) throws(DatabaseError) -> String {
        guard let value = values[column]?.text else { throw DatabaseError.missingColumn(column) }
        return value
    }

    /// An optional text column.
    public func optionalString(_ column: String) -> String? {
        values[column]?.text
    }

    /// An optional integer column.
    public func optionalInt(_ column: String) -> Int? {
        values[column]?.int
    }

    /// A boolean stored as an integer.
    public func bool(_ column: String) throws(DatabaseError) -> Bool {
        try int(column) != 0
    }

    /// A time stored as milliseconds since 1970.
    public func date(_ column: String) throws(DatabaseError) -> Date {
        Date(milliseconds: try int(column))
    }

    /// An optional time stored as milliseconds since 1970.
    public func optionalDate(_ column: String) -> Date? {
        optionalInt(column).map(Date.init(milliseconds:))
    }
}

extension Date {
    /// Milliseconds since 1970, as the databases store times.
    public var milliseconds: Int { Int((timeIntervalSince1970 * 1000).rounded()) }

    /// A date from milliseconds since 1970.
    public init(milliseconds: Int) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
