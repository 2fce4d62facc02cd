/// Encodes and decodes single Engine.IO v4 packets: the text form (`<digit><data>`, one WebSocket
/// text frame or one record of a polling payload) and raw binary messages. Pure, no I/O.
public enum EngineIOPacketCodec {
    /// Decodes a text packet.
    ///
    /// - Throws: ``EngineIODecodingError`` for an empty packet, an unknown type digit, or data on a
    ///   packet type that carries none (`close`, `upgrade`, `noop`).
    public static func decode(text: Substring) throws -> EngineIOPacket {
        guard let first = text.utf8.first else { throw EngineIODecodingError("empty packet") }
        let data = text.dropFirst()
        switch first {
        case UInt8(ascii: "0"): return .open(String(data))
        case UInt8(ascii: "1"): return try noData(.close, data)
        case UInt8(ascii: "2"): return .ping(String(data))
        case UInt8(ascii: "3"): return .pong(String(data))
        case UInt8(ascii: "4"): return .message(String(data))
        case UInt8(ascii: "5"): return try noData(.upgrade, data)
        case UInt8(ascii: "6"): return try noData(.noop, data)
        default: throw EngineIODecodingError("unknown packet type \(String(text.prefix(1)).debugDescription)")
        }
    }

    /// Decodes a text packet.
    public static func decode(text: String) throws -> EngineIOPacket {
        try decode(text: text[...])
    }

    /// The text form of a packet; `nil` for a binary message, which has none.
    public static func encodeText(_ packet: EngineIOPacket) -> String? {
        switch packet {
        case .open(let json): "0" + json
        case .close: "1"
        case .ping(let data): "2" + data
        case .pong(let data): "3" + data
        case .message(let text): "4" + text
        case .binary: nil
        case .upgrade: "5"
        case .noop: "6"
        }
    }

    private static func noData(_ packet: EngineIOPacket, _ data: Substring) throws -> EngineIOPacket {
        guard data.isEmpty else { throw EngineIODecodingError("packet type \(packet.typeCode) carries no data") }
        return packet
    }
}
