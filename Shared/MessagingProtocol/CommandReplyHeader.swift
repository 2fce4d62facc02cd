/// The header of the reply the message store publishes on `gateway:{instanceId}`.
///
/// When `error` is `nil` the body is the command's result as raw JSON (for `send-message`, a
/// ``MessagingMessage``; for `join-conversation`, a ``ConversationHistoryPayload``).
public struct CommandReplyHeader: Sendable, Hashable {
    /// The envelope version this code writes.
    public static let currentVersion = 1

    /// Envelope version.
    public var v: Int
    /// The ``CommandEnvelope/requestId`` this answers.
    public var requestId: String
    /// The failure, if the command failed.
    public var error: MessagingError?

    /// Creates a header.
    public init(requestId: String, error: MessagingError? = nil) {
        self.v = Self.currentVersion
        self.requestId = requestId
        self.error = error
    }
}

/// A reply on a `gateway:` channel.
public typealias CommandReplyEnvelope = FramedEnvelope<CommandReplyHeader>
