/// Internal events on `user:` channels that gateways act on instead of forwarding to sockets.
public enum ControlEvent: String, Sendable, CaseIterable, Hashable {
    /// Body ``TokenRevokedPayload``: close every socket opened with this token (or, with
    /// `revokedBefore`, with any token of the user issued up to then).
    case tokenRevoked = "internal:token-revoked"
}

/// Body of ``ControlEvent/tokenRevoked``.
public struct TokenRevokedPayload: Sendable, Hashable {
    /// The revoked token's `jti` (`*` for every token of the user up to ``revokedBefore``).
    public var tokenId: String
    /// Every token of the user issued at or before this Unix time (seconds) is revoked.
    public var revokedBefore: Int?

    /// Creates the payload.
    public init(tokenId: String, revokedBefore: Int? = nil) {
        self.tokenId = tokenId
        self.revokedBefore = revokedBefore
    }
}
