import Foundation
import MessagingProtocol

/// What the store publishes after a commit: live events, the reply to the asking gateway, and
/// domain events for the notification fan-out.
enum Outbound: Sendable {
    /// A live event on a `room:` or `user:` channel (`seq` for a `new-message`).
    case broadcast(channel: String, event: ServerEvent, body: String, seq: Int? = nil, after: Int? = nil)
    /// The answer on `gateway:{instanceId}`.
    case reply(gateway: String, header: CommandReplyHeader, body: String)
    /// An entry of the `events` stream.
    case event(DomainEventEnvelope)
    /// A stored message: its `new-message` to the room, its `message-created` domain event (with the
    /// recipients' counts) and, when a gateway asked, the reply — one JSON encoding for the three,
    /// done when publishing, after (and outside) the transaction.
    case messageCreated(MessagingMessage, recipients: [RecipientUnread], eventID: String, occurredAt: Date, replyTo: String?)
}
