public import MessagingProtocol

/// One `unread-count-updated` for one user, versioned by the stream entry it came from.
public struct UnreadUpdate: Sendable, Hashable {
    /// The user.
    public var userId: String
    /// The `events` entry id (`<ms>-<n>`): a count is published only when its version is newer than
    /// the last one published for the user.
    public var version: String
    /// The payload.
    public var payload: UnreadCountUpdatedPayload

    /// Creates an update.
    public init(userId: String, version: String, payload: UnreadCountUpdatedPayload) {
        self.userId = userId
        self.version = version
        self.payload = payload
    }
}
