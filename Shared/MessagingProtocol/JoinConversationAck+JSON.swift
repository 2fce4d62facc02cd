public import JSONCoding

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
