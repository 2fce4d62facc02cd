/// What a gateway (or the HTTP API) asks the message store to do.
public enum StoreCommand: Sendable, Hashable {
    /// Check membership, then answer with the history (the latest page, or what follows `afterSeq`).
    case joinConversation(JoinConversationRequest)
    /// Validate, persist and broadcast a message.
    case sendMessage(SendMessageRequest)
    /// Mark one message as read by the actor.
    case markAsRead(MarkAsReadRequest)
    /// Mark every message of the others as read by the actor.
    case markConversationAsRead(ConversationRef)
    /// Change the text of one of the actor's messages.
    case editMessage(EditMessageRequest)
    /// Turn one of the actor's messages into a tombstone.
    case deleteMessage(DeleteMessageRequest)
    /// Add the actor's reaction to a message.
    case addReaction(ReactionRequest)
    /// Remove the actor's reaction from a message.
    case removeReaction(ReactionRequest)
    /// The actor's unread total (a gateway asks when a socket connects); answered with an
    /// ``UnreadCountUpdatedPayload``.
    case unreadCount

    /// The stream entry's `type` field (and the metrics label): the client event it serves, or
    /// `unread-count`.
    public var name: String {
        switch self {
        case .joinConversation: ClientEvent.joinConversation.rawValue
        case .sendMessage: ClientEvent.sendMessage.rawValue
        case .markAsRead: ClientEvent.markAsRead.rawValue
        case .markConversationAsRead: ClientEvent.markConversationAsRead.rawValue
        case .editMessage: ClientEvent.editMessage.rawValue
        case .deleteMessage: ClientEvent.deleteMessage.rawValue
        case .addReaction: ClientEvent.addReaction.rawValue
        case .removeReaction: ClientEvent.removeReaction.rawValue
        case .unreadCount: Self.unreadCountName
        }
    }

    /// The `type` of ``unreadCount``.
    public static let unreadCountName = "unread-count"
}
