import ArgumentParser
import Foundation
import Logging
import MessagingDatabase
import MessagingRedis
import ServiceLifecycle

/// Where Redis and the store's database are: flags, else the services' own variables.
struct Connections: ParsableArguments {
    @Option(help: "Redis URL (default: $REDIS_URL, else redis://127.0.0.1:6379)")
    var redisURL: String?
    @Option(help: "Key prefix of the deployment (default: $REDIS_KEY_PREFIX, else inkstudio:)")
    var keyPrefix: String?
    @Option(help: "The store's database URL (default: $DATABASE_URL)")
    var databaseURL: String?
    @Flag(help: "Answer in JSON")
    var json = false

    var logger: Logger {
        var logger = Logger(label: "messaging-admin")
        logger.logLevel = .error
        return logger
    }

    /// Runs `body` with a Redis client of the deployment.
    func withRedis<Result: Sendable>(_ body: @Sendable (RedisClient) async throws -> Result) async throws -> Result {
        let environment = ProcessInfo.processInfo.environment
        var configuration: RedisConfiguration
        do {
            configuration = try RedisConfiguration(url: redisURL ?? environment["REDIS_URL"] ?? "redis://127.0.0.1:6379")
        } catch {
            throw AdminFailure.badInput("the Redis URL cannot be read: \(error)")
        }
        configuration.keyPrefix = keyPrefix ?? environment["REDIS_KEY_PREFIX"] ?? "inkstudio:"
        if let username = environment["REDIS_USERNAME"], configuration.username == nil { configuration.username = username }
        if let password = environment["REDIS_PASSWORD"], configuration.password == nil { configuration.password = password }
        configuration.connectTimeout = .seconds(5)
        do {
            return try await RedisClient.withRunning(configuration: configuration, logger: logger, body)
        } catch let error as RedisClientError {
            throw AdminFailure.unreachable("Redis: \(error)")
        }
    }

    /// Runs `body` with the store's database.
    func withDatabase<Result: Sendable>(_ body: @Sendable (any Database) async throws -> Result) async throws -> Result {
        guard let text = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"] else {
            throw AdminFailure.badInput("the store's database is needed: --database-url or DATABASE_URL")
        }
        let database: any Database
        do {
            database = try await DatabaseFactory.make(try DatabaseURL(text), logger: logger)
        } catch {
            throw AdminFailure.unreachable("the database: \(error)")
        }
        // Run as a service, and shut down gracefully: the database closes its connections.
        let services = ServiceGroup(services: [database], gracefulShutdownSignals: [], logger: logger)
        async let running: Void = services.run()
        do {
            let result = try await body(database)
            await services.triggerGracefulShutdown()
            try await running
            return result
        } catch {
            await services.triggerGracefulShutdown()
            try? await running
            throw error
        }
    }

    /// Prints a value as JSON, or its text.
    func print<Value: Encodable>(_ value: Value, text: () -> String) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
        } else {
            Swift.print(text())
        }
    }
}
