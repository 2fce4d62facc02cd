import Foundation
public import JSONCoding

extension ConversationHistoryPayload: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var conversationId: String?, messages: [MessagingMessage]?, hasMore: Bool?, lastSeq: Int?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "conversationId" {
                conversationId = try reader.string()
            } else if key == "messages" {
                messages = try [MessagingMessage](reading: &reader)
            } else if key == "hasMore" {
                hasMore = try reader.bool()
            } else if key == "lastSeq" {
                lastSeq = try reader.null() ? nil : try reader.int()
            } else {
                try reader.skip()
            }
        }
        guard let conversationId else { throw json.missing("conversationId") }
        guard let messages else { throw json.missing("messages") }
        guard let hasMore else { throw json.missing("hasMore") }
        self.init(conversationId: conversationId, messages: messages, hasMore: hasMore, lastSeq: lastSeq)
    }

    /// `{"conversationId","messages","hasMore","lastSeq"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("conversationId"); payload.value(conversationId)
            payload.key("messages"); messages.write(to: &payload)
            payload.key("hasMore"); payload.value(hasMore)
            payload.member("lastSeq", lastSeq)
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

extension MessageDeletedPayload: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var conversationId: String?, messageId: String?, deletedAt: Date?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "conversationId" {
                conversationId = try reader.string()
            } else if key == "messageId" {
                messageId = try reader.string()
            } else if key == "deletedAt" {
                deletedAt = try reader.timestamp()
            } else {
                try reader.skip()
            }
        }
        guard let conversationId else { throw json.missing("conversationId") }
        guard let messageId else { throw json.missing("messageId") }
        guard let deletedAt else { throw json.missing("deletedAt") }
        self.init(conversationId: conversationId, messageId: messageId, deletedAt: deletedAt)
    }

    /// `{"conversationId","messageId","deletedAt"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("conversationId"); payload.value(conversationId)
            payload.key("messageId"); payload.value(messageId)
            payload.key("deletedAt"); payload.value(ISO8601Timestamp.format(deletedAt))
        }
    }
}

extension ReactionsUpdatedPayload: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var conversationId: String?, messageId: String?, reactions: [Reaction]?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "conversationId" {
                conversationId = try reader.string()
            } else if key == "messageId" {
                messageId = try reader.string()
            } else if key == "reactions" {
                reactions = try [Reaction](reading: &reader)
            } else {
                try reader.skip()
            }
        }
        guard let conversationId else { throw json.missing("conversationId") }
        guard let messageId else { throw json.missing("messageId") }
        guard let reactions else { throw json.missing("reactions") }
        self.init(conversationId: conversationId, messageId: messageId, reactions: reactions)
    }

    /// `{"conversationId","messageId","reactions"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("conversationId"); payload.value(conversationId)
            payload.key("messageId"); payload.value(messageId)
            payload.key("reactions"); reactions.write(to: &payload)
        }
    }
}

extension MessageReadPayload: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var messageId: String?, conversationId: String?, readAt: Date?, readerId: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "messageId" {
                messageId = try reader.string()
            } else if key == "conversationId" {
                conversationId = try reader.string()
            } else if key == "readAt" {
                readAt = try reader.timestamp()
            } else if key == "readerId" {
                readerId = try reader.string()
            } else {
                try reader.skip()
            }
        }
        guard let messageId else { throw json.missing("messageId") }
        guard let conversationId else { throw json.missing("conversationId") }
        guard let readAt else { throw json.missing("readAt") }
        guard let readerId else { throw json.missing("readerId") }
        self.init(messageId: messageId, conversationId: conversationId, readAt: readAt, readerId: readerId)
    }

    /// `{"messageId","conversationId","readAt","readerId"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("messageId"); payload.value(messageId)
            payload.key("conversationId"); payload.value(conversationId)
            payload.key("readAt"); payload.value(ISO8601Timestamp.format(readAt))
            payload.key("readerId"); payload.value(readerId)
        }
    }
}

extension UnreadCountUpdatedPayload: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var totalUnread: Int?, conversationId: String?, conversationUnread: Int?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "totalUnread" {
                totalUnread = try reader.int()
            } else if key == "conversationId" {
                conversationId = try reader.optionalString()
            } else if key == "conversationUnread" {
                conversationUnread = try reader.null() ? nil : try reader.int()
            } else {
                try reader.skip()
            }
        }
        guard let totalUnread else { throw json.missing("totalUnread") }
        self.init(totalUnread: totalUnread, conversationId: conversationId, conversationUnread: conversationUnread)
    }

    /// `{"totalUnread","conversationId","conversationUnread"}`, absent members left out.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("totalUnread"); payload.value(totalUnread)
            payload.member("conversationId", conversationId)
            payload.member("conversationUnread", conversationUnread)
        }
    }
}

extension SendMessageAck: JSONWritable {
    /// `{"message"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("message"); message.write(to: &payload)
        }
    }
}

extension ConversationReadResult: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var conversationId: String?, messageIds: [String]?, readAt: Date?, totalUnread: Int?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "conversationId" {
                conversationId = try reader.string()
            } else if key == "messageIds" {
                messageIds = try reader.strings()
            } else if key == "readAt" {
                readAt = try reader.timestamp()
            } else if key == "totalUnread" {
                totalUnread = try reader.int()
            } else {
                try reader.skip()
            }
        }
        guard let conversationId else { throw json.missing("conversationId") }
        guard let messageIds else { throw json.missing("messageIds") }
        guard let readAt else { throw json.missing("readAt") }
        guard let totalUnread else { throw json.missing("totalUnread") }
        self.init(conversationId: conversationId, messageIds: messageIds, readAt: readAt, totalUnread: totalUnread)
    }

    /// `{"conversationId","messageIds","readAt","totalUnread"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("conversationId"); payload.value(conversationId)
            payload.key("messageIds"); messageIds.write(to: &payload)
            payload.key("readAt"); payload.value(ISO8601Timestamp.format(readAt))
            payload.key("totalUnread"); payload.value(totalUnread)
        }
    }
}
