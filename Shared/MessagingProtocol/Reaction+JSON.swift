public import JSONCoding

extension Reaction: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var emoji: String?, userIds: [String]?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "emoji" {
                emoji = try reader.string()
            } else if key == "userIds" {
                userIds = try reader.strings()
            } else {
                try reader.skip()
            }
        }
        guard let emoji else { throw json.missing("emoji") }
        guard let userIds else { throw json.missing("userIds") }
        self.init(emoji: emoji, userIds: userIds)
    }

    /// `{"emoji","count","userIds"}`.
    public func write(to json: inout JSONWriter) {
        json.object { reaction in
            reaction.key("emoji"); reaction.value(emoji)
            reaction.key("count"); reaction.value(count)
            reaction.key("userIds"); userIds.write(to: &reaction)
        }
    }
}
