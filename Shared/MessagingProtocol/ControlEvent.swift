/// Internal events on `user:` channels that gateways act on instead of forwarding to sockets.
public enum ControlEvent: String, Sendable, CaseIterable, Hashable {
    /// Body ``TokenRevokedPayload``: close every socket opened with this token.
    case tokenRevoked = "internal:token-revoked"
}

/// Body of ``ControlEvent/tokenRevoked``.
public struct TokenRevokedPayload: Sendable, Hashable {
    /// The revoked token's `jti`.
    public var tokenId: String

    /// Creates the payload.
    public init(tokenId: String) { self.tokenId = tokenId }
}
