public import ServiceKit

/// What one client may do on a gateway, so that no socket or user can flood the others: rates are
/// token buckets (a burst, then a steady rate); a refusal is a `RATE_LIMITED` ack (or `error`
/// event) and changes nothing else.
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `EVENT_RATE` / `EVENT_BURST` | `30` / `60` | events a socket may send per second, whatever they are |
/// | `SEND_RATE` / `SEND_BURST` | `5` / `20` | `send-message` per second per socket |
/// | `USER_SEND_RATE` / `USER_SEND_BURST` | `10` / `40` | `send-message` per second per user, all their sockets on this instance |
/// | `TYPING_RATE` / `TYPING_BURST` | `4` / `10` | `user-typing` and `user-stopped-typing` per second per socket |
/// | `JOIN_RATE` / `JOIN_BURST` | `10` / `50` | `join-conversation` per second per socket |
/// | `MAX_ROOMS_PER_SOCKET` | `500` | conversations one socket may be in at once |
/// | `MAX_PENDING_ACKS` | `64` | events of one socket waiting for the store's answer at once |
/// | `MAX_SESSIONS_PER_IP` | `200` | sessions one client address may hold on this instance (behind a proxy, the address it names: `TRUSTED_PROXIES`) |
/// | `HANDSHAKE_RATE` / `HANDSHAKE_BURST` | `20` / `60` | new sessions per second per client address |
public struct ClientLimits: Sendable, Hashable {
    /// Any event, per socket.
    public var events: TokenBucket.Rate
    /// `send-message`, per socket.
    public var sends: TokenBucket.Rate
    /// `send-message`, per user on this instance.
    public var userSends: TokenBucket.Rate
    /// Typing events, per socket.
    public var typing: TokenBucket.Rate
    /// `join-conversation`, per socket.
    public var joins: TokenBucket.Rate
    /// Rooms per socket.
    public var maxRooms: Int
    /// Store answers one socket may wait for.
    public var maxPendingAcks: Int
    /// Sessions per client address.
    public var maxSessionsPerAddress: Int
    /// Handshakes per client address.
    public var handshakes: TokenBucket.Rate

    /// Limits.
    public init(
        events: TokenBucket.Rate = .init(perSecond: 30, burst: 60), sends: TokenBucket.Rate = .init(perSecond: 5, burst: 20),
        userSends: TokenBucket.Rate = .init(perSecond: 10, burst: 40), typing: TokenBucket.Rate = .init(perSecond: 4, burst: 10),
        joins: TokenBucket.Rate = .init(perSecond: 10, burst: 50), maxRooms: Int = 500, maxPendingAcks: Int = 64,
        maxSessionsPerAddress: Int = 200, handshakes: TokenBucket.Rate = .init(perSecond: 20, burst: 60)
    ) {
        self.events = events
        self.sends = sends
        self.userSends = userSends
        self.typing = typing
        self.joins = joins
        self.maxRooms = maxRooms
        self.maxPendingAcks = maxPendingAcks
        self.maxSessionsPerAddress = maxSessionsPerAddress
        self.handshakes = handshakes
    }

    /// Reads the environment (the defaults above when unset).
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        let standard = ClientLimits()
        func rate(_ name: String, _ fallback: TokenBucket.Rate) throws(ConfigurationError) -> TokenBucket.Rate {
            let perSecond = try environment.int("\(name)_RATE", default: Int(fallback.perSecond), range: 1...1_000_000)
            let burst = try environment.int("\(name)_BURST", default: Int(fallback.burst), range: 1...1_000_000)
            return TokenBucket.Rate(perSecond: Double(perSecond), burst: Double(burst))
        }
        self.init(
            events: try rate("EVENT", standard.events), sends: try rate("SEND", standard.sends), userSends: try rate("USER_SEND", standard.userSends),
            typing: try rate("TYPING", standard.typing), joins: try rate("JOIN", standard.joins),
            maxRooms: try environment.int("MAX_ROOMS_PER_SOCKET", default: standard.maxRooms, range: 1...1_000_000),
            maxPendingAcks: try environment.int("MAX_PENDING_ACKS", default: standard.maxPendingAcks, range: 1...1_000_000),
            maxSessionsPerAddress: try environment.int("MAX_SESSIONS_PER_IP", default: standard.maxSessionsPerAddress, range: 1...10_000_000),
            handshakes: try rate("HANDSHAKE", standard.handshakes))
    }
}
