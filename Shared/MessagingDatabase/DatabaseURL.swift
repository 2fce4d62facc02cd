import Foundation

/// Where the data lives: `DATABASE_URL`.
///
/// - `postgres://user[:password]@host[:port]/database` (or `postgresql://`): PostgreSQL;
/// - `sqlite:///absolute/path.sqlite`, `sqlite://relative/path.sqlite`, or `sqlite::memory:`: SQLite.
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// A PostgreSQL server.
    case postgres(host: String, port: Int, username: String, password: String?, database: String)
    /// An SQLite file (created if missing).
    case sqliteFile(path: String)
    /// An SQLite database in memory (tests).
    case sqliteMemory

    /// Parses a URL; the error says what is expected.
    public init(_ text: String) throws(DatabaseError) {
        let expected = "expected postgres://user[:password]@host[:port]/database or sqlite:///path/to/file.sqlite"
        if text == "sqlite::memory:" || text == "sqlite://:memory:" {
            self = .sqliteMemory
            return
        }
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw .invalidURL("no file path in \(text); \(expected)") }
            self = .sqliteFile(path: path)
            return
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"), let components = URLComponents(string: text) else {
            throw .invalidURL("unsupported database URL; \(expected)")
        }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL("no host in the database URL; \(expected)") }
        guard let user = components.user, !user.isEmpty else { throw .invalidURL("no user in the database URL; \(expected)") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw .invalidURL("no database name in the database URL; \(expected)") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw .invalidURL("port out of range; \(expected)") }
        self = .postgres(host: host, port: port, username: user, password: components.password, database: database)
    }

    /// The URL without its password.
    public var description: String {
        switch self {
        case .postgres(let host, let port, let username, let password, let database):
            "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
        case .sqliteFile(let path): "sqlite://\(path)"
        case .sqliteMemory: "sqlite::memory:"
        }
    }
}
