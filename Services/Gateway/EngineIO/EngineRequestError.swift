import JSONCoding

/// The HTTP 400/403 answers of the Engine.IO protocol, with engine.io's own codes and messages
/// (`{"code":N,"message":"…"}`, `Content-Type: application/json`).
package enum EngineRequestError: Int, Error, Sendable {
    case unknownTransport = 0
    case unknownSid = 1
    case badHandshakeMethod = 2
    case badRequest = 3
    case forbidden = 4
    case unsupportedProtocolVersion = 5

    var message: String {
        switch self {
        case .unknownTransport: "Transport unknown"
        case .unknownSid: "Session ID unknown"
        case .badHandshakeMethod: "Bad handshake method"
        case .badRequest: "Bad request"
        case .forbidden: "Forbidden"
        case .unsupportedProtocolVersion: "Unsupported protocol version"
        }
    }

    var status: Int { self == .forbidden ? 403 : 400 }

    var body: String {
        var json = JSONWriter(capacity: 48)
        json.object { body in
            body.key("code"); body.value(rawValue)
            body.key("message"); body.value(message)
        }
        return json.string
    }
}
