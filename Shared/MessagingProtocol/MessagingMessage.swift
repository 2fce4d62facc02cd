public import Foundation

/// A message as the socket delivers it (`new-message`, `conversation-history`, the `send-message` ack).
public struct MessagingMessage: Sendable, Hashable {
    /// The message id.
    public var id: String
    /// The conversation it belongs to.
    public var conversationId: String
    /// Its place in the conversation: 1, 2, 3, … with no gaps.
    public var seq: Int
    /// The text.
    public var content: String
    /// The sender's user id.
    public var senderId: String
    /// `USER` or `SYSTEM`.
    public var type: MessageType
    /// Whether the recipient has read it.
    public var isRead: Bool
    /// When the recipient read it.
    public var readAt: Date?
    /// When it was stored (ISO 8601 UTC with milliseconds on the wire).
    public var createdAt: Date
    /// Attached files' metadata (always present, possibly empty).
    public var attachments: [Attachment]
    /// The sender's own id for this message, used to make retries idempotent.
    public var clientMessageId: String?
    /// The sender as the frontend shows them.
    public var sender: UserSummary
    /// When its sender last edited it.
    public var editedAt: Date?
    /// When its sender deleted it: a tombstone, with no content and no attachments.
    public var deletedAt: Date?
    /// Its reactions, by emoji (always present, possibly empty).
    public var reactions: [Reaction]

    /// Creates a message.
    public init(
        id: String,
        conversationId: String,
        seq: Int,
        content: String,
        senderId: String,
        type: MessageType,
        isRead: Bool,
        readAt: Date? = nil,
        createdAt: Date,
        attachments: [Attachment] = [],
        clientMessageId: String? = nil,
        sender: UserSummary,
        editedAt: Date? = nil,
        deletedAt: Date? = nil,
        reactions: [Reaction] = []
    ) {
        self.id = id
        self.conversationId = conversationId
        self.seq = seq
        self.content = content
        self.senderId = senderId
        self.type = type
        self.isRead = isRead
        self.readAt = readAt
        self.createdAt = createdAt
        self.attachments = attachments
        self.clientMessageId = clientMessageId
        self.sender = sender
        self.editedAt = editedAt
        self.deletedAt = deletedAt
        self.reactions = reactions
    }
}
