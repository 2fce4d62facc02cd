/// The events the server emits on the `/messaging` namespace.
public enum ServerEvent: String, Sendable, CaseIterable, Hashable {
    /// A ``MessagingMessage``.
    case newMessage = "new-message"
    /// A ``ConversationHistoryPayload``.
    case conversationHistory = "conversation-history"
    /// A ``UserTypingPayload``.
    case userTyping = "user-typing"
    /// A ``UserStoppedTypingPayload``.
    case userStoppedTyping = "user-stopped-typing"
    /// A ``MessageReadPayload``.
    case messageRead = "message-read"
    /// The edited ``MessagingMessage`` (with `editedAt`).
    case messageUpdated = "message-updated"
    /// A ``MessageDeletedPayload``.
    case messageDeleted = "message-deleted"
    /// A ``ReactionsUpdatedPayload``.
    case reactionsUpdated = "reactions-updated"
    /// An ``UnreadCountUpdatedPayload``.
    case unreadCountUpdated = "unread-count-updated"
    /// A ``MessagingError`` (`{ message, code }`), for failures of events sent without an ack.
    case error = "error"
}
