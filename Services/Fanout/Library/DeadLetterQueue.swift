public import Foundation
import MessagingProtocol
public import MessagingRedis

/// The offline notifications that could not be delivered (`notifications:dead`), for operators:
/// listed, and replayed into the notification queue (delivered again by the fan-out, to the
/// webhook and by Web Push, unless the user is online by then), each removed from the dead-letter
/// stream once queued again.
public struct DeadLetterQueue: Sendable {
    /// One dead-lettered notification.
    public struct Entry: Sendable, Hashable {
        /// Its id in the stream.
        public var id: String
        public var recipientId: String
        public var attempts: Int
        /// The last error.
        public var error: String
        /// The notification as it would have been sent (`nil` when unreadable).
        public var notification: WebhookNotification?
    }

    let redis: RedisClient

    /// The queue of a fan-out's Redis.
    public init(redis: RedisClient) { self.redis = redis }

    /// The oldest `count` entries.
    public func list(count: Int) async throws -> [Entry] {
        try await redis.xrange(RedisNames.notificationsDeadLetterStream, count: count).map(Self.entry)
    }

    /// Queues the entries again (all when `ids` is empty) to be delivered at once; returns the
    /// ids replayed (an unreadable entry stays where it is).
    public func replay(ids: [String], now: Date = Date()) async throws -> [String] {
        let entries = try await list(count: 100_000).filter { ids.isEmpty || ids.contains($0.id) }
        let queue = NotificationQueue(redis: redis, seenTTL: .seconds(7 * 86_400))
        var replayed = [String]()
        for entry in entries {
            guard let notification = entry.notification else { continue }
            _ = try await queue.collect([(eventId: "replay:\(entry.id)", notification: notification)], dueAt: now)
            try await redis.xdel(RedisNames.notificationsDeadLetterStream, ids: [entry.id])
            replayed.append(entry.id)
        }
        return replayed
    }

    static func entry(_ stored: RedisStreamEntry) -> Entry {
        Entry(
            id: stored.id, recipientId: stored.string("recipientId") ?? "", attempts: Int(stored.string("attempts") ?? "") ?? 0,
            error: stored.string("error") ?? "", notification: stored.string("notification").flatMap { try? WebhookNotification(json: $0) })
    }
}
