public import JSONCoding

extension ConversationRef: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var conversationId: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "conversationId" { conversationId = try reader.string() } else { try reader.skip() }
        }
        guard let conversationId else { throw json.missing("conversationId") }
        self.init(conversationId: conversationId)
    }

    /// `{"conversationId"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("conversationId"); payload.value(conversationId)
        }
    }
}

extension SendMessageRequest: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var conversationId: String?, content: String?, attachments: [Attachment]?, clientMessageId: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "conversationId" {
                conversationId = try reader.string()
            } else if key == "content" {
                content = try reader.string()
            } else if key == "clientMessageId" {
                clientMessageId = try reader.optionalString()
            } else if key == "attachments" {
                attachments = try reader.null() ? nil : try [Attachment](reading: &reader)
            } else {
                try reader.skip()
            }
        }
        guard let conversationId else { throw json.missing("conversationId") }
        guard let content else { throw json.missing("content") }
        self.init(conversationId: conversationId, content: content, attachments: attachments, clientMessageId: clientMessageId)
    }

    /// `{"conversationId","content","attachments","clientMessageId"}`, absent members left out.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("conversationId"); payload.value(conversationId)
            payload.key("content"); payload.value(content)
            payload.member("attachments", attachments)
            payload.member("clientMessageId", clientMessageId)
        }
    }
}

extension MessageRef: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var messageId: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "messageId" { messageId = try reader.string() } else { try reader.skip() }
        }
        guard let messageId else { throw json.missing("messageId") }
        self.init(messageId: messageId)
    }

    /// `{"messageId"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("messageId"); payload.value(messageId)
        }
    }
}

extension EditMessageRequest: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var messageId: String?, content: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "messageId" {
                messageId = try reader.string()
            } else if key == "content" {
                content = try reader.string()
            } else {
                try reader.skip()
            }
        }
        guard let messageId else { throw json.missing("messageId") }
        guard let content else { throw json.missing("content") }
        self.init(messageId: messageId, content: content)
    }

    /// `{"messageId","content"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("messageId"); payload.value(messageId)
            payload.key("content"); payload.value(content)
        }
    }
}

extension ReactionRequest: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var messageId: String?, emoji: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "messageId" {
                messageId = try reader.string()
            } else if key == "emoji" {
                emoji = try reader.string()
            } else {
                try reader.skip()
            }
        }
        guard let messageId else { throw json.missing("messageId") }
        guard let emoji else { throw json.missing("emoji") }
        self.init(messageId: messageId, emoji: emoji)
    }

    /// `{"messageId","emoji"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("messageId"); payload.value(messageId)
            payload.key("emoji"); payload.value(emoji)
        }
    }
}

extension JoinConversationRequest: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var conversationId: String?, afterSeq: Int?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "conversationId" {
                conversationId = try reader.string()
            } else if key == "afterSeq" {
                afterSeq = try reader.null() ? nil : try reader.int()
            } else {
                try reader.skip()
            }
        }
        guard let conversationId else { throw json.missing("conversationId") }
        self.init(conversationId: conversationId, afterSeq: afterSeq)
    }

    /// `{"conversationId","afterSeq"}`, no `afterSeq` when absent.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("conversationId"); payload.value(conversationId)
            payload.member("afterSeq", afterSeq)
        }
    }
}
