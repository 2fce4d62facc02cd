public import MessagingProtocol
public import MessagingRedis

/// Answers whether a token id was revoked.
public protocol RevocationChecker: Sendable {
    /// Whether the token id is revoked; throws ``MessagingError`` `.unavailable` if it cannot tell.
    func isRevoked(tokenID: String) async throws(MessagingError) -> Bool
}

/// Revocations kept in Redis: the key `revoked:{jti}` exists until the token would have expired.
public struct RedisRevocationList: RevocationChecker {
    let client: RedisClient

    /// Reads revocations through this client.
    public init(client: RedisClient) { self.client = client }

    public func isRevoked(tokenID: String) async throws(MessagingError) -> Bool {
        do {
            return try await client.exists(RedisNames.revokedToken(tokenID))
        } catch {
            throw MessagingError(.unavailable, "cannot check token revocation right now")
        }
    }
}
