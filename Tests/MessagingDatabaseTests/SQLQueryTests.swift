import MessagingDatabase
import Testing

/// Queries, binds and database URLs, rendered for each dialect: no database needed.
@Suite struct SQLQueryTests {
    @Test func bindsNeverSpliceValuesAndUseEachDialectsPlaceholders() {
        let email = "x'); DROP TABLE users; --"
        let query: SQLQuery = "SELECT * FROM users WHERE email = \(bind: email) AND id IN (\(binds: ["a", "b"])) LIMIT \(bind: 5)"
        let postgres = query.render(for: .postgres)
        #expect(postgres.sql == "SELECT * FROM users WHERE email = $1 AND id IN ($2, $3) LIMIT $4")
        #expect(postgres.binds == [.text(email), .text("a"), .text("b"), .int(5)])
        #expect(query.render(for: .sqlite).sql == "SELECT * FROM users WHERE email = ?1 AND id IN (?2, ?3) LIMIT ?4")
        let optional: String? = nil
        #expect(("x = \(bind: optional)" as SQLQuery).render(for: .sqlite).binds == [.null])
        #expect(("b = \(bind: true)" as SQLQuery).render(for: .sqlite).binds == [.int(1)])
    }

    @Test func listsAreOneArrayOnPostgresAndPlaceholdersOnSQLite() {
        let query: SQLQuery = "SELECT id FROM m WHERE a = \(bind: 1) AND id \(anyOf: ["x", "y'"]) AND b \(anyOf: [])"
        let postgres = query.render(for: .postgres)
        #expect(postgres.sql == "SELECT id FROM m WHERE a = $1 AND id = ANY($2) AND b = ANY($3)")
        #expect(postgres.binds == [.int(1), .textArray(["x", "y'"]), .textArray([])])
        let sqlite = query.render(for: .sqlite)
        #expect(sqlite.sql == "SELECT id FROM m WHERE a = ?1 AND id IN (?2, ?3) AND b IN (NULL)")
        #expect(sqlite.binds == [.int(1), .text("x"), .text("y'")])
    }

    @Test func appendingInPlaceKeepsEveryFragmentAndBind() {
        var query: SQLQuery = "INSERT INTO t (a) VALUES "
        for value in 0..<3 { query += (value == 0 ? "" : ", ") + "(\(bind: value))" }
        #expect(query.render(for: .postgres).sql == "INSERT INTO t (a) VALUES ($1), ($2), ($3)")
        #expect(query.render(for: .postgres).binds == [.int(0), .int(1), .int(2)])
    }

    @Test func databaseURLs() throws {
        #expect(try DatabaseURL("sqlite:///var/lib/ink/store.sqlite") == .sqliteFile(path: "/var/lib/ink/store.sqlite"))
        #expect(try DatabaseURL("sqlite://.data/store.sqlite") == .sqliteFile(path: ".data/store.sqlite"))
        #expect(try DatabaseURL("sqlite::memory:") == .sqliteMemory)
        #expect(try DatabaseURL("postgres://ink:s3cret@db:6432/messaging") == .postgres(host: "db", port: 6432, username: "ink", password: "s3cret", database: "messaging"))
        #expect("\(try DatabaseURL("postgresql://ink:s3cret@db/messaging"))" == "postgres://ink:***@db:5432/messaging")
        for bad in ["mysql://x", "postgres://db/messaging", "postgres://ink@db", "sqlite://", "postgres://ink@:5432/x"] {
            #expect(throws: DatabaseError.self, "\(bad)") { try DatabaseURL(bad) }
        }
    }
}
