public import EngineIO
public import ServiceKit
public import TokenVerification

/// The socket gateway's settings (besides ``CommonConfiguration``, whose `CORS_ORIGINS` it answers
/// CORS with and checks cookie-authenticated connects against; default port 8090).
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `PING_INTERVAL_MS` | `25000` | Engine.IO heartbeat: the server pings this often |
/// | `PING_TIMEOUT_MS` | `20000` | a session whose pong does not come within this is closed |
/// | `MAX_PAYLOAD` | `1000000` | largest Engine.IO packet or polling body in bytes (larger closes that session) |
/// | `CONNECT_TIMEOUT_MS` | `45000` | a session that joins no namespace within this is closed |
/// | `MAX_UNREAD_BYTES` | `4194304` | a WebSocket client that leaves more unread is closed as a slow consumer |
/// | `MAX_QUEUED_PACKETS` | `10000` | a polling client that leaves more packets unread is closed as a slow consumer |
/// | `MAX_INBOUND_PACKETS` | `1000` | packets a client sent and the gateway has not handled yet: past this its session is closed |
/// | `ACK_TIMEOUT_MS` | `10000` | a store command unanswered this long is acked `UNAVAILABLE` |
/// | `TYPING_TIMEOUT_MS` | `5000` | a typing state not refreshed this long ends with `user-stopped-typing` |
/// | `PRESENCE_TTL_MS` | `30000` | `presence:{userId}` lives this long; refreshed every third of it while a socket is here |
/// | `SHUTDOWN_GRACE_MS` | `10000` | on SIGTERM, how long sessions get to close before the process exits |
/// | `GAP_REPAIR_MS` | `500` | a room missing a `seq` this long (a publish lost or late) reads it from the store |
/// | `COMMAND_BACKLOG_LIMIT` | `100000` | commands the stores may be behind before new ones are refused `UNAVAILABLE` |
/// | `CONNECTION_STATE_RECOVERY_MS` | `120000` | Socket.IO connection state recovery: how long a dropped socket can come back (any gateway) with its rooms and missed messages; `0` turns it off |
/// | `TOKEN_EXPIRY_GRACE_MS` | `10000` | a socket whose token expired this long ago gets `error` `{code: TOKEN_EXPIRED}` and is disconnected |
/// | `REVOCATION_RECHECK_MS` | `60000` | how often the revocation list is read back for every open socket (besides the live `token-revoked` publish) |
/// | plus the limits of ``ClientLimits`` and the token verification variables of ``TokenVerifierConfiguration`` |
public struct GatewayConfiguration: Sendable {
    /// Common settings.
    public var common: CommonConfiguration
    /// Token verification.
    public var verifier: TokenVerifierConfiguration
    /// The Engine.IO settings.
    public var engine: EngineConfiguration
    /// Store round-trip timeout.
    public var ackTimeout: Duration
    /// Server-side end of a typing state.
    public var typingTimeout: Duration
    /// Graceful shutdown limit.
    public var shutdownGrace: Duration
    /// Presence key lifetime (the grace period before a user counts as offline).
    public var presenceTTL: Duration
    /// How long a room waits for a missing `seq` before reading it from the store.
    public var gapPatience: Duration
    /// How many commands the stores may be behind (unread plus pending) before new ones are refused.
    public var commandBacklogLimit: Int
    /// Connection state recovery's window; `nil` when off.
    public var recoveryWindow: Duration?
    /// What one client may do.
    public var limits: ClientLimits
    /// How long after its token's expiry a socket is closed.
    public var tokenExpiryGrace: Duration
    /// How often open sockets' tokens are checked against the revocation list.
    public var revocationRecheck: Duration

    /// Reads the environment.
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        common = try CommonConfiguration(environment, service: "gateway", defaultPort: 8090)
        verifier = try TokenVerifierConfiguration(environment)
        engine = EngineConfiguration(
            pingInterval: try environment.milliseconds("PING_INTERVAL_MS", default: .seconds(25), range: 50...3_600_000),
            pingTimeout: try environment.milliseconds("PING_TIMEOUT_MS", default: .seconds(20), range: 50...3_600_000),
            maxPayload: try environment.int("MAX_PAYLOAD", default: 1_000_000, range: 1024...100_000_000),
            connectTimeout: try environment.milliseconds("CONNECT_TIMEOUT_MS", default: .seconds(45), range: 100...3_600_000),
            maxUnreadBytes: try environment.int("MAX_UNREAD_BYTES", default: 4 << 20, range: 65_536...1 << 30),
            maxInboundPackets: try environment.int("MAX_INBOUND_PACKETS", default: 1000, range: 1...1_000_000),
            maxQueuedPackets: try environment.int("MAX_QUEUED_PACKETS", default: 10_000, range: 10...10_000_000),
            requestTimeout: common.httpIdleTimeout)
        // What the messaging namespace reads at a CONNECT: the token (header or cookie) and the origin.
        engine.retainedHandshakeHeaders = [.authorization, .cookie, .origin]
        ackTimeout = try environment.milliseconds("ACK_TIMEOUT_MS", default: .seconds(10), range: 100...600_000)
        typingTimeout = try environment.milliseconds("TYPING_TIMEOUT_MS", default: .seconds(5), range: 100...600_000)
        shutdownGrace = try environment.milliseconds("SHUTDOWN_GRACE_MS", default: .seconds(10), range: 0...600_000)
        presenceTTL = try environment.milliseconds("PRESENCE_TTL_MS", default: .seconds(30), range: 300...3_600_000)
        gapPatience = try environment.milliseconds("GAP_REPAIR_MS", default: .milliseconds(500), range: 10...60_000)
        commandBacklogLimit = try environment.int("COMMAND_BACKLOG_LIMIT", default: 100_000, range: 10...100_000_000)
        let recovery = try environment.milliseconds("CONNECTION_STATE_RECOVERY_MS", default: .seconds(120), range: 0...86_400_000)
        recoveryWindow = recovery == .zero ? nil : recovery
        limits = try ClientLimits(environment)
        tokenExpiryGrace = try environment.milliseconds("TOKEN_EXPIRY_GRACE_MS", default: .seconds(10), range: 0...3_600_000)
        revocationRecheck = try environment.milliseconds("REVOCATION_RECHECK_MS", default: .seconds(60), range: 100...86_400_000)
    }
}
