import MessagingProtocol

/// What the application answers: the ack's single argument (raw JSON), or a failure that becomes
/// `{ ok: false, error }` in an ack, or an `error` event when the client asked for no ack.
enum EventReply: Sendable {
    case ok(String)
    case failure(MessagingError)
}
