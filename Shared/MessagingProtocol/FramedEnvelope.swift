public import JSONCoding

/// A pub/sub message: one line of JSON header, a newline, then a JSON body kept as raw text.
///
/// The body is carried verbatim so a gateway can wrap it into a Socket.IO packet without decoding
/// and re-encoding it (encode once, write the same bytes to every socket). The header never contains
/// a raw newline, since JSON escapes newlines inside strings.
public struct FramedEnvelope<Header: JSONReadable & JSONWritable & Sendable>: Sendable {
    /// The header.
    public var header: Header
    /// The body, raw JSON text.
    public var body: String

    /// Creates an envelope.
    public init(header: Header, body: String) {
        self.header = header
        self.body = body
    }

    /// The wire form: header JSON, `\n`, body.
    public func encoded() -> [UInt8] {
        var bytes = header.writtenJSON
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: body.utf8)
        return bytes
    }

    /// Reads the wire form.
    public init(decoding bytes: some Collection<UInt8>) throws(EnvelopeError) {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            throw EnvelopeError("no header line")
        }
        do {
            self.header = try Header(json: bytes[bytes.startIndex..<newline])
        } catch {
            throw EnvelopeError("unreadable header: \(error)")
        }
        self.body = String(decoding: bytes[bytes.index(after: newline)...], as: UTF8.self)
    }
}
