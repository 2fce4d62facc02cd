import Foundation
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceKit
import TokenVerification

/// Revokes tokens: keeps `revoked:{jti}` in Redis until the token would have expired (every
/// service's verifier checks it), and tells the gateways on `user:{userId}` to close that token's
/// sockets at once.
struct TokenRevoker: Sendable {
    let redis: RedisClient
    let instanceID: String

    func revoke(_ token: VerifiedToken) async throws(MessagingError) {
        let remaining = token.expiresAt.timeIntervalSinceNow
        guard remaining > 0 else { return }
        do {
            try await redis.set(
                RedisNames.revokedToken(token.tokenID), to: ByteBuffer(string: "1"), expiresIn: .milliseconds(Int(remaining * 1000) + 1000))
            let body = TokenRevokedPayload(tokenId: token.tokenID).jsonString
            let envelope = BroadcastEnvelope(header: BroadcastHeader(event: ControlEvent.tokenRevoked.rawValue, origin: instanceID), body: body)
            try await redis.publish(ByteBuffer(bytes: envelope.encoded()), to: RedisNames.user(token.user.id))
        } catch {
            throw MessagingError(.unavailable, "cannot revoke the token right now")
        }
    }
}
