public import Foundation

/// An entry of the `events` stream: `v`, `type` and `data` (the ``DomainEvent`` as JSON), plus the id
/// of what caused it so a redelivered entry can be recognised.
public struct DomainEventEnvelope: StreamEnvelope, Hashable {
    /// The envelope version this code writes.
    public static let currentVersion = 1

    /// Envelope version.
    public var v: Int
    /// A unique id of this event (the command's request id and a suffix, so redelivery repeats it).
    public var eventId: String
    /// When it was committed.
    public var occurredAt: Date
    /// The event.
    public var event: DomainEvent

    /// Creates an envelope.
    public init(eventId: String, occurredAt: Date, event: DomainEvent) {
        self.v = Self.currentVersion
        self.eventId = eventId
        self.occurredAt = occurredAt
        self.event = event
    }

    /// The entry's `type` field.
    public var streamType: String { event.type }
}
