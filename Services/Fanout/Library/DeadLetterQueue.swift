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
        let reply = try await redis.send(
            RedisCommand([.string("XRANGE"), redis.key(RedisNames.notificationsDeadLetterStream), .string("-"), .string("+"), .string("COUNT"), .integer(count)]))
        return (reply.array ?? []).compactMap(Self.entry)
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
            _ = try await redis.send(RedisCommand([.string("XDEL"), redis.key(RedisNames.notificationsDeadLetterStream), .string(entry.id)]))
            replayed.append(entry.id)
        }
        return replayed
    }

    static func entry(_ value: RESPValue) -> Entry? {
        guard let parts = value.array, parts.count == 2, let id = parts[0].string, let flat = parts[1].array else { return nil }
        var fields = [String: String]()
        for index in stride(from: 0, to: flat.count - 1, by: 2) {
            if let name = flat[index].string, let text = flat[index + 1].string { fields[name] = text }
        }
        return Entry(
            id: id, recipientId: fields["recipientId"] ?? "", attempts: Int(fields["attempts"] ?? "") ?? 0, error: fields["error"] ?? "",
            notification: fields["notification"].flatMap { try? WebhookNotification(json: $0) })
    }
}
