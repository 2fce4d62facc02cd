/// The payload of the `error` event a client gets for a failed event it asked no ack for:
/// `{ "message", "code", "event" }`.
public struct ErrorEventPayload: Sendable, Hashable {
    /// What went wrong, for people.
    public var message: String
    /// The stable code.
    public var code: ErrorCode
    /// The event that failed.
    public var event: String

    /// Creates the payload of a failed event.
    public init(error: MessagingError, event: String) {
        self.message = error.message
        self.code = error.code
        self.event = event
    }
}
