public import Foundation

/// An entry of the `commands` stream: one command, who asked, and where to answer.
///
/// In the stream it is three fields: `v` (the version), `type` (the command, for humans and metrics)
/// and `data` (this envelope as JSON).
public struct CommandEnvelope: StreamEnvelope, Hashable {
    /// The envelope version this code writes.
    public static let currentVersion = 1

    /// Envelope version.
    public var v: Int
    /// A unique id; the reply carries it, and a redelivered entry with the same id is not applied twice.
    public var requestId: String
    /// The gateway instance whose `gateway:{id}` channel gets the reply; `nil` when nobody waits.
    public var replyTo: String?
    /// When the gateway issued it.
    public var issuedAt: Date
    /// The authenticated user, from the verified token.
    public var actor: UserSummary
    /// The command.
    public var command: StoreCommand
    /// The W3C `traceparent` of the span that issued it, when tracing is on.
    public var traceParent: String?

    /// Creates an envelope.
    public init(requestId: String, replyTo: String?, issuedAt: Date, actor: UserSummary, command: StoreCommand) {
        self.v = Self.currentVersion
        self.requestId = requestId
        self.replyTo = replyTo
        self.issuedAt = issuedAt
        self.actor = actor
        self.command = command
    }

    /// The entry's `type` field.
    public var streamType: String { command.name }
}
