public import Foundation

/// `conversation-history`: `{ conversationId, messages, hasMore }` — the latest messages, oldest first.
public struct ConversationHistoryPayload: Sendable, Hashable {
    /// The conversation.
    public var conversationId: String
    /// The latest messages (at most 50), or with `afterSeq` those that follow it (at most 500);
    /// oldest first.
    public var messages: [MessagingMessage]
    /// Whether older messages exist (latest page), or more follow (`afterSeq`).
    public var hasMore: Bool
    /// The `seq` up to which the history is complete: every message up to it is in it or was before
    /// `afterSeq`, and what follows comes live.
    public var lastSeq: Int?

    /// Creates the payload.
    public init(conversationId: String, messages: [MessagingMessage], hasMore: Bool, lastSeq: Int? = nil) {
        self.conversationId = conversationId
        self.messages = messages
        self.hasMore = hasMore
        self.lastSeq = lastSeq
    }
}

/// `user-typing`: `{ conversationId, userId, userName }`.
public struct UserTypingPayload: Sendable, Hashable {
    /// The conversation.
    public var conversationId: String
    /// Who is typing.
    public var userId: String
    /// Their display name.
    public var userName: String

    /// Creates the payload.
    public init(conversationId: String, userId: String, userName: String) {
        self.conversationId = conversationId
        self.userId = userId
        self.userName = userName
    }
}

/// `user-stopped-typing`: `{ conversationId, userId }`.
public struct UserStoppedTypingPayload: Sendable, Hashable {
    /// The conversation.
    public var conversationId: String
    /// Who stopped typing.
    public var userId: String

    /// Creates the payload.
    public init(conversationId: String, userId: String) {
        self.conversationId = conversationId
        self.userId = userId
    }
}

/// `message-deleted`: `{ conversationId, messageId, deletedAt }`.
public struct MessageDeletedPayload: Sendable, Hashable {
    /// The conversation.
    public var conversationId: String
    /// The message, now a tombstone.
    public var messageId: String
    /// When it was deleted.
    public var deletedAt: Date

    /// Creates the payload.
    public init(conversationId: String, messageId: String, deletedAt: Date) {
        self.conversationId = conversationId
        self.messageId = messageId
        self.deletedAt = deletedAt
    }
}

/// `reactions-updated`: `{ conversationId, messageId, reactions }`, the message's reactions now.
public struct ReactionsUpdatedPayload: Sendable, Hashable {
    /// The conversation.
    public var conversationId: String
    /// The message.
    public var messageId: String
    /// Its reactions, by emoji.
    public var reactions: [Reaction]

    /// Creates the payload.
    public init(conversationId: String, messageId: String, reactions: [Reaction]) {
        self.conversationId = conversationId
        self.messageId = messageId
        self.reactions = reactions
    }
}

/// `message-read`: `{ messageId, conversationId, readAt, readerId }`.
public struct MessageReadPayload: Sendable, Hashable {
    /// The message that was read.
    public var messageId: String
    /// Its conversation.
    public var conversationId: String
    /// When it was read.
    public var readAt: Date
    /// Who read it.
    public var readerId: String

    /// Creates the payload.
    public init(messageId: String, conversationId: String, readAt: Date, readerId: String) {
        self.messageId = messageId
        self.conversationId = conversationId
        self.readAt = readAt
        self.readerId = readerId
    }
}

/// `unread-count-updated`: `{ totalUnread, conversationId?, conversationUnread? }`.
public struct UnreadCountUpdatedPayload: Sendable, Hashable {
    /// The user's unread messages over all conversations.
    public var totalUnread: Int
    /// The conversation whose count changed, when one did.
    public var conversationId: String?
    /// The user's unread messages in that conversation.
    public var conversationUnread: Int?

    /// Creates the payload.
    public init(totalUnread: Int, conversationId: String? = nil, conversationUnread: Int? = nil) {
        self.totalUnread = totalUnread
        self.conversationId = conversationId
        self.conversationUnread = conversationUnread
    }
}

/// The ack of `send-message` on success: `{ ok: true, message }`.
public struct SendMessageAck: Sendable, Hashable {
    /// The stored message.
    public var message: MessagingMessage

    /// Creates the ack body.
    public init(message: MessagingMessage) { self.message = message }
}

/// The result of `mark-conversation-as-read`: how many messages became read and the new counts.
public struct ConversationReadResult: Sendable, Hashable {
    /// The conversation.
    public var conversationId: String
    /// The ids of the messages this call marked as read.
    public var messageIds: [String]
    /// When they were read.
    public var readAt: Date
    /// The reader's total unread count after the call.
    public var totalUnread: Int

    /// Creates the result.
    public init(conversationId: String, messageIds: [String], readAt: Date, totalUnread: Int) {
        self.conversationId = conversationId
        self.messageIds = messageIds
        self.readAt = readAt
        self.totalUnread = totalUnread
    }
}
