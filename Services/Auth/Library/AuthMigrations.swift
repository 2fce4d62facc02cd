import MessagingDatabase

/// The auth service's schema, the same in PostgreSQL and SQLite (times in milliseconds since 1970).
enum AuthMigrations {
    static let all: [Migration] = [
        Migration(
            id: "auth-0001-users",
            statements: [
                """
                CREATE TABLE IF NOT EXISTS users (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    first_name TEXT,
                    last_name TEXT,
                    salon_name TEXT,
                    image TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """
            ])
    ]
}
