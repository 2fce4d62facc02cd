/// The body of a Socket.IO ack: `{ "ok": true, ...fields }` or `{ "ok": false, "error": { code, message } }`.
///
/// On success the fields of `Value` are flattened beside `ok` (for `send-message`, the stored message
/// is under `message`; see ``SendMessageAck``).
public enum AckResponse<Value: Codable & Sendable>: Codable, Sendable {
    /// Success with a value.
    case ok(Value)
    /// Failure with an error.
    case failure(MessagingError)

    enum CodingKeys: String, CodingKey {
        case ok, error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if try container.decode(Bool.self, forKey: .ok) {
            self = .ok(try Value(from: decoder))
        } else {
            self = .failure(try container.decode(MessagingError.self, forKey: .error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .ok(let value):
            try container.encode(true, forKey: .ok)
            try value.encode(to: encoder)
        case .failure(let error):
            try container.encode(false, forKey: .ok)
            try container.encode(error, forKey: .error)
        }
    }
}

/// An ack with nothing but `ok`.
public struct EmptyAck: Codable, Sendable, Hashable {
    /// Creates it.
    public init() {}
}
