import Logging
import NIOPosix
import PostgresNIO
import Testing
import TestSupport

/// The test-support servers are real: a PostgreSQL started from initdb answers queries.
// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct TestServersTests {
    @Test func postgresStartsOnAFreePortAndAnswers() async throws {
        let server = try await PostgresServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try server.createDatabase("inkstudio_test")
            let configuration = PostgresConnection.Configuration(
                host: "127.0.0.1", port: server.port, username: server.user, password: nil, database: "inkstudio_test", tls: .disable)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger(label: "test.pg"))
            let rows = try await connection.query("SELECT 40 + 2 AS answer, current_database() AS db", logger: Logger(label: "test.pg"))
            for try await (answer, database) in rows.decode((Int, String).self) {
                #expect(answer == 42)
                #expect(database == "inkstudio_test")
            }
            try await connection.close()
        }
    }
}
