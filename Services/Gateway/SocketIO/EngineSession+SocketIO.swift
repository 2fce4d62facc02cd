import EngineIO

extension EngineSession {
    /// Sends a Socket.IO packet as one Engine.IO message.
    func send(_ packet: SocketIOPacket) {
        send(.message(SocketIOPacketCodec.encode(packet)))
    }
}
