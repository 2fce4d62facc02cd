/// The SQL flavours the services run on.
public enum SQLDialect: String, Sendable, Hashable {
    /// PostgreSQL (production): `$1, $2, …` placeholders.
    case postgres
    /// SQLite (the embedded default): `?1, ?2, …` placeholders.
    case sqlite
}
