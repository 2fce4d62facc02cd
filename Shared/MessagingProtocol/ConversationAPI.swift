public import Foundation

/// `POST /api/conversations` body: `{ participantIds, subject?, appointmentId?, encrypted? }`.
public struct CreateConversationRequest: Codable, Sendable, Hashable {
    /// The other participants (the caller is always one).
    public var participantIds: [String]
    /// An optional subject.
    public var subject: String?
    /// An optional appointment reference.
    public var appointmentId: String?
    /// End-to-end encrypted: every message's content is an ``EncryptedEnvelope`` (for good).
    public var encrypted: Bool?

    /// Creates the body.
    public init(participantIds: [String], subject: String? = nil, appointmentId: String? = nil, encrypted: Bool? = nil) {
        self.participantIds = participantIds
        self.subject = subject
        self.appointmentId = appointmentId
        self.encrypted = encrypted
    }
}

/// A conversation: `{ id, subject?, appointmentId?, participants, lastMessage?, unreadCount, createdAt }`.
public struct ConversationDto: Codable, Sendable, Hashable {
    /// The conversation id.
    public var id: String
    /// The subject.
    public var subject: String?
    /// The appointment reference.
    public var appointmentId: String?
    /// Every participant.
    public var participants: [UserSummary]
    /// The newest message.
    public var lastMessage: ConversationMessageDto?
    /// The caller's unread messages in it.
    public var unreadCount: Int
    /// When it was created.
    public var createdAt: Date
    /// `true` for an end-to-end encrypted conversation (absent otherwise).
    public var encrypted: Bool?

    /// Creates the DTO.
    public init(
        id: String, subject: String? = nil, appointmentId: String? = nil, participants: [UserSummary],
        lastMessage: ConversationMessageDto? = nil, unreadCount: Int, createdAt: Date, encrypted: Bool? = nil
    ) {
        self.encrypted = encrypted
        self.id = id
        self.subject = subject
        self.appointmentId = appointmentId
        self.participants = participants
        self.lastMessage = lastMessage
        self.unreadCount = unreadCount
        self.createdAt = createdAt
    }
}

/// `{ conversation }`.
public struct ConversationResponse: Codable, Sendable, Hashable {
    /// The conversation.
    public var conversation: ConversationDto

    /// Creates the body.
    public init(conversation: ConversationDto) { self.conversation = conversation }
}

/// `GET /api/conversations`: `{ conversations }`, newest activity first.
public struct ConversationListResponse: Codable, Sendable, Hashable {
    /// The caller's conversations.
    public var conversations: [ConversationDto]

    /// Creates the body.
    public init(conversations: [ConversationDto]) { self.conversations = conversations }
}

/// `GET /api/conversations/{id}/messages`: `{ messages, hasMore }`, oldest first within the page.
public struct MessagePageResponse: Codable, Sendable, Hashable {
    /// The page.
    public var messages: [ConversationMessageDto]
    /// Whether older messages exist.
    public var hasMore: Bool

    /// Creates the body.
    public init(messages: [ConversationMessageDto], hasMore: Bool) {
        self.messages = messages
        self.hasMore = hasMore
    }
}

/// `POST /api/conversations/{id}/messages` body: `{ content, attachments?, clientMessageId?, type? }`.
public struct PostMessageRequest: Codable, Sendable, Hashable {
    /// The text.
    public var content: String
    /// Attached files' metadata.
    public var attachments: [Attachment]?
    /// The caller's own id for idempotent retries.
    public var clientMessageId: String?
    /// `SYSTEM` needs the service credential; default `USER`.
    public var type: MessageType?

    /// Creates the body.
    public init(content: String, attachments: [Attachment]? = nil, clientMessageId: String? = nil, type: MessageType? = nil) {
        self.content = content
        self.attachments = attachments
        self.clientMessageId = clientMessageId
        self.type = type
    }
}

/// `{ message }`: the answer of `POST /api/conversations/{id}/messages`.
/// The answer to `GET /api/conversations/{id}/changes?since=`: every message created, edited,
/// deleted or reacted to after `since`, in `seq` order (a client upserts them by id), the version
/// to ask from next time, and whether more are waiting (ask again from `version` at once).
public struct ConversationChangesResponse: Codable, Sendable, Hashable {
    /// The messages, as they are now.
    public var messages: [ConversationMessageDto]
    /// Where the conversation stands after them (opaque: `"<seq>.<changes>"`).
    public var version: String
    /// More changes follow this page.
    public var hasMore: Bool

    /// Creates the body.
    public init(messages: [ConversationMessageDto], version: String, hasMore: Bool) {
        self.messages = messages
        self.version = version
        self.hasMore = hasMore
    }
}

/// `GET /api/messages/search`: `{ results: [{ message, highlight }], hasMore }`, best first.
public struct SearchResponse: Codable, Sendable, Hashable {
    /// One match.
    public struct Result: Codable, Sendable, Hashable {
        /// The message.
        public var message: ConversationMessageDto
        /// Its text around the match, HTML-escaped, the matching words in `<mark>…</mark>`.
        public var highlight: String

        /// Creates it.
        public init(message: ConversationMessageDto, highlight: String) {
            self.message = message
            self.highlight = highlight
        }
    }

    /// The matches of this page.
    public var results: [Result]
    /// More follow (ask with `before` = the `next` given).
    public var hasMore: Bool
    /// The cursor of the next page, when there is one.
    public var next: String?

    /// Creates the body.
    public init(results: [Result], hasMore: Bool, next: String?) {
        self.results = results
        self.hasMore = hasMore
        self.next = next
    }
}

/// The body of `PATCH /api/conversations/{id}/messages/{messageId}`.
public struct EditMessageBody: Codable, Sendable, Hashable {
    /// The new text.
    public var content: String

    /// Creates the body.
    public init(content: String) { self.content = content }
}

/// The answer to `DELETE /api/conversations/{id}/messages/{messageId}`.
public struct MessageDeletedResponse: Codable, Sendable, Hashable {
    /// The conversation.
    public var conversationId: String
    /// The message, now a tombstone.
    public var messageId: String
    /// When it was deleted.
    public var deletedAt: Date

    /// Creates the body.
    public init(_ payload: MessageDeletedPayload) {
        conversationId = payload.conversationId
        messageId = payload.messageId
        deletedAt = payload.deletedAt
    }
}

public struct MessageResponse: Codable, Sendable, Hashable {
    /// The stored message.
    public var message: ConversationMessageDto

    /// Creates the body.
    public init(message: ConversationMessageDto) { self.message = message }
}
