import Foundation
public import JSONCoding

extension DomainEventEnvelope: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var version: Int?, eventId: String?, occurredAt: Date?, event: DomainEvent?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "v" {
                version = try reader.int()
            } else if key == "eventId" {
                eventId = try reader.string()
            } else if key == "occurredAt" {
                occurredAt = try reader.timestamp()
            } else if key == "event" {
                event = try DomainEvent(reading: &reader)
            } else {
                try reader.skip()
            }
        }
        guard let version else { throw json.missing("v") }
        guard let eventId else { throw json.missing("eventId") }
        guard let occurredAt else { throw json.missing("occurredAt") }
        guard let event else { throw json.missing("event") }
        self.init(eventId: eventId, occurredAt: occurredAt, event: event)
        self.v = version
    }

    /// `{"v","eventId","occurredAt","event"}`.
    public func write(to json: inout JSONWriter) {
        json.object { envelope in
            envelope.key("v"); envelope.value(v)
            envelope.key("eventId"); envelope.value(eventId)
            envelope.key("occurredAt"); envelope.value(ISO8601Timestamp.format(occurredAt))
            envelope.key("event"); event.write(to: &envelope)
        }
    }
}
