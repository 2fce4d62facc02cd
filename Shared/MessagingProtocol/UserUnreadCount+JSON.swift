public import JSONCoding

extension UserUnreadCount: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var userId: String?, payload: UnreadCountUpdatedPayload?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "userId" {
                userId = try reader.string()
            } else if key == "update" {
                payload = try UnreadCountUpdatedPayload(reading: &reader)
            } else {
                try reader.skip()
            }
        }
        guard let userId else { throw json.missing("userId") }
        guard let payload else { throw json.missing("update") }
        self.init(userId: userId, payload: payload)
    }

    /// `{"userId","update"}`, the update being the `unread-count-updated` payload.
    public func write(to json: inout JSONWriter) {
        json.object { member in
            member.key("userId"); member.value(userId)
            member.key("update"); payload.write(to: &member)
        }
    }
}
