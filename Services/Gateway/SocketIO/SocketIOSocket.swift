package import EngineIO

/// One socket of a namespace on an Engine.IO session: what the application may do with it — emit,
/// send encoded packets, disconnect.
package final class SocketIOSocket: Sendable {
    /// The Socket.IO socket id (sent in the CONNECT answer).
    package let id: String
    /// Its namespace.
    package let namespace: String
    let session: EngineSession

    init(id: String, namespace: String, session: EngineSession) {
        self.id = id
        self.namespace = namespace
        self.session = session
    }

    /// The session's id, for logs.
    package var sessionID: String { session.id }

    /// The request that opened the session.
    package var handshake: HandshakeRequest { session.handshake }

    /// Emits an event with raw JSON arguments.
    package func emit(_ event: String, _ arguments: String...) {
        send(.event(namespace: namespace, name: event, arguments: arguments))
    }

    /// Sends an encoded packet.
    package func send(_ packet: SocketIOEncodedPacket) { session.send(packet.frame) }

    /// Sends encoded packets, in order, in one write.
    package func send(_ packets: [SocketIOEncodedPacket]) { session.send(packets.map(\.frame)) }

    /// The server disconnects the socket: a DISCONNECT packet, then the session closes.
    package func disconnect(reason: String) {
        session.send(SocketIOPacket(type: .disconnect, namespace: namespace))
        session.close(reason: reason)
    }
}
