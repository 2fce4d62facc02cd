/// A value that writes its own JSON with a ``JSONWriter`` (the same document its `Encodable`
/// conformance gives), for the types encoded once per message.
public protocol JSONWritable {
    /// Writes the value.
    func write(to json: inout JSONWriter)
}

extension JSONWritable {
    /// The value's JSON text.
    public var writtenJSON: [UInt8] {
        var writer = JSONWriter(capacity: 128)
        write(to: &writer)
        return writer.bytes
    }

    /// The value's JSON text, as a string.
    public var jsonString: String { String(decoding: writtenJSON, as: UTF8.self) }
}

extension BroadcastHeader: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { header in
            header.key("v"); header.value(v)
            header.key("event"); header.value(event)
            header.member("origin", origin)
            header.member("exceptSocketId", exceptSocketId)
            if let seq { header.key("seq"); header.value(seq) }
        }
    }
}

extension CommandReplyHeader: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { header in
            header.key("v"); header.value(v)
            header.key("requestId"); header.value(requestId)
            if let error {
                header.key("error")
                header.object { body in
                    body.key("code"); body.value(error.code.rawValue)
                    body.key("message"); body.value(error.message)
                }
            }
        }
    }
}

extension RecipientUnread: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { recipient in
            recipient.key("userId"); recipient.value(userId)
            recipient.key("totalUnread"); recipient.value(totalUnread)
            recipient.key("conversationUnread"); recipient.value(conversationUnread)
        }
    }
}

extension MessagingError: JSONWritable {
    /// `{"code","message"}`.
    public func write(to json: inout JSONWriter) {
        json.object { error in
            error.key("code"); error.value(code.rawValue)
            error.key("message"); error.value(message)
        }
    }
}

extension AckResponse: JSONWritable where Value == EmptyAck {
    /// `{"ok":true}`, or `{"ok":false,"error":{"code","message"}}`.
    public func write(to json: inout JSONWriter) {
        json.object { ack in
            switch self {
            case .ok:
                ack.key("ok"); ack.value(true)
            case .failure(let error):
                ack.key("ok"); ack.value(false)
                ack.key("error"); error.write(to: &ack)
            }
        }
    }
}

extension JoinConversationAck: JSONWritable {
    /// `{"ok":true,"conversationId","hasMore"}`.
    public func write(to json: inout JSONWriter) {
        json.object { ack in
            ack.key("ok"); ack.value(true)
            ack.key("conversationId"); ack.value(conversationId)
            ack.key("hasMore"); ack.value(hasMore)
        }
    }
}

extension ErrorEventPayload: JSONWritable {
    /// `{"message","code","event"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("message"); payload.value(message)
            payload.key("code"); payload.value(code.rawValue)
            payload.key("event"); payload.value(event)
        }
    }
}

extension ConnectErrorPayload: JSONWritable {
    /// `{"message","data":{"code"}}`, as socket.io sends an error's `message` and `data`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("message"); payload.value(message)
            payload.key("data")
            payload.object { details in
                details.key("code"); details.value(data.code.rawValue)
            }
        }
    }
}

extension UserTypingPayload: JSONWritable {
    /// `{"conversationId","userId","userName"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("conversationId"); payload.value(conversationId)
            payload.key("userId"); payload.value(userId)
            payload.key("userName"); payload.value(userName)
        }
    }
}

extension UserStoppedTypingPayload: JSONWritable {
    /// `{"conversationId","userId"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("conversationId"); payload.value(conversationId)
            payload.key("userId"); payload.value(userId)
        }
    }
}
