import EngineIO

/// The answer a client asked for with its event: an ACK packet with raw JSON arguments.
package struct SocketIOAck: Sendable {
    let id: UInt64
    let namespace: String
    let session: EngineSession

    /// Sends the ACK.
    package func send(_ arguments: String...) {
        session.send(SocketIOPacket(type: .ack, namespace: namespace, ackId: id, data: "[" + arguments.joined(separator: ",") + "]"))
    }
}
