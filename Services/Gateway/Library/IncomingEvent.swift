import SocketIOCodec

/// An event a client emitted, as the application sees it: a name and raw JSON arguments (no
/// packets, no namespace, no ack id).
struct IncomingEvent: Sendable {
    var name: String
    /// Raw JSON of each argument.
    var arguments: [String]
    /// Binary attachments the packet carried (none of the messaging events takes any).
    var attachments: [[UInt8]]
}

/// What the application answers: the ack's single argument (raw JSON), or a failure that becomes
/// `{ ok: false, error }` in an ack or an `error` event without one.
enum EventReply: Sendable {
    case ok(String)
    case failure(MessagingFailure)
}

import MessagingProtocol

typealias MessagingFailure = MessagingError
