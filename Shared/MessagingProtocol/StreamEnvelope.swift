public import JSONCoding

/// An envelope carried as a Redis stream entry of three fields: `v` (the version), `type` (for humans
/// and metrics) and `data` (the envelope as JSON).
public protocol StreamEnvelope: JSONReadable, JSONWritable, Sendable {
    /// The version this code writes and reads.
    static var currentVersion: Int { get }
    /// The entry's `type` field.
    var streamType: String { get }
}

extension StreamEnvelope {
    /// The stream entry's fields.
    public func streamFields() -> [(String, String)] {
        [("v", String(Self.currentVersion)), ("type", streamType), ("data", jsonString)]
    }

    /// Reads a stream entry's fields; an unknown version or unreadable data is an ``EnvelopeError``.
    public init(streamFields fields: [String: String]) throws(EnvelopeError) {
        guard let version = fields["v"].flatMap(Int.init) else { throw EnvelopeError("missing version") }
        guard version == Self.currentVersion else { throw EnvelopeError("unsupported version \(version)") }
        guard let data = fields["data"] else { throw EnvelopeError("missing data") }
        do {
            self = try Self(json: data)
        } catch {
            throw EnvelopeError("unreadable \(Self.self): \(error)")
        }
    }
}
