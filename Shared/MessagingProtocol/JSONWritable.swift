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
