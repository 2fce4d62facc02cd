import MessagingProtocol

/// What the store publishes after a commit: live events, the reply to the asking gateway, and
/// domain events for the notification fan-out.
enum Outbound: Sendable {
    /// A live event on a `room:` or `user:` channel (`seq` for a `new-message`).
    case broadcast(channel: String, event: ServerEvent, body: String, seq: Int? = nil)
    /// The answer on `gateway:{instanceId}`.
    case reply(gateway: String, header: CommandReplyHeader, body: String)
    /// An entry of the `events` stream.
    case event(DomainEventEnvelope)
    /// An entry of the `events` stream whose `data` is already encoded.
    case encodedEvent(type: String, data: String)
}
