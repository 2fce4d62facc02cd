import Foundation

extension CommandEnvelope {
    /// Reads a `commands` entry's fields: by hand with a ``JSONReader`` when it can (a store reads
    /// thousands a second; `JSONDecoder` was a fifth of its CPU), else as
    /// ``StreamEnvelope/init(streamFields:)`` does, which then decides — the same envelope either
    /// way, the same errors.
    public static func read(streamFields fields: [String: String]) throws -> CommandEnvelope {
        if let version = fields["v"].flatMap(Int.init), version == currentVersion, let data = fields["data"],
            let envelope = try? JSONReader.read(data, { reader throws(JSONReader.Failure) in try CommandEnvelope(reading: &reader) })
        {
            return envelope
        }
        return try CommandEnvelope(streamFields: fields)
    }

    /// The envelope's JSON object, as `JSONDecoder` reads it.
    init(reading reader: inout JSONReader) throws(JSONReader.Failure) {
        var version: Int?, requestId: String?, replyTo: String?, issuedAt: Date?, actor: UserSummary?, command: StoreCommand?
        try reader.object { reader, key throws(JSONReader.Failure) in
            if key == "v" {
                version = try reader.int()
            } else if key == "requestId" {
                requestId = try reader.string()
            } else if key == "replyTo" {
                replyTo = try reader.optionalString()
            } else if key == "issuedAt" {
                guard let date = ISO8601Timestamp.parse(try reader.string()) else { throw reader.failure }
                issuedAt = date
            } else if key == "actor" {
                actor = try UserSummary(reading: &reader)
            } else if key == "command" {
                command = try StoreCommand(reading: &reader)
            } else {
                try reader.skip()
            }
        }
        guard let version, let requestId, let issuedAt, let actor, let command else { throw reader.failure }
        self.init(requestId: requestId, replyTo: replyTo, issuedAt: issuedAt, actor: actor, command: command)
        self.v = version
    }
}
