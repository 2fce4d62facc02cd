/// The names of the Redis streams, channels and keys the services share (before the deployment's
/// key prefix, which the Redis client adds).
public enum RedisNames {
    /// Stream: gateway (and HTTP API) → message store commands.
    public static let commandsStream = "commands"
    /// Consumer group of the message store on ``commandsStream``.
    public static let storeConsumerGroup = "store"
    /// Stream: message store → notification fan-out domain events.
    public static let eventsStream = "events"
    /// Consumer group of the notification fan-out on ``eventsStream``.
    public static let fanoutConsumerGroup = "fanout"
    /// Stream: auth service → message store, the public profiles of users as they register or
    /// change (apart from `events`, which carries every message: the store reads only these).
    public static let profilesStream = "profiles"
    /// Consumer group of the message store on ``profilesStream``.
    public static let storeProfilesGroup = "store-profiles"
    /// Stream: notifications that could not be delivered after the last retry.
    public static let notificationsDeadLetterStream = "notifications:dead"

    /// Channel: live events for every socket in a conversation room.
    public static func room(_ conversationId: String) -> String { "room:\(conversationId)" }
    /// Channel: live events for every socket of one user (token revocations).
    public static func user(_ userId: String) -> String { "user:\(userId)" }
    /// Channel: the unread counts a commit changed, one message per published batch (a list of
    /// ``UserUnreadCount``), read by every gateway, each delivering to its own sockets of those users.
    public static let unreadCounts = "unread"
    /// Channel: replies to the commands one gateway instance sent.
    public static func gateway(_ instanceId: String) -> String { "gateway:\(instanceId)" }
    /// Key: a user's presence, refreshed with a TTL by the gateways that hold their sockets.
    public static func presence(_ userId: String) -> String { "presence:\(userId)" }
    /// Key (hash): the offline notification collected for a user, not yet delivered.
    public static func notificationJob(_ userId: String) -> String { "notify:job:\(userId)" }
    /// Key (sorted set): users whose notification is due, scored by when (Unix milliseconds).
    public static let notificationsDue = "notify:due"
    /// Key: marks that one event was collected for one user (a redelivered event adds nothing).
    public static func notificationSeen(eventId: String, userId: String) -> String { "notify:seen:\(eventId):\(userId)" }
    /// Key: set once a notification's Web Push went out (a webhook retry does not push it again).
    public static func notificationPushed(_ notificationId: String) -> String { "notify:pushed:\(notificationId)" }
    /// Key (hash): a user's Web Push subscriptions, endpoint → `<p256dh>.<auth>` (base64url).
    public static func pushSubscriptions(_ userId: String) -> String { "push:subscriptions:\(userId)" }
    /// Key: every token of a user issued at or before the Unix time (seconds) it holds is revoked
    /// (under `revoked:` like single tokens: the same services read both).
    public static func revokedUser(_ userId: String) -> String { "revoked:user:\(userId)" }
    /// Key: a revoked token id, kept until the token would have expired.
    public static func revokedToken(_ tokenId: String) -> String { "revoked:\(tokenId)" }
    /// A disconnected socket's state, kept for Socket.IO connection state recovery (by its `pid`).
    public static func recoverableSession(_ pid: String) -> String { "recovery:\(pid)" }
}
