public import JSONCoding

extension TokenRevokedPayload: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var tokenId: String?, revokedBefore: Int?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "tokenId" {
                tokenId = try reader.string()
            } else if key == "revokedBefore" {
                revokedBefore = try reader.null() ? nil : try reader.int()
            } else {
                try reader.skip()
            }
        }
        guard let tokenId else { throw json.missing("tokenId") }
        self.init(tokenId: tokenId, revokedBefore: revokedBefore)
    }

    /// `{"tokenId","revokedBefore"?}`.
    public func write(to json: inout JSONWriter) {
        json.object { payload in
            payload.key("tokenId"); payload.value(tokenId)
            payload.member("revokedBefore", revokedBefore)
        }
    }
}
