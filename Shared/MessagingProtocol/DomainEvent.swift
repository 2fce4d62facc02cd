public import Foundation

/// A recipient of a domain event with their unread counts after it.
public struct RecipientUnread: Sendable, Hashable {
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
    /// A message was deleted; the recipients whose unread counts it lowered, with their counts.
    case messageDeleted(conversationId: String, messageId: String, deletedAt: Date, recipients: [RecipientUnread])

    /// The stream entry's `type` field.
    public var type: String {
        switch self {
        case .messageCreated: "message-created"
        case .messagesRead: "messages-read"
        case .userProfileUpdated: "user-profile-updated"
        case .messageDeleted: "message-deleted"
        }
    }
}
