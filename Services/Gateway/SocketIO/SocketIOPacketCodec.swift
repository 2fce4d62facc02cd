import JSONCoding

/// Encodes and decodes Socket.IO v5 packets (the text part; attachments travel separately). Pure.
///
/// The decoder follows `socket.io-parser` 4.x: the same field order and the same payload checks
/// (CONNECT carries an object or nothing, DISCONNECT nothing, CONNECT_ERROR a string or object,
/// EVENT a non-empty array whose first element is a non-reserved name, ACK an array).
public enum SocketIOPacketCodec {
    /// Event names a client may not emit (`socket.io-parser`'s `RESERVED_EVENTS`).
    public static let reservedEvents: Set<String> = [
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
    ]

    /// Limits applied while decoding.
    public struct Limits: Sendable, Hashable {
        /// Most attachments one binary packet may announce.
        public var maxAttachments: Int
        /// Longest namespace accepted.
        public var maxNamespaceLength: Int

        /// Creates limits (defaults: 10 attachments, 256-character namespaces).
        public init(maxAttachments: Int = 10, maxNamespaceLength: Int = 256) {
            self.maxAttachments = maxAttachments
            self.maxNamespaceLength = maxNamespaceLength
        }
    }

    /// Decodes one packet from the text of an Engine.IO message.
    public static func decode(_ text: String, limits: Limits = Limits()) throws -> SocketIOPacket {
        let utf8 = Array(text.utf8)
        var index = 0
        guard let first = utf8.first, first >= UInt8(ascii: "0"), let type = SocketIOPacketType(rawValue: first - UInt8(ascii: "0")) else {
            throw SocketIODecodingError("unknown packet type")
        }
        index = 1
        var attachmentCount = 0
        if type == .binaryEvent || type == .binaryAck {
            let start = index
            while index < utf8.count, utf8[index] != UInt8(ascii: "-") {
                guard isDigit(utf8[index]), index - start < 4 else { throw SocketIODecodingError("illegal attachments") }
                index += 1
            }
            guard index < utf8.count, index > start, let count = Int(String(decoding: utf8[start..<index], as: UTF8.self)) else {
                throw SocketIODecodingError("illegal attachments")
            }
            guard count <= limits.maxAttachments else {
                throw SocketIODecodingError("\(count) attachments exceed the limit of \(limits.maxAttachments)")
            }
            attachmentCount = count
            index += 1
        }
        var namespace = "/"
        if index < utf8.count, utf8[index] == UInt8(ascii: "/") {
            let start = index
            while index < utf8.count, utf8[index] != UInt8(ascii: ",") {
                index += 1
                guard index - start <= limits.maxNamespaceLength else { throw SocketIODecodingError("namespace too long") }
            }
            namespace = String(decoding: utf8[start..<index], as: UTF8.self)
            if index < utf8.count { index += 1 }
        }
        var ackId: UInt64?
        if index < utf8.count, isDigit(utf8[index]) {
            let start = index
            while index < utf8.count, isDigit(utf8[index]) {
                index += 1
                guard index - start <= 15 else { throw SocketIODecodingError("ack id too long") }
            }
            ackId = UInt64(String(decoding: utf8[start..<index], as: UTF8.self))
        }
        var packet = SocketIOPacket(type: type, namespace: namespace, ackId: ackId)
        packet.attachmentCount = attachmentCount
        if index < utf8.count {
            let data = String(decoding: utf8[index...], as: UTF8.self)
            do {
                packet.shape = try JSONShape(validating: data)
            } catch {
                throw SocketIODecodingError("\(error)")
            }
            packet.data = data
        }
        guard isPayloadValid(packet) else { throw SocketIODecodingError("invalid payload for packet type \(type.rawValue)") }
        return packet
    }

    /// Encodes the text part of a packet (`attachmentCount` is written for binary types).
    public static func encode(_ packet: SocketIOPacket) -> String {
        var text = String(packet.type.rawValue)
        if packet.type == .binaryEvent || packet.type == .binaryAck {
            text += "\(max(packet.attachmentCount, packet.attachments.count))-"
        }
        if packet.namespace != "/" { text += packet.namespace + "," }
        if let ackId = packet.ackId { text += String(ackId) }
        if let data = packet.data { text += data }
        return text
    }

    /// The text of an EVENT: `2<namespace>,<ack id>["<name>",<arg>,…]` with each argument raw JSON.
    public static func encodeEvent(namespace: String, name: String, arguments: [String], ackId: UInt64? = nil) -> String {
        var data = "[" + quoted(name)
        for argument in arguments { data += "," + argument }
        data += "]"
        return encode(SocketIOPacket(type: .event, namespace: namespace, ackId: ackId, data: data))
    }

    /// The text of an ACK: `3<namespace>,<ack id>[<arg>,…]`.
    public static func encodeAck(namespace: String, ackId: UInt64, arguments: [String]) -> String {
        encode(SocketIOPacket(type: .ack, namespace: namespace, ackId: ackId, data: "[" + arguments.joined(separator: ",") + "]"))
    }

    /// A JSON string literal for `value`.
    public static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func isPayloadValid(_ packet: SocketIOPacket) -> Bool {
        switch packet.type {
        case .connect:
            if packet.shape == nil { return true }
            if case .object = packet.shape { return true }
            return false
        case .disconnect:
            return packet.shape == nil
        case .connectError:
            switch packet.shape {
            case .string, .object: return true
            default: return false
            }
        case .event, .binaryEvent:
            guard let first = packet.shape?.arrayElements?.first, let shape = try? JSONShape(validating: first) else { return false }
            switch shape {
            case .number: return true
            case .string(let name): return !reservedEvents.contains(name)
            default: return false
            }
        case .ack, .binaryAck:
            return packet.shape?.arrayElements != nil
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
