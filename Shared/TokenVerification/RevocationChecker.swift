public import Foundation
public import MessagingProtocol
public import MessagingRedis
import NIOCore

/// Answers whether a token was revoked.
public protocol RevocationChecker: Sendable {
    /// Whether the token is revoked, on its own or with every token of its user issued up to a
    /// time; throws ``MessagingError`` `.unavailable` if it cannot tell.
    func isRevoked(tokenID: String, userID: String, issuedAt: Date) async throws(MessagingError) -> Bool
}

/// Revocations kept in Redis: `revoked:{jti}` exists until the token would have expired, and
/// `revoked:user:{userId}` holds the time up to which every token of the user is revoked. One
/// `MGET` reads both; the writes are here too (logout, `messaging-admin`).
public struct RedisRevocationList: RevocationChecker {
    /// A token to check.
    public struct Token: Sendable, Hashable {
        public var id: String
        public var userID: String
        public var issuedAt: Date

        public init(id: String, userID: String, issuedAt: Date) {
            self.id = id
            self.userID = userID
            self.issuedAt = issuedAt
        }
    }

    let client: RedisClient

    /// Reads revocations through this client.
    public init(client: RedisClient) { self.client = client }

    public func isRevoked(tokenID: String, userID: String, issuedAt: Date) async throws(MessagingError) -> Bool {
        try await !revoked(among: [Token(id: tokenID, userID: userID, issuedAt: issuedAt)]).isEmpty
    }

    /// Which of these tokens are revoked (their ids): one pipelined `MGET` each, 1 000 per round trip.
    public func revoked(among tokens: [Token]) async throws(MessagingError) -> Set<String> {
        var revoked = Set<String>()
        do {
            for start in stride(from: 0, to: tokens.count, by: 1000) {
                let batch = Array(tokens[start..<min(start + 1000, tokens.count)])
                let replies = try await client.send(
                    batch: batch.map {
                        RedisCommand([.string("MGET"), client.key(RedisNames.revokedToken($0.id)), client.key(RedisNames.revokedUser($0.userID))])
                    })
                for (token, reply) in zip(batch, replies) where Self.revokes(reply, issuedAt: token.issuedAt) { revoked.insert(token.id) }
            }
        } catch {
            throw MessagingError(.unavailable, "cannot check token revocation right now")
        }
        return revoked
    }

    /// Revokes one token until `expiresIn` from now (when it would have expired), and tells the
    /// gateways on `user:{userId}` to close its sockets at once.
    public func revoke(tokenID: String, userID: String, expiresIn: Duration, origin: String) async throws {
        try await client.set(RedisNames.revokedToken(tokenID), to: ByteBuffer(string: "1"), expiresIn: expiresIn)
        try await announce(TokenRevokedPayload(tokenId: tokenID), to: userID, origin: origin)
    }

    /// Revokes every token of a user issued up to `before` (Unix seconds), kept `keepFor` (the
    /// longest token lifetime), and tells the gateways to close the user's sockets at once.
    public func revokeAll(userID: String, before: Int, keepFor: Duration, origin: String) async throws {
        try await client.set(RedisNames.revokedUser(userID), to: ByteBuffer(string: String(before)), expiresIn: keepFor)
        try await announce(TokenRevokedPayload(tokenId: "*", revokedBefore: before), to: userID, origin: origin)
    }

    private func announce(_ payload: TokenRevokedPayload, to userID: String, origin: String) async throws {
        let envelope = BroadcastEnvelope(header: BroadcastHeader(event: ControlEvent.tokenRevoked.rawValue, origin: origin), body: payload.jsonString)
        try await client.publish(ByteBuffer(bytes: envelope.encoded()), to: RedisNames.user(userID))
    }

    /// Whether an `MGET revoked:{jti} revoked:user:{id}` reply revokes a token issued at `issuedAt`.
    public static func revokes(_ reply: RESPValue, issuedAt: Date) -> Bool {
        guard let values = reply.array, values.count == 2 else { return false }
        if case .null = values[0] {} else { return true }
        guard let before = values[1].string.flatMap({ Int($0) }) else { return false }
        return Int(issuedAt.timeIntervalSince1970) <= before
    }
}
