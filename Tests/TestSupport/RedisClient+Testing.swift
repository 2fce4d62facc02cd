import Logging
public import MessagingRedis

extension RedisClient {
    /// Runs a client against `url` for the duration of `body`, then shuts it down.
    public static func withRunning<Result: Sendable>(
        url: String,
        configure: (inout RedisConfiguration) -> Void = { _ in },
        _ body: @Sendable (RedisClient) async throws -> Result
    ) async throws -> Result {
        var configuration = try RedisConfiguration(url: url)
        configuration.reconnectInitialDelay = .milliseconds(20)
        configuration.reconnectMaximumDelay = .milliseconds(200)
        // Every suite at once on two cores may hold a first connection past the 5 s default.
        configuration.connectTimeout = .seconds(30)
        configure(&configuration)
        var logger = Logger(label: "test.redis")
        logger.logLevel = .warning
        return try await withRunning(configuration: configuration, logger: logger, body)
    }
}
