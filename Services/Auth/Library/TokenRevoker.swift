import Foundation
import MessagingProtocol
import MessagingRedis
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
            try await RedisRevocationList(client: redis).revoke(
                tokenID: token.tokenID, userID: token.user.id, expiresIn: .milliseconds(Int(remaining * 1000) + 1000), origin: instanceID)
        } catch {
            throw MessagingError(.unavailable, "cannot revoke the token right now")
        }
    }
}
