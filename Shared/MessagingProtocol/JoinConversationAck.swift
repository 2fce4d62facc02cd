/// A `join-conversation` ack, `{ ok: true, conversationId, hasMore }`, sent after the `conversation-history` event.
public struct JoinConversationAck: Sendable, Hashable {
    /// The joined conversation.
    public var conversationId: String
    /// Whether older messages than the history's exist.
    public var hasMore: Bool

    /// Creates the ack's fields.
    public init(conversationId: String, hasMore: Bool) {
        self.conversationId = conversationId
        self.hasMore = hasMore
    }
}
