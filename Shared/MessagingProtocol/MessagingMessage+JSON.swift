import Foundation
public import JSONCoding

extension MessagingMessage: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var id: String?, conversationId: String?, seq: Int?, content: String?, senderId: String?, type: MessageType?
        var isRead: Bool?, readAt: Date?, createdAt: Date?, attachments: [Attachment]?, clientMessageId: String?, sender: UserSummary?
        var editedAt: Date?, deletedAt: Date?, reactions: [Reaction]?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "id" {
                id = try reader.string()
            } else if key == "conversationId" {
                conversationId = try reader.string()
            } else if key == "seq" {
                seq = try reader.int()
            } else if key == "content" {
                content = try reader.string()
            } else if key == "senderId" {
                senderId = try reader.string()
            } else if key == "type" {
                guard let value = MessageType(rawValue: try reader.string()) else { throw reader.failure("unknown message type") }
                type = value
            } else if key == "isRead" {
                isRead = try reader.bool()
            } else if key == "readAt" {
                readAt = try reader.null() ? nil : try reader.timestamp()
            } else if key == "createdAt" {
                createdAt = try reader.timestamp()
            } else if key == "attachments" {
                attachments = try [Attachment](reading: &reader)
            } else if key == "clientMessageId" {
                clientMessageId = try reader.optionalString()
            } else if key == "sender" {
                sender = try UserSummary(reading: &reader)
            } else if key == "editedAt" {
                editedAt = try reader.null() ? nil : try reader.timestamp()
            } else if key == "deletedAt" {
                deletedAt = try reader.null() ? nil : try reader.timestamp()
            } else if key == "reactions" {
                reactions = try [Reaction](reading: &reader)
            } else {
                try reader.skip()
            }
        }
        guard let id else { throw json.missing("id") }
        guard let conversationId else { throw json.missing("conversationId") }
        guard let seq else { throw json.missing("seq") }
        guard let content else { throw json.missing("content") }
        guard let senderId else { throw json.missing("senderId") }
        guard let type else { throw json.missing("type") }
        guard let isRead else { throw json.missing("isRead") }
        guard let createdAt else { throw json.missing("createdAt") }
        guard let sender else { throw json.missing("sender") }
        self.init(
            id: id, conversationId: conversationId, seq: seq, content: content, senderId: senderId, type: type, isRead: isRead,
            readAt: readAt, createdAt: createdAt, attachments: attachments ?? [], clientMessageId: clientMessageId, sender: sender,
            editedAt: editedAt, deletedAt: deletedAt, reactions: reactions ?? [])
    }

    /// The contract's message object, members in declaration order (written once per send: the
    /// broadcast, the reply and the domain event share the text).
    public func write(to json: inout JSONWriter) {
        json.object { message in
            message.key("id"); message.value(id)
            message.key("conversationId"); message.value(conversationId)
            message.key("seq"); message.value(seq)
            message.key("content"); message.value(content)
            message.key("senderId"); message.value(senderId)
            message.key("type"); message.value(type.rawValue)
            message.key("isRead"); message.value(isRead)
            message.member("readAt", readAt.map(ISO8601Timestamp.format))
            message.key("createdAt"); message.value(ISO8601Timestamp.format(createdAt))
            message.key("attachments"); attachments.write(to: &message)
            message.member("clientMessageId", clientMessageId)
            message.key("sender"); sender.write(to: &message)
            message.member("editedAt", editedAt.map(ISO8601Timestamp.format))
            message.member("deletedAt", deletedAt.map(ISO8601Timestamp.format))
            message.key("reactions"); reactions.write(to: &message)
        }
    }

    /// The message's JSON text, sized for its content.
    public var encodedJSON: String {
        var writer = JSONWriter(capacity: 320 + content.utf8.count)
        write(to: &writer)
        return writer.string
    }
}
