import JSONCoding

/// The CONNECT payload the frontend sends: `{ "token": "<jwt>" }` (`auth` of `socket.io-client`),
/// plus `pid` and `offset` when the official client asks for its connection state back.
struct ConnectAuth: JSONReadable, Sendable {
    /// The raw JWT.
    var token: String?
    /// The private session id of the socket to recover.
    var pid: String?
    /// The last offset the client received.
    var offset: String?

    init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var token: String?, pid: String?, offset: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            // Values of another type are not ours to refuse here: they are simply absent.
            func text(_ reader: inout JSONReader) throws(JSONReader.Failure) -> String? {
                if reader.next() == UInt8(ascii: "\"") { return try reader.string() }
                try reader.skip()
                return nil
            }
            if key == "token" {
                token = try text(&reader)
            } else if key == "pid" {
                pid = try text(&reader)
            } else if key == "offset" {
                offset = try text(&reader)
            } else {
                try reader.skip()
            }
        }
        self.token = token
        self.pid = pid
        self.offset = offset
    }
}
