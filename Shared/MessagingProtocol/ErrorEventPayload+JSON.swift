public import JSONCoding

extension ErrorEventPayload: JSONWritable {
    /// `{"message","code","event"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("message"); payload.value(message)
            payload.key("code"); payload.value(code.rawValue)
            payload.key("event"); payload.value(event)
        }
    }
}
