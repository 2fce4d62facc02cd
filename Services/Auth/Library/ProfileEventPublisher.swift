import Foundation
import Logging
import MessagingProtocol
import MessagingRedis

/// Publishes a user's public profile to the `profiles` stream on register and profile change, so the
/// message store can show sender names without reading the auth tables.
struct ProfileEventPublisher: Sendable {
    let redis: RedisClient
    let logger: Logger

    /// Best effort after the commit: a failure is logged (the store also learns profiles from the
    /// verified claims the gateway forwards).
    func publish(_ user: UserSummary) async {
        var profile = user
        profile.email = nil
        let envelope = DomainEventEnvelope(eventId: "profile:\(user.id):\(UUID().uuidString)", occurredAt: Date(), event: .userProfileUpdated(profile))
        do {
            try await redis.xadd(RedisNames.profilesStream, fields: envelope.streamFields(), maxLength: 1_000_000)
        } catch {
            logger.warning("profile event not published", metadata: ["user.id": "\(user.id)", "error": "\(error)"])
        }
    }
}
