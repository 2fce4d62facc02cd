import EngineIO

/// What the Socket.IO layer keeps of one Engine.IO session between its packets: the assembler of
/// binary packets still waiting for attachments, the application's socket once CONNECT succeeded,
/// and whether a malformed packet closed it (what follows is dropped).
struct SocketIOConnectionState<Socket: Sendable>: Sendable {
    var assembler = SocketIOPacketAssembler()
    var socket: Socket?
    var isBroken = false

    /// The Socket.IO packet an Engine.IO packet completes, if any (`nil` for the parts of a binary
    /// packet still waiting for attachments, and for everything once broken).
    mutating func receive(_ packet: EngineIOPacket) throws -> SocketIOPacket? {
        guard !isBroken else { return nil }
        switch packet {
        case .message(let text): return try assembler.receive(text: text)
        case .binary(let bytes): return try assembler.receive(binary: bytes)
        default: return nil
        }
    }
}
