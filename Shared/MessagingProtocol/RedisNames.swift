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
    /// Stream: notifications that could not be delivered after the last retry.
    public static let notificationsDeadLetterStream = "notifications:dead"

    /// Channel: live events for every socket in a conversation room.
    public static func room(_ conversationId: String) -> String { "room:\(conversationId)" }
    /// Channel: live events for every socket of one user (unread counts, revocations).
    public static func user(_ userId: String) -> String { "user:\(userId)" }
    /// Channel: replies to the commands one gateway instance sent.
    public static func gateway(_ instanceId: String) -> String { "gateway:\(instanceId)" }
    /// Key: a user's presence, refreshed with a TTL by the gateways that hold their sockets.
    public static func presence(_ userId: String) -> String { "presence:\(userId)" }
    /// Key: a revoked token id, kept until the token would have expired.
    public static func revokedToken(_ tokenId: String) -> String { "revoked:\(tokenId)" }
}
