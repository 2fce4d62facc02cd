extension StoreCommand {
    /// A command's JSON object, as `JSONDecoder` reads it (`JSONEncoder` writes `type` and
    /// `payload` in either order: a payload before its type is read once the type is known).
    init(reading reader: inout JSONReader) throws(JSONReader.Failure) {
        var type: String?
        var payload: JSONReader?
        try reader.object { reader, key throws(JSONReader.Failure) in
            if key == "type" {
                type = try reader.string()
            } else if key == "payload" {
                payload = try reader.later()
            } else {
                try reader.skip()
            }
        }
        guard let type else { throw reader.failure }
        if type == Self.unreadCountName {
            self = .unreadCount
            return
        }
        guard var payload else { throw reader.failure }
        switch ClientEvent(rawValue: type) {
        case .sendMessage: self = .sendMessage(try SendMessageRequest(reading: &payload))
        case .joinConversation: self = .joinConversation(try ConversationRef(reading: &payload))
        case .markConversationAsRead: self = .markConversationAsRead(try ConversationRef(reading: &payload))
        case .markAsRead: self = .markAsRead(try MarkAsReadRequest(reading: &payload))
        case .leaveConversation, .userTyping, .userStoppedTyping, nil: throw reader.failure
        }
        try payload.end()
    }
}
