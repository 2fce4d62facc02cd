/// Why the gateway refused a client something to protect the others (a metric label, a log word).
enum GatewayRefusal: String, CaseIterable, Sendable {
    /// A cookie-authenticated connect from an origin not in `CORS_ORIGINS`.
    case origin
    /// `send-message` over the socket's or the user's rate.
    case sendRate = "send_rate"
    /// Typing events over their rate.
    case typingRate = "typing_rate"
    /// `join-conversation` over its rate.
    case joinRate = "join_rate"
    /// Any event over the socket's overall rate.
    case eventRate = "event_rate"
    /// A join past the rooms a socket may hold.
    case rooms
    /// An event while the socket already waits for as many store answers as it may.
    case pendingAcks = "pending_acks"
    /// A socket whose token expired (closed).
    case tokenExpired = "token_expired"
    /// A socket whose token was found revoked by the periodic check (closed).
    case revoked
    /// A handshake from an address that holds `MAX_SESSIONS_PER_IP` sessions.
    case sessionsPerAddress = "sessions_per_address"
    /// A handshake over its address's rate.
    case handshakeRate = "handshake_rate"
}
