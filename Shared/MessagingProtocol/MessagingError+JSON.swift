public import JSONCoding

extension MessagingError: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var code: ErrorCode?, message: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "code" {
                guard let value = ErrorCode(rawValue: try reader.string()) else { throw reader.failure("unknown error code") }
                code = value
            } else if key == "message" {
                message = try reader.string()
            } else {
                try reader.skip()
            }
        }
        guard let code else { throw json.missing("code") }
        self.init(code, message)
    }

    /// `{"code","message"}`.
    public func write(to json: inout JSONWriter) {
        json.object { error in
            error.key("code"); error.value(code.rawValue)
            error.key("message"); error.value(message)
        }
    }
}
