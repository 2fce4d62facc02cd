/// The header of a live event published on a `room:` or `user:` channel.
///
/// Every gateway subscribed to the channel emits `event` with the body to its local sockets of that
/// room or user, except the socket named by `exceptSocketId` (typing goes to the *other* sockets).
public struct BroadcastHeader: Sendable, Hashable {
    /// The envelope version this code writes.
    public static let currentVersion = 1

    /// Envelope version.
    public var v: Int
    /// The Socket.IO event name to emit (a ``ServerEvent`` raw value, or an internal control name).
    public var event: String
    /// The instance that published it (a gateway drops its own echoes where it already delivered).
    public var origin: String?
    /// A socket that must not receive it.
    public var exceptSocketId: String?
    /// For `new-message`: the message's `seq`, so a gateway can drop what a socket already has
    /// (a message in the history it just sent, or one delivered twice).
    public var seq: Int?
    /// For a change of a message (`message-updated`, `message-deleted`, `reactions-updated`): the
    /// changed message's `seq`, so a gateway delivers the change only after that `new-message`.
    public var after: Int?
    /// When it was published (Unix milliseconds), for the publish-to-delivery latency.
    public var sentAt: Int?
    /// The W3C `traceparent` of the span that published it, when tracing is on.
    public var traceParent: String?

    /// Creates a header.
    public init(event: String, origin: String? = nil, exceptSocketId: String? = nil, seq: Int? = nil, after: Int? = nil, sentAt: Int? = nil) {
        self.sentAt = sentAt
        self.v = Self.currentVersion
        self.event = event
        self.origin = origin
        self.exceptSocketId = exceptSocketId
        self.seq = seq
        self.after = after
    }
}

/// A live event on a `room:` or `user:` channel.
public typealias BroadcastEnvelope = FramedEnvelope<BroadcastHeader>
