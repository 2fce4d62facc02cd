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

    /// Which of these token ids are revoked: one pipelined `EXISTS` each, 1 000 per round trip.
    public func revoked(among tokenIDs: [String]) async throws(MessagingError) -> Set<String> {
        var revoked = Set<String>()
        do {
            for start in stride(from: 0, to: tokenIDs.count, by: 1000) {
                let batch = Array(tokenIDs[start..<min(start + 1000, tokenIDs.count)])
                let replies = try await client.send(batch: batch.map { RedisCommand([.string("EXISTS"), client.key(RedisNames.revokedToken($0))]) })
                for (token, reply) in zip(batch, replies) where reply.int == 1 { revoked.insert(token) }
            }
        } catch {
            throw MessagingError(.unavailable, "cannot check token revocation right now")
        }
        return revoked
    }
}
