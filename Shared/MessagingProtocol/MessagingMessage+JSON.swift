extension MessagingMessage {
    /// The message's JSON, the document `MessagingJSON.encodeString(message)` writes, members in declaration order (one encoding per
    /// send feeds the broadcast, the reply and the domain event).
    public var encodedJSON: String {
        var writer = JSONWriter(capacity: 320 + content.utf8.count)
        writer.object { json in
            json.key("id"); json.value(id)
            json.key("conversationId"); json.value(conversationId)
            json.key("seq"); json.value(seq)
            json.key("content"); json.value(content)
            json.key("senderId"); json.value(senderId)
            json.key("type"); json.value(type.rawValue)
            json.key("isRead"); json.value(isRead)
            json.member("readAt", readAt.map(ISO8601Timestamp.format))
            json.key("createdAt"); json.value(ISO8601Timestamp.format(createdAt))
            json.key("attachments")
            json.array { list in
                for attachment in attachments {
                    list.object { item in
                        item.key("id"); item.value(attachment.id)
                        item.key("url"); item.value(attachment.url)
                        item.key("fileName"); item.value(attachment.fileName)
                        item.key("fileSize"); item.value(attachment.fileSize)
                    }
                }
            }
            json.member("clientMessageId", clientMessageId)
            json.key("sender")
            json.object { user in
                user.key("id"); user.value(sender.id)
                user.member("firstName", sender.firstName)
                user.member("lastName", sender.lastName)
                user.member("salonName", sender.salonName)
                user.member("image", sender.image)
                user.key("role"); user.value(sender.role.rawValue)
                user.member("email", sender.email)
            }
        }
        return writer.string
    }
}
