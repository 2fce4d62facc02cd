// The payloads a store command carries, read as `JSONDecoder` reads them (see ``JSONReader``).

extension SendMessageRequest {
    init(reading reader: inout JSONReader) throws(JSONReader.Failure) {
        var conversationId: String?, content: String?, attachments: [Attachment]?, clientMessageId: String?
        try reader.object { reader, key throws(JSONReader.Failure) in
            if key == "conversationId" {
                conversationId = try reader.string()
            } else if key == "content" {
                content = try reader.string()
            } else if key == "clientMessageId" {
                clientMessageId = try reader.optionalString()
            } else if key == "attachments" {
                guard !(try reader.null()) else { return }
                var list = [Attachment]()
                try reader.array { reader throws(JSONReader.Failure) in list.append(try Attachment(reading: &reader)) }
                attachments = list
            } else {
                try reader.skip()
            }
        }
        guard let conversationId, let content else { throw reader.failure }
        self.init(conversationId: conversationId, content: content, attachments: attachments, clientMessageId: clientMessageId)
    }
}

extension Attachment {
    init(reading reader: inout JSONReader) throws(JSONReader.Failure) {
        var id: String?, url: String?, fileName: String?, fileSize: Int?
        try reader.object { reader, key throws(JSONReader.Failure) in
            if key == "id" {
                id = try reader.string()
            } else if key == "url" {
                url = try reader.string()
            } else if key == "fileName" {
                fileName = try reader.string()
            } else if key == "fileSize" {
                fileSize = try reader.int()
            } else {
                try reader.skip()
            }
        }
        guard let id, let url, let fileName, let fileSize else { throw reader.failure }
        self.init(id: id, url: url, fileName: fileName, fileSize: fileSize)
    }
}

extension ConversationRef {
    init(reading reader: inout JSONReader) throws(JSONReader.Failure) {
        var conversationId: String?
        try reader.object { reader, key throws(JSONReader.Failure) in
            if key == "conversationId" { conversationId = try reader.string() } else { try reader.skip() }
        }
        guard let conversationId else { throw reader.failure }
        self.init(conversationId: conversationId)
    }
}

extension MarkAsReadRequest {
    init(reading reader: inout JSONReader) throws(JSONReader.Failure) {
        var messageId: String?
        try reader.object { reader, key throws(JSONReader.Failure) in
            if key == "messageId" { messageId = try reader.string() } else { try reader.skip() }
        }
        guard let messageId else { throw reader.failure }
        self.init(messageId: messageId)
    }
}
