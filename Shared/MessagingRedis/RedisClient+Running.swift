public import Logging

extension RedisClient {
    /// Runs a client of `configuration` for the duration of `body` (a command-line tool, a test),
    /// then cancels it: what a long-lived service does with a `ServiceGroup` instead.
    public static func withRunning<Result: Sendable>(
        configuration: RedisConfiguration,
        logger: Logger,
        _ body: @Sendable (RedisClient) async throws -> Result
    ) async throws -> Result {
        let client = RedisClient(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }
}
