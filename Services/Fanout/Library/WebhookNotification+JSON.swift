import Foundation
public import JSONCoding
import MessagingProtocol

extension WebhookNotification: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var type: String?, id: String?, recipientId: String?, conversationId: String?, sender: UserSummary?, preview: String?
        var messageId: String?, messageCount: Int?, unreadCount: Int?, conversationUnread: Int?, createdAt: Date?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "type" {
                type = try reader.string()
            } else if key == "id" {
                id = try reader.string()
            } else if key == "recipientId" {
                recipientId = try reader.string()
            } else if key == "conversationId" {
                conversationId = try reader.string()
            } else if key == "sender" {
                sender = try UserSummary(reading: &reader)
            } else if key == "preview" {
                preview = try reader.string()
            } else if key == "messageId" {
                messageId = try reader.string()
            } else if key == "messageCount" {
                messageCount = try reader.int()
            } else if key == "unreadCount" {
                unreadCount = try reader.int()
            } else if key == "conversationUnread" {
                conversationUnread = try reader.int()
            } else if key == "createdAt" {
                createdAt = try reader.timestamp()
            } else {
                try reader.skip()
            }
        }
        guard let type else { throw json.missing("type") }
        guard let id else { throw json.missing("id") }
        guard let recipientId else { throw json.missing("recipientId") }
        guard let conversationId else { throw json.missing("conversationId") }
        guard let sender else { throw json.missing("sender") }
        guard let preview else { throw json.missing("preview") }
        guard let messageId else { throw json.missing("messageId") }
        guard let messageCount else { throw json.missing("messageCount") }
        guard let unreadCount else { throw json.missing("unreadCount") }
        guard let conversationUnread else { throw json.missing("conversationUnread") }
        guard let createdAt else { throw json.missing("createdAt") }
        self.type = type
        self.id = id
        self.recipientId = recipientId
        self.conversationId = conversationId
        self.sender = sender
        self.preview = preview
        self.messageId = messageId
        self.messageCount = messageCount
        self.unreadCount = unreadCount
        self.conversationUnread = conversationUnread
        self.createdAt = createdAt
    }

    /// The webhook body of `SPEC.md` §4, members in declaration order.
    public func write(to json: inout JSONWriter) {
        json.object { body in
            body.key("type"); body.value(type)
            body.key("id"); body.value(id)
            body.key("recipientId"); body.value(recipientId)
            body.key("conversationId"); body.value(conversationId)
            body.key("sender"); sender.write(to: &body)
            body.key("preview"); body.value(preview)
            body.key("messageId"); body.value(messageId)
            body.key("messageCount"); body.value(messageCount)
            body.key("unreadCount"); body.value(unreadCount)
            body.key("conversationUnread"); body.value(conversationUnread)
            body.key("createdAt"); body.value(ISO8601Timestamp.format(createdAt))
        }
    }
}
