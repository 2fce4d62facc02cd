/// A database failure, with what can be said about it without leaking data.
public enum DatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A unique constraint was violated (a duplicate).
    case uniqueViolation(String)
    /// The database cannot be reached or refused the connection.
    case unavailable(String)
    /// The statement failed.
    case queryFailed(String)
    /// A result row lacked an expected column.
    case missingColumn(String)
    /// The `DATABASE_URL` is not usable.
    case invalidURL(String)

    /// Whether trying again later may succeed (``unavailable``: unreachable, busy, restarting).
    public var isTransient: Bool {
        if case .unavailable = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .uniqueViolation(let detail): "duplicate: \(detail)"
        case .unavailable(let detail): "database unavailable: \(detail)"
        case .queryFailed(let detail): "query failed: \(detail)"
        case .missingColumn(let column): "result has no column \(column)"
        case .invalidURL(let detail): detail
        }
    }
}
