public import JSONCoding

extension StoreCommand: JSONReadable, JSONWritable {
    /// `{"type","payload"}`; a payload before its type is read once the type is known.
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var type: String?
        var payload: JSONReader?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "type" {
                type = try reader.string()
            } else if key == "payload" {
                payload = try reader.later()
            } else {
                try reader.skip()
            }
        }
        guard let type else { throw json.missing("type") }
        if type == Self.unreadCountName {
            self = .unreadCount
            return
        }
        guard var payload else { throw json.missing("payload") }
        switch ClientEvent(rawValue: type) {
        case .sendMessage: self = .sendMessage(try SendMessageRequest(reading: &payload))
        case .joinConversation: self = .joinConversation(try JoinConversationRequest(reading: &payload))
        case .markConversationAsRead: self = .markConversationAsRead(try ConversationRef(reading: &payload))
        case .markAsRead: self = .markAsRead(try MarkAsReadRequest(reading: &payload))
        case .editMessage: self = .editMessage(try EditMessageRequest(reading: &payload))
        case .deleteMessage: self = .deleteMessage(try DeleteMessageRequest(reading: &payload))
        case .addReaction: self = .addReaction(try ReactionRequest(reading: &payload))
        case .removeReaction: self = .removeReaction(try ReactionRequest(reading: &payload))
        case .leaveConversation, .userTyping, .userStoppedTyping, nil: throw json.failure("not a store command: \(type)")
        }
        try payload.end()
    }

    /// `{"type","payload"}` (no payload for ``unreadCount``).
    public func write(to json: inout JSONWriter) {
        json.object { command in
            command.key("type"); command.value(name)
            switch self {
            case .joinConversation(let payload): command.key("payload"); payload.write(to: &command)
            case .sendMessage(let payload): command.key("payload"); payload.write(to: &command)
            case .markAsRead(let payload): command.key("payload"); payload.write(to: &command)
            case .markConversationAsRead(let payload): command.key("payload"); payload.write(to: &command)
            case .editMessage(let payload): command.key("payload"); payload.write(to: &command)
            case .deleteMessage(let payload): command.key("payload"); payload.write(to: &command)
            case .addReaction(let payload): command.key("payload"); payload.write(to: &command)
            case .removeReaction(let payload): command.key("payload"); payload.write(to: &command)
            case .unreadCount: break
            }
        }
    }
}
