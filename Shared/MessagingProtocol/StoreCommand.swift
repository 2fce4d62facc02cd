/// What a gateway (or the HTTP API) asks the message store to do.
public enum StoreCommand: Sendable, Hashable {
    /// Check membership, then answer with the history.
    case joinConversation(ConversationRef)
    /// Validate, persist and broadcast a message.
    case sendMessage(SendMessageRequest)
    /// Mark one message as read by the actor.
    case markAsRead(MarkAsReadRequest)
    /// Mark every message of the others as read by the actor.
    case markConversationAsRead(ConversationRef)
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
        case .unreadCount: Self.unreadCountName
        }
    }

    /// The `type` of ``unreadCount``.
    public static let unreadCountName = "unread-count"
}

extension StoreCommand: Codable {
    enum CodingKeys: String, CodingKey {
        case type, payload
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        if type == Self.unreadCountName {
            self = .unreadCount
            return
        }
        switch ClientEvent(rawValue: type) {
        case .joinConversation: self = .joinConversation(try container.decode(ConversationRef.self, forKey: .payload))
        case .sendMessage: self = .sendMessage(try container.decode(SendMessageRequest.self, forKey: .payload))
        case .markAsRead: self = .markAsRead(try container.decode(MarkAsReadRequest.self, forKey: .payload))
        case .markConversationAsRead:
            self = .markConversationAsRead(try container.decode(ConversationRef.self, forKey: .payload))
        case .leaveConversation, .userTyping, .userStoppedTyping, nil:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "not a store command: \(type)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .type)
        switch self {
        case .joinConversation(let payload): try container.encode(payload, forKey: .payload)
        case .sendMessage(let payload): try container.encode(payload, forKey: .payload)
        case .markAsRead(let payload): try container.encode(payload, forKey: .payload)
        case .markConversationAsRead(let payload): try container.encode(payload, forKey: .payload)
        case .unreadCount: break
        }
    }
}
