import MessagingProtocol

/// The pub/sub channels a gateway listens to, and back from a channel name to what it names.
enum RoomChannel: Sendable, Hashable {
    case room(String)
    case user(String)
    /// ``RedisNames/unreadCounts``: every commit's unread counts, for the users this instance holds.
    case unreadCounts
    case gateway

    static func room(_ conversationID: String) -> String { RedisNames.room(conversationID) }
    static func user(_ userID: String) -> String { RedisNames.user(userID) }

    init?(channel: String, instanceID: String) {
        if channel.hasPrefix("room:") {
            self = .room(String(channel.dropFirst(5)))
        } else if channel.hasPrefix("user:") {
            self = .user(String(channel.dropFirst(5)))
        } else if channel == RedisNames.unreadCounts {
            self = .unreadCounts
        } else if channel == RedisNames.gateway(instanceID) {
            self = .gateway
        } else {
            return nil
        }
    }
}
