import EngineIO

/// A Socket.IO packet encoded for the wire once: a broadcast hands the same bytes to every socket.
package struct SocketIOEncodedPacket: Sendable {
    let frame: EngineFrame

    /// An EVENT of `namespace` with raw JSON arguments.
    package static func event(namespace: String, name: String, arguments: [String]) -> SocketIOEncodedPacket {
        SocketIOEncodedPacket(frame: .message(SocketIOPacketCodec.encodeEvent(namespace: namespace, name: name, arguments: arguments)))
    }
}
