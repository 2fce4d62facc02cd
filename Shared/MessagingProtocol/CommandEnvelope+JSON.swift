import Foundation
public import JSONCoding

extension CommandEnvelope: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var version: Int?, requestId: String?, replyTo: String?, issuedAt: Date?, actor: UserSummary?, command: StoreCommand?, traceParent: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "v" {
                version = try reader.int()
            } else if key == "requestId" {
                requestId = try reader.string()
            } else if key == "replyTo" {
                replyTo = try reader.optionalString()
            } else if key == "issuedAt" {
                issuedAt = try reader.timestamp()
            } else if key == "actor" {
                actor = try UserSummary(reading: &reader)
            } else if key == "command" {
                command = try StoreCommand(reading: &reader)
            } else if key == "traceparent" {
                traceParent = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        guard let version else { throw json.missing("v") }
        guard let requestId else { throw json.missing("requestId") }
        guard let issuedAt else { throw json.missing("issuedAt") }
        guard let actor else { throw json.missing("actor") }
        guard let command else { throw json.missing("command") }
        self.init(requestId: requestId, replyTo: replyTo, issuedAt: issuedAt, actor: actor, command: command)
        self.v = version
        self.traceParent = traceParent
    }

    /// `{"v","requestId","replyTo","issuedAt","actor","command","traceparent"?}`.
    public func write(to json: inout JSONWriter) {
        json.object { envelope in
            envelope.key("v"); envelope.value(v)
            envelope.key("requestId"); envelope.value(requestId)
            envelope.member("replyTo", replyTo)
            envelope.key("issuedAt"); envelope.value(ISO8601Timestamp.format(issuedAt))
            envelope.key("actor"); actor.write(to: &envelope)
            envelope.key("command"); command.write(to: &envelope)
            envelope.member("traceparent", traceParent)
        }
    }
}
