public import JSONCoding

extension HTTPErrorResponse: JSONWritable {
    /// `{"error":{"code","message"}}`.
    public func write(to json: inout JSONWriter) {
        json.object { body in
            body.key("error"); error.write(to: &body)
        }
    }
}

extension ConnectErrorPayload: JSONWritable {
    /// `{"message","data":{"code"}}`, as socket.io sends an error's `message` and `data`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("message"); payload.value(message)
            payload.key("data")
            payload.object { details in
                details.key("code"); details.value(data.code.rawValue)
            }
        }
    }
}
