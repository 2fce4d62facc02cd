public import JSONCoding

extension AckResponse: JSONWritable where Value == EmptyAck {
    /// `{"ok":true}`, or `{"ok":false,"error":{"code","message"}}`.
    public func write(to json: inout JSONWriter) {
        json.object { ack in
            switch self {
            case .ok:
                ack.key("ok"); ack.value(true)
            case .failure(let error):
                ack.key("ok"); ack.value(false)
                ack.key("error"); error.write(to: &ack)
            }
        }
    }
}

extension AckResponse where Value == EmptyAck {
    /// `{"ok":true, …the members of `object`}`: a success acknowledgement carrying a reply the
    /// store wrote as a JSON object, spliced without reading it again.
    public static func okJSON(merging object: String) -> String {
        var writer = JSONWriter(capacity: object.utf8.count + 12)
        writer.object { ack in
            ack.key("ok"); ack.value(true)
            ack.members(ofObject: object)
        }
        return writer.string
    }
}
