public import JSONCoding

extension CommandReplyHeader: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var version: Int?, requestId: String?, error: MessagingError?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "v" {
                version = try reader.int()
            } else if key == "requestId" {
                requestId = try reader.string()
            } else if key == "error" {
                error = try reader.null() ? nil : try MessagingError(reading: &reader)
            } else {
                try reader.skip()
            }
        }
        guard let version else { throw json.missing("v") }
        guard let requestId else { throw json.missing("requestId") }
        self.init(requestId: requestId, error: error)
        self.v = version
    }

    /// `{"v","requestId","error"}`, no `error` on success.
    public func write(to json: inout JSONWriter) {
        json.object { header in
            header.key("v"); header.value(v)
            header.key("requestId"); header.value(requestId)
            header.member("error", error)
        }
    }
}
