/// `join-conversation`, `leave-conversation`, `user-typing`, `user-stopped-typing` and
/// `mark-conversation-as-read` all carry `{ conversationId }`.
public struct ConversationRef: Sendable, Hashable {
    /// The conversation.
    public var conversationId: String

    /// Creates the payload.
    public init(conversationId: String) { self.conversationId = conversationId }
}

/// `send-message`: `{ conversationId, content, attachments?, clientMessageId? }`.
public struct SendMessageRequest: Sendable, Hashable {
    /// The conversation.
    public var conversationId: String
    /// The text (trimmed by the server; 1…10 000 characters unless attachments are present).
    public var content: String
    /// Attached files' metadata.
    public var attachments: [Attachment]?
    /// The client's own id for this message; the same id from the same sender stores one message.
    public var clientMessageId: String?

    /// Creates the payload.
    public init(conversationId: String, content: String, attachments: [Attachment]? = nil, clientMessageId: String? = nil) {
        self.conversationId = conversationId
        self.content = content
        self.attachments = attachments
        self.clientMessageId = clientMessageId
    }
}

/// `mark-as-read` and `delete-message`: `{ messageId }`.
public struct MessageRef: Sendable, Hashable {
    /// The message.
    public var messageId: String

    /// Creates the payload.
    public init(messageId: String) { self.messageId = messageId }
}

/// `edit-message`: `{ messageId, content }`.
public struct EditMessageRequest: Sendable, Hashable {
    /// The message.
    public var messageId: String
    /// Its new text.
    public var content: String

    /// Creates the payload.
    public init(messageId: String, content: String) {
        self.messageId = messageId
        self.content = content
    }
}

/// `add-reaction` and `remove-reaction`: `{ messageId, emoji }`.
public struct ReactionRequest: Sendable, Hashable {
    /// The message.
    public var messageId: String
    /// One emoji.
    public var emoji: String

    /// Creates the payload.
    public init(messageId: String, emoji: String) {
        self.messageId = messageId
        self.emoji = emoji
    }
}

/// `mark-as-read`: `{ messageId }`.
public typealias MarkAsReadRequest = MessageRef

/// `delete-message`: `{ messageId }`.
public typealias DeleteMessageRequest = MessageRef

/// `join-conversation`: the room, and optionally the last `seq` the client has (it then gets only
/// what follows, oldest first, a page at a time: `hasMore` says to ask again from the last one).
public struct JoinConversationRequest: Sendable, Hashable {
    /// The conversation.
    public var conversationId: String
    /// The last `seq` the client already has; `nil` for the latest page.
    public var afterSeq: Int?

    public init(conversationId: String, afterSeq: Int? = nil) {
        self.conversationId = conversationId
        self.afterSeq = afterSeq
    }
}
