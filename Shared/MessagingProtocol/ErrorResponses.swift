/// The body of an HTTP error response: `{ "error": { "code", "message" } }`.
public struct HTTPErrorResponse: Codable, Sendable, Hashable {
    /// The error.
    public var error: MessagingError

    /// Wraps an error.
    public init(error: MessagingError) { self.error = error }
}

/// The payload of a Socket.IO CONNECT_ERROR packet:
/// `{ "message": "unauthorized", "data": { "code": "UNAUTHORIZED" } }`.
public struct ConnectErrorPayload: Codable, Sendable, Hashable {
    /// The `data` member: the stable code.
    public struct Details: Codable, Sendable, Hashable {
        /// The stable code.
        public var code: ErrorCode
    }

    /// The message: the lowercase code name the frontend shows (`unauthorized`, …).
    public var message: String
    /// Details with the stable code.
    public var data: Details

    /// Builds the payload for a code; the message is the code's generic message.
    public init(code: ErrorCode, message: String? = nil) {
        self.message = message ?? code.defaultMessage
        self.data = Details(code: code)
    }
}
