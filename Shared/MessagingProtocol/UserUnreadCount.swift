/// One user's `unread-count-updated`, as the message store publishes a commit's counts: a list of
/// them in one message on ``RedisNames/unreadCounts``, which every gateway reads and delivers to its
/// own sockets of each user.
public struct UserUnreadCount: Sendable, Hashable {
    /// The user.
    public var userId: String
    /// What their sockets get.
    public var payload: UnreadCountUpdatedPayload

    /// Creates it.
    public init(userId: String, payload: UnreadCountUpdatedPayload) {
        self.userId = userId
        self.payload = payload
    }
}
