public import MessagingRedis

/// Something `/health/ready` asks: Redis, the database, …
public protocol ReadinessCheck: Sendable {
    /// A short name for the JSON answer (`redis`, `database`).
    var name: String { get }
    /// Whether the dependency works right now.
    func isReady() async -> Bool
}

/// Ready when Redis answers and the subscriber is not deaf (the self-ping of ``RedisClient/checkHealth()``).
public struct RedisReadinessCheck: ReadinessCheck {
    let client: RedisClient

    /// Checks this client.
    public init(client: RedisClient) { self.client = client }

    public var name: String { "redis" }

    public func isReady() async -> Bool { await client.checkHealth() }
}
