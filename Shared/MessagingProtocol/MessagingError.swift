/// An error as the contract shows it: a stable ``ErrorCode`` and a human-readable message.
///
/// It is the body of the `error` Socket.IO event (`{ message, code }`), the `error` member of a failed
/// ack (`{ ok: false, error: { code, message } }`) and of an HTTP error (`{ error: { code, message } }`).
public struct MessagingError: Error, Codable, Sendable, Hashable {
    /// The stable code.
    public var code: ErrorCode
    /// A message for people; never internal details.
    public var message: String

    /// Creates an error; `message` defaults to the code's generic message.
    public init(_ code: ErrorCode, _ message: String? = nil) {
        self.code = code
        self.message = message ?? code.defaultMessage
    }

    enum CodingKeys: String, CodingKey {
        case message, code
    }
}

extension MessagingError: CustomStringConvertible {
    public var description: String { "\(code.rawValue): \(message)" }
}
