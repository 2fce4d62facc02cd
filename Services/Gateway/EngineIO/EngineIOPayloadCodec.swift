import Foundation

/// Encodes and decodes long-polling payloads: packets joined by the record separator `\u{1e}`,
/// binary messages written as `b<base64>`. Pure, no I/O.
public enum EngineIOPayloadCodec {
    /// The record separator between packets of one payload.
    public static let separator: UInt8 = 0x1e

    /// Decodes a payload of at most `maxPayload` bytes.
    ///
    /// - Throws: ``EngineIODecodingError`` when the payload is larger than `maxPayload` (checked
    ///   before anything is copied), empty, or when any of its packets is invalid.
    public static func decode(_ bytes: some Collection<UInt8>, maxPayload: Int) throws -> [EngineIOPacket] {
        guard bytes.count <= maxPayload else {
            throw EngineIODecodingError("payload of \(bytes.count) bytes exceeds maxPayload \(maxPayload)")
        }
        guard !bytes.isEmpty else { throw EngineIODecodingError("empty payload") }
        var packets = [EngineIOPacket]()
        for record in bytes.split(separator: separator, omittingEmptySubsequences: false) {
            if record.first == UInt8(ascii: "b") {
                guard let data = Data(base64Encoded: Data(record.dropFirst())) else {
                    throw EngineIODecodingError("binary record is not valid base64")
                }
                packets.append(.binary([UInt8](data)))
            } else {
                guard let text = String(validating: record, as: UTF8.self) else {
                    throw EngineIODecodingError("record is not valid UTF-8")
                }
                packets.append(try EngineIOPacketCodec.decode(text: text))
            }
        }
        return packets
    }

    /// Encodes packets into one payload.
    public static func encode(_ packets: [EngineIOPacket]) -> [UInt8] {
        var bytes = [UInt8]()
        for (index, packet) in packets.enumerated() {
            if index > 0 { bytes.append(separator) }
            append(packet, to: &bytes)
        }
        return bytes
    }

    /// Appends one packet's record (without separator) to a payload being built.
    public static func append(_ packet: EngineIOPacket, to bytes: inout [UInt8]) {
        if case .binary(let data) = packet {
            bytes.append(UInt8(ascii: "b"))
            bytes.append(contentsOf: Data(data).base64EncodedData())
        } else if let text = EngineIOPacketCodec.encodeText(packet) {
            bytes.append(contentsOf: text.utf8)
        }
    }
}
