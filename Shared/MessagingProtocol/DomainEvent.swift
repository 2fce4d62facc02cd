public import Foundation

/// A recipient of a domain event with their unread counts after it.
public struct RecipientUnread: Codable, Sendable, Hashable {
    /// The recipient.
    public var userId: String
    /// Their unread messages over all conversations.
    public var totalUnread: Int
    /// Their unread messages in the event's conversation.
    public var conversationUnread: Int

    /// Creates it.
    public init(userId: String, totalUnread: Int, conversationUnread: Int) {
        self.userId = userId
        self.totalUnread = totalUnread
        self.conversationUnread = conversationUnread
    }
}

/// What the message store committed, told to the notification fan-out over the `events` stream.
public enum DomainEvent: Sendable, Hashable {
    /// A message was stored; every other participant is a recipient.
    case messageCreated(message: MessagingMessage, recipients: [RecipientUnread])
    /// Messages were read by a reader, whose counts follow.
    case messagesRead(conversationId: String, readerId: String, messageIds: [String], readAt: Date, reader: RecipientUnread)
    /// A user's public profile was created or changed (from the auth service).
    case userProfileUpdated(UserSummary)

    /// The stream entry's `type` field.
    public var type: String {
        switch self {
        case .messageCreated: "message-created"
        case .messagesRead: "messages-read"
        case .userProfileUpdated: "user-profile-updated"
        }
    }
}

extension DomainEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case type, message, recipients, conversationId, readerId, messageIds, readAt, reader, user
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "message-created":
            self = .messageCreated(
                message: try container.decode(MessagingMessage.self, forKey: .message),
                recipients: try container.decode([RecipientUnread].self, forKey: .recipients))
        case "messages-read":
            self = .messagesRead(
                conversationId: try container.decode(String.self, forKey: .conversationId),
                readerId: try container.decode(String.self, forKey: .readerId),
                messageIds: try container.decode([String].self, forKey: .messageIds),
                readAt: try container.decode(Date.self, forKey: .readAt),
                reader: try container.decode(RecipientUnread.self, forKey: .reader))
        case "user-profile-updated":
            self = .userProfileUpdated(try container.decode(UserSummary.self, forKey: .user))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown event \(type)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .messageCreated(let message, let recipients):
            try container.encode(message, forKey: .message)
            try container.encode(recipients, forKey: .recipients)
        case .messagesRead(let conversationId, let readerId, let messageIds, let readAt, let reader):
            try container.encode(conversationId, forKey: .conversationId)
            try container.encode(readerId, forKey: .readerId)
            try container.encode(messageIds, forKey: .messageIds)
            try container.encode(readAt, forKey: .readAt)
            try container.encode(reader, forKey: .reader)
        case .userProfileUpdated(let user):
            try container.encode(user, forKey: .user)
        }
    }
}
