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

/// Ready when its closure says so (the database's trivial query, for one).
public struct ReadinessProbe: ReadinessCheck {
    public let name: String
    let check: @Sendable () async -> Bool

    /// A check named `name` (the key in the JSON answer).
    public init(name: String, _ check: @escaping @Sendable () async -> Bool) {
        self.name = name
        self.check = check
    }

    public func isReady() async -> Bool { await check() }
}
