public import Logging
public import MessagingRedis
import NIOCore

/// The settings every service reads.
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `HOST` | `127.0.0.1` | listen address (`0.0.0.0` in containers) |
/// | `PORT` | the service's own | listen port |
/// | `INSTANCE_ID` | `<service>-<random>` | this instance's name (gateway replies, consumer names) |
/// | `LOG_LEVEL` | `info` | trace, debug, info, notice, warning, error, critical |
/// | `LOG_FORMAT` | `text` | `text` or `json` (one object per line) |
/// | `REDIS_URL` | `redis://127.0.0.1:6379` | `redis://[[user]:password@]host[:port][/db]` |
/// | `REDIS_USERNAME` / `REDIS_PASSWORD` | from the URL | the service's Redis ACL user and password, when kept apart from `REDIS_URL` (a Secret) |
/// | `REDIS_KEY_PREFIX` | `inkstudio:` | before every key, stream and channel; lets deployments share a Redis |
/// | `REDIS_CONNECT_TIMEOUT_MS` | `5000` | connect timeout |
/// | `REDIS_COMMAND_TIMEOUT_MS` | `5000` | reply timeout |
/// | `DEVELOPMENT_MODE` | `false` | `true` lets secrets published with this project (compose and example values) be used; every service refuses them otherwise |
/// | `EVENT_LOOP_THREADS` | the CPUs the process may use | SwiftNIO event-loop threads, which carry every connection and (store, gateway, fan-out) every task; on a machine shared by several services, fewer threads mean fewer wake-ups across threads (`deploy/stack.sh` runs each with 1) |
/// | `HTTP_IDLE_TIMEOUT_MS` | `30000` | a connection that sends no complete request (headers included) for this long is closed; a request being answered (a long poll) is not idle |
/// | `TRUSTED_PROXIES` | — | addresses or CIDR ranges of the proxies (nginx, the load balancer) whose `X-Forwarded-For` / `X-Real-IP` name the client; anyone else's are ignored |
/// | `CORS_ORIGINS` | `http://localhost:3000` | comma-separated browser origins (`scheme://host[:port]`) allowed to act with a user's cookie; `*` allows any |
public struct CommonConfiguration: Sendable {
    /// Listen address.
    public var host: String
    /// Listen port.
    public var port: Int
    /// This instance's name.
    public var instanceID: String
    /// Log level.
    public var logLevel: Logger.Level
    /// Log format.
    public var logFormat: LogFormat
    /// Redis.
    public var redis: RedisConfiguration
    /// The browser origins allowed to act with a user's cookie.
    public var origins: OriginPolicy
    /// Whose forwarding headers name the client.
    public var proxies: ClientAddressResolver
    /// How long an HTTP connection may stay without a complete request.
    public var httpIdleTimeout: Duration
    /// SwiftNIO event-loop threads (the singleton group's size).
    public var eventLoopThreads: Int

    /// Reads the common settings; `service` names the instance by default and `defaultPort` is the
    /// service's own port.
    public init(_ environment: EnvironmentReader, service: String, defaultPort: Int) throws(ConfigurationError) {
        host = environment.string("HOST", default: "127.0.0.1")
        port = try environment.int("PORT", default: defaultPort, range: 1...65535)
        instanceID = environment.string("INSTANCE_ID", default: "\(service)-\(Self.randomSuffix())")
        guard instanceID.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw ConfigurationError(key: "INSTANCE_ID", problem: "\"\(instanceID)\" may only hold letters, digits, '-', '_' and '.'")
        }
        let levelText = environment.string("LOG_LEVEL", default: "info").lowercased()
        guard let level = Logger.Level(rawValue: levelText) else {
            throw ConfigurationError(
                key: "LOG_LEVEL", problem: "\"\(levelText)\" is not one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = level
        logFormat = try environment.choice("LOG_FORMAT", default: LogFormat.text)
        let redisURL = environment.string("REDIS_URL", default: "redis://127.0.0.1:6379")
        do {
            redis = try RedisConfiguration(url: redisURL)
        } catch {
            throw ConfigurationError(key: "REDIS_URL", problem: error.message)
        }
        do {
            origins = try OriginPolicy(origins: environment.list("CORS_ORIGINS", default: ["http://localhost:3000"]))
        } catch {
            throw ConfigurationError(key: "CORS_ORIGINS", problem: "\"\(error.entry)\" is not an origin (scheme://host[:port]) or *")
        }
        if let username = environment.optionalString("REDIS_USERNAME") { redis.username = username }
        if let password = environment.optionalString("REDIS_PASSWORD") { redis.password = password }
        try environment.refuseExampleSecret(environment.optionalString("REDIS_PASSWORD") == nil ? "REDIS_URL" : "REDIS_PASSWORD", redis.password)
        _ = try environment.bool("DEVELOPMENT_MODE", default: false)
        proxies = try ClientAddressResolver(environment)
        httpIdleTimeout = try environment.milliseconds("HTTP_IDLE_TIMEOUT_MS", default: .seconds(30), range: 100...3_600_000)
        eventLoopThreads = try environment.int("EVENT_LOOP_THREADS", default: System.coreCount, range: 1...256)
        redis.keyPrefix = environment.string("REDIS_KEY_PREFIX", default: "inkstudio:")
        redis.connectTimeout = try environment.milliseconds("REDIS_CONNECT_TIMEOUT_MS", default: .seconds(5), range: 1...600_000)
        redis.commandTimeout = try environment.milliseconds("REDIS_COMMAND_TIMEOUT_MS", default: .seconds(5), range: 1...600_000)
    }

    static func randomSuffix() -> String {
        String((0..<6).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
    }
}
