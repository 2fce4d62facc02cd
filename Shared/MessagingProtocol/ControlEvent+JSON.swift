public import JSONCoding

extension TokenRevokedPayload: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var tokenId: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "tokenId" { tokenId = try reader.string() } else { try reader.skip() }
        }
        guard let tokenId else { throw json.missing("tokenId") }
        self.init(tokenId: tokenId)
    }

    /// `{"tokenId"}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("tokenId"); payload.value(tokenId)
        }
    }
}
