import JSONCoding

/// The CONNECT payload the frontend sends: `{ "token": "<jwt>" }` (`auth` of `socket.io-client`).
struct ConnectAuth: JSONReadable, Sendable {
    /// The raw JWT.
    var token: String?

    init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var token: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "token" { token = try reader.null() ? nil : try reader.string() } else { try reader.skip() }
        }
        self.token = token
    }
}
