public import Foundation

/// A message as the REST API returns it (`GET /api/conversations/{id}/messages`).
///
/// The fields of the frontend's `ConversationMessageDto`, plus `seq`, `senderId` and `readAt`, which
/// the frontend ignores but which let a client page and de-duplicate.
public struct ConversationMessageDto: Codable, Sendable, Hashable {
    /// The message id.
    public var id: String
    /// The text.
    public var content: String
    /// When it was stored.
    public var createdAt: Date
    /// The conversation it belongs to.
    public var conversationId: String
    /// `USER` or `SYSTEM`.
    public var type: MessageType
    /// Whether the recipient has read it.
    public var isRead: Bool
    /// Attached files' metadata.
    public var attachments: [Attachment]
    /// The sender.
    public var sender: UserSummary
    /// Its place in the conversation.
    public var seq: Int
    /// The sender's id.
    public var senderId: String
    /// When it was read.
    public var readAt: Date?
    /// When its sender last edited it.
    public var editedAt: Date?
    /// When its sender deleted it (a tombstone: no content, no attachments).
    public var deletedAt: Date?
    /// Its reactions, by emoji.
    public var reactions: [Reaction]

    private enum CodingKeys: String, CodingKey {
        case id, content, createdAt, conversationId, type, isRead, attachments, sender, seq, senderId, readAt, editedAt, deletedAt, reactions
    }

    /// Reads it; `reactions` absent (a cache written before they existed) is none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        content = try container.decode(String.self, forKey: .content)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        conversationId = try container.decode(String.self, forKey: .conversationId)
        type = try container.decode(MessageType.self, forKey: .type)
        isRead = try container.decode(Bool.self, forKey: .isRead)
        attachments = try container.decode([Attachment].self, forKey: .attachments)
        sender = try container.decode(UserSummary.self, forKey: .sender)
        seq = try container.decode(Int.self, forKey: .seq)
        senderId = try container.decode(String.self, forKey: .senderId)
        readAt = try container.decodeIfPresent(Date.self, forKey: .readAt)
        editedAt = try container.decodeIfPresent(Date.self, forKey: .editedAt)
        deletedAt = try container.decodeIfPresent(Date.self, forKey: .deletedAt)
        reactions = try container.decodeIfPresent([Reaction].self, forKey: .reactions) ?? []
    }

    /// Creates the DTO of a socket message.
    public init(_ message: MessagingMessage) {
        self.id = message.id
        self.content = message.content
        self.createdAt = message.createdAt
        self.conversationId = message.conversationId
        self.type = message.type
        self.isRead = message.isRead
        self.attachments = message.attachments
        self.sender = message.sender
        self.seq = message.seq
        self.senderId = message.senderId
        self.readAt = message.readAt
        self.editedAt = message.editedAt
        self.deletedAt = message.deletedAt
        self.reactions = message.reactions
    }
}
