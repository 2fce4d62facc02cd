public import Foundation
public import MessagingProtocol

/// What the platform's webhook receives for a user who is offline: the newest message of a burst,
/// how many the burst held, and the user's unread counts.
public struct WebhookNotification: Sendable, Hashable {
    /// Always `new-messages`.
    public var type: String
    /// Stable across retries of the same notification (`<recipient>:<newest message id>`): a
    /// receiver can drop a repeat.
    public var id: String
    /// Who should be told.
    public var recipientId: String
    /// The conversation of the newest message.
    public var conversationId: String
    /// Its author.
    public var sender: UserSummary
    /// The start of its content (at most ``previewLength`` characters, `…` when cut).
    public var preview: String
    /// The newest message's id.
    public var messageId: String
    /// Messages collapsed into this notification.
    public var messageCount: Int
    /// The recipient's unread messages over all conversations.
    public var unreadCount: Int
    /// The recipient's unread messages in the conversation.
    public var conversationUnread: Int
    /// When the newest message was stored.
    public var createdAt: Date

    /// Preview length in characters.
    public static let previewLength = 140

    /// The notification of one message for one recipient (``messageCount`` 1).
    public init(message: MessagingMessage, recipient: RecipientUnread) {
        self.type = "new-messages"
        self.id = "\(recipient.userId):\(message.id)"
        self.recipientId = recipient.userId
        self.conversationId = message.conversationId
        self.sender = message.sender
        self.preview = Self.preview(of: message)
        self.messageId = message.id
        self.messageCount = 1
        self.unreadCount = recipient.totalUnread
        self.conversationUnread = recipient.conversationUnread
        self.createdAt = message.createdAt
    }

    /// The start of the text; "encrypted message" for an end-to-end encrypted one (the envelope
    /// is not text, and nobody but the devices can read it); the first file's name for files only.
    static func preview(of message: MessagingMessage) -> String {
        if message.type != .system, EncryptedEnvelope.looksLike(message.content) { return EncryptedEnvelope.placeholder }
        if message.content.isEmpty, let first = message.attachments.first { return "📎 \(first.fileName)" }
        guard message.content.count > previewLength else { return message.content }
        return String(message.content.prefix(previewLength - 1)) + "…"
    }
}
