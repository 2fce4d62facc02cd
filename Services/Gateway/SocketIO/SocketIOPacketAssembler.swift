/// Reassembles binary Socket.IO packets from the Engine.IO messages of one connection: a
/// BINARY_EVENT or BINARY_ACK announcing N attachments is complete after the next N binary
/// messages. A value type: each connection owns one.
public struct SocketIOPacketAssembler: Sendable {
    private var pending: SocketIOPacket?
    private let limits: SocketIOPacketCodec.Limits

    /// Creates an assembler.
    public init(limits: SocketIOPacketCodec.Limits = SocketIOPacketCodec.Limits()) {
        self.limits = limits
    }

    /// Takes a text message; returns the packet when it is complete.
    ///
    /// - Throws: ``SocketIODecodingError`` for an invalid packet, or a text message that arrives
    ///   while a binary packet still waits for attachments.
    public mutating func receive(text: String) throws -> SocketIOPacket? {
        guard pending == nil else { throw SocketIODecodingError("text packet while waiting for binary attachments") }
        let packet = try SocketIOPacketCodec.decode(text, limits: limits)
        if packet.attachmentCount > 0 {
            pending = packet
            return nil
        }
        return packet
    }

    /// Takes a binary message; returns the packet when it was its last attachment.
    ///
    /// - Throws: ``SocketIODecodingError`` for a binary message nobody announced.
    public mutating func receive(binary: [UInt8]) throws -> SocketIOPacket? {
        guard var packet = pending else { throw SocketIODecodingError("unexpected binary attachment") }
        packet.attachments.append(binary)
        if packet.attachments.count == packet.attachmentCount {
            pending = nil
            return packet
        }
        pending = packet
        return nil
    }
}
