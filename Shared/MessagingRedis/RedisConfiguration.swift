/// How to reach Redis and how to behave when it goes away.
public struct RedisConfiguration: Sendable, Hashable {
    /// The host. Default `127.0.0.1`.
    public var host: String = "127.0.0.1"
    /// The port. Default `6379`.
    public var port: Int = 6379
    /// The ACL user name (`AUTH user password`); `nil` for the default user.
    public var username: String?
    /// The password (`AUTH`); `nil` for none.
    public var password: String?
    /// The database number (`SELECT`). Default `0`.
    public var database: Int = 0
    /// Prepended to every key, stream and channel name the typed helpers use, so that several
    /// deployments can share one Redis (e.g. `inkstudio:`). Default empty.
    public var keyPrefix: String = ""
    /// How long a connection attempt may take. Default 5 s.
    public var connectTimeout: Duration = .seconds(5)
    /// How long a reply may take before the connection is considered broken. Default 5 s.
    public var commandTimeout: Duration = .seconds(5)
    /// Reconnection back-off: the first delay. Default 100 ms.
    public var reconnectInitialDelay: Duration = .milliseconds(100)
    /// Reconnection back-off: the cap. Default 5 s.
    public var reconnectMaximumDelay: Duration = .seconds(5)
    /// How long the subscriber self-ping may take before the client counts as unhealthy. Default 2 s.
    public var healthCheckTimeout: Duration = .seconds(2)

    /// The defaults: a local Redis on 6379.
    public init() {}

    /// Reads a `redis://[[user]:password@]host[:port][/db]` URL; the other settings keep their defaults.
    public init(url: String) throws(RedisClientError) {
        let parsed = try RedisURL(url)
        self.host = parsed.host
        self.port = parsed.port
        self.username = parsed.username
        self.password = parsed.password
        self.database = parsed.database
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// The address without the password.
    public var description: String {
        "redis://\(password == nil ? "" : "***@")\(host):\(port)/\(database)"
    }
}
