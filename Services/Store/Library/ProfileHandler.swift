import Foundation
import Logging
import MessagingDatabase
import MessagingProtocol
import MessagingRedis

/// Keeps the profiles of message authors from the auth service's `user-profile-updated` events.
struct ProfileHandler: Sendable {
    let database: any Database
    let cache: ProfileCache
    let logger: Logger

    func handle(_ entries: [RedisStreamEntry]) async throws -> [String] {
        var profiles = [String: UserSummary]()
        for entry in entries {
            guard entry.string("type") == "user-profile-updated" else { continue }
            guard let envelope = try? DomainEventEnvelope(streamFields: entry.stringFields), case .userProfileUpdated(let user) = envelope.event
            else {
                logger.warning("unreadable profile event skipped", metadata: ["entry": "\(entry.id)"])
                continue
            }
            profiles[user.id] = user
        }
        if !profiles.isEmpty {
            try await StoreRepository(executor: database).upsertProfiles(Array(profiles.values), now: Date())
            cache.remember(Array(profiles.values))
        }
        return entries.map(\.id)
    }
}
