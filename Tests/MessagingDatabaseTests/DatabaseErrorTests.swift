import Testing

@testable import MessagingDatabase

/// Which database failures are a moment (the command stays pending and is tried again) and which
/// are the statement's (answered).
@Suite struct DatabaseErrorTests {
    @Test(arguments: ["40001", "40P01", "57014", "57P01", "57P03", "53300", "53100", "08006", "08001", "55P03"])
    func momentsAreTransient(sqlState: String) {
        #expect(PostgresDatabase.isTransient(sqlState))
    }

    @Test(arguments: ["23505", "22021", "22001", "42P01", "23503", "XX000"])
    func statementsAreNot(sqlState: String) {
        #expect(!PostgresDatabase.isTransient(sqlState))
    }

    @Test func onlyUnavailableIsTransient() {
        #expect(DatabaseError.unavailable("57P01 terminating connection").isTransient)
        #expect(!DatabaseError.queryFailed("22021 invalid byte sequence").isTransient)
        #expect(!DatabaseError.uniqueViolation("messages_by_request").isTransient)
    }
}
