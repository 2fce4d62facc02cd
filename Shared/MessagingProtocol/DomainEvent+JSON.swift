import Foundation
public import JSONCoding

extension RecipientUnread: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var userId: String?, totalUnread: Int?, conversationUnread: Int?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "userId" {
                userId = try reader.string()
            } else if key == "totalUnread" {
                totalUnread = try reader.int()
            } else if key == "conversationUnread" {
                conversationUnread = try reader.int()
            } else {
                try reader.skip()
            }
        }
        guard let userId else { throw json.missing("userId") }
        guard let totalUnread else { throw json.missing("totalUnread") }
        guard let conversationUnread else { throw json.missing("conversationUnread") }
        self.init(userId: userId, totalUnread: totalUnread, conversationUnread: conversationUnread)
    }

    /// `{"userId","totalUnread","conversationUnread"}`.
    public func write(to json: inout JSONWriter) {
        json.object { recipient in
            recipient.key("userId"); recipient.value(userId)
            recipient.key("totalUnread"); recipient.value(totalUnread)
            recipient.key("conversationUnread"); recipient.value(conversationUnread)
        }
    }
}

extension DomainEvent: JSONReadable, JSONWritable {
    /// `{"type", …the case's members}`; members before the type are read once it is known.
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var type: String?
        var message: MessagingMessage?, recipients: [RecipientUnread]?
        var conversationId: String?, readerId: String?, messageIds: [String]?, readAt: Date?, reader: RecipientUnread?
        var user: UserSummary?, messageId: String?, deletedAt: Date?
        try json.object { json, key throws(JSONReader.Failure) in
            if key == "type" {
                type = try json.string()
            } else if key == "message" {
                message = try MessagingMessage(reading: &json)
            } else if key == "recipients" {
                recipients = try [RecipientUnread](reading: &json)
            } else if key == "conversationId" {
                conversationId = try json.string()
            } else if key == "readerId" {
                readerId = try json.string()
            } else if key == "messageIds" {
                messageIds = try json.strings()
            } else if key == "readAt" {
                readAt = try json.timestamp()
            } else if key == "reader" {
                reader = try RecipientUnread(reading: &json)
            } else if key == "user" {
                user = try UserSummary(reading: &json)
            } else if key == "messageId" {
                messageId = try json.string()
            } else if key == "deletedAt" {
                deletedAt = try json.timestamp()
            } else {
                try json.skip()
            }
        }
        switch type {
        case "message-created":
            guard let message else { throw json.missing("message") }
            guard let recipients else { throw json.missing("recipients") }
            self = .messageCreated(message: message, recipients: recipients)
        case "messages-read":
            guard let conversationId else { throw json.missing("conversationId") }
            guard let readerId else { throw json.missing("readerId") }
            guard let messageIds else { throw json.missing("messageIds") }
            guard let readAt else { throw json.missing("readAt") }
            guard let reader else { throw json.missing("reader") }
            self = .messagesRead(conversationId: conversationId, readerId: readerId, messageIds: messageIds, readAt: readAt, reader: reader)
        case "user-profile-updated":
            guard let user else { throw json.missing("user") }
            self = .userProfileUpdated(user)
        case "message-deleted":
            guard let conversationId else { throw json.missing("conversationId") }
            guard let messageId else { throw json.missing("messageId") }
            guard let deletedAt else { throw json.missing("deletedAt") }
            guard let recipients else { throw json.missing("recipients") }
            self = .messageDeleted(conversationId: conversationId, messageId: messageId, deletedAt: deletedAt, recipients: recipients)
        case nil:
            throw json.missing("type")
        case let type?:
            throw json.failure("unknown event \(type)")
        }
    }

    public func write(to json: inout JSONWriter) {
        json.object { event in
            event.key("type"); event.value(type)
            switch self {
            case .messageCreated(let message, let recipients):
                event.key("message"); message.write(to: &event)
                event.key("recipients"); recipients.write(to: &event)
            case .messagesRead(let conversationId, let readerId, let messageIds, let readAt, let reader):
                event.key("conversationId"); event.value(conversationId)
                event.key("readerId"); event.value(readerId)
                event.key("messageIds"); messageIds.write(to: &event)
                event.key("readAt"); event.value(ISO8601Timestamp.format(readAt))
                event.key("reader"); reader.write(to: &event)
            case .userProfileUpdated(let user):
                event.key("user"); user.write(to: &event)
            case .messageDeleted(let conversationId, let messageId, let deletedAt, let recipients):
                event.key("conversationId"); event.value(conversationId)
                event.key("messageId"); event.value(messageId)
                event.key("deletedAt"); event.value(ISO8601Timestamp.format(deletedAt))
                event.key("recipients"); recipients.write(to: &event)
            }
        }
    }
}
