package import EngineIO
import Synchronization

/// One socket of a namespace on an Engine.IO session: what the application may do with it — emit,
/// send encoded packets, disconnect.
///
/// Nothing reaches the client before the CONNECT answer: what the application sends while the
/// CONNECT is being decided (a user event, say) waits, and follows the answer in order.
package final class SocketIOSocket: Sendable {
    /// The Socket.IO socket id (sent in the CONNECT answer).
    package let id: String
    /// Its namespace.
    package let namespace: String
    let session: EngineSession
    /// Set once the CONNECT answer went out (the fast path of `send`).
    private let isOpen = Atomic<Bool>(false)
    /// Frames sent before that, in order.
    private let waiting = Mutex<[EngineFrame]?>([])

    init(id: String, namespace: String, session: EngineSession) {
        self.id = id
        self.namespace = namespace
        self.session = session
    }

    /// Sends the CONNECT answer, then what waited for it.
    func open(with answer: SocketIOPacket) {
        waiting.withLock { waiting in
            session.send(answer)
            if let frames = waiting, !frames.isEmpty { session.send(frames) }
            waiting = nil
            isOpen.store(true, ordering: .releasing)
        }
    }

    private func send(frames: [EngineFrame]) {
        if isOpen.load(ordering: .acquiring) {
            session.send(frames)
            return
        }
        waiting.withLock { waiting in
            if waiting == nil {
                session.send(frames)
            } else {
                waiting!.append(contentsOf: frames)
            }
        }
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
    package func send(_ packet: SocketIOEncodedPacket) { send(frames: [packet.frame]) }

    /// Sends encoded packets, in order, in one write.
    package func send(_ packets: [SocketIOEncodedPacket]) { send(frames: packets.map(\.frame)) }

    /// The server disconnects the socket: a DISCONNECT packet, then the session closes.
    package func disconnect(reason: String) {
        session.send(SocketIOPacket(type: .disconnect, namespace: namespace))
        session.close(reason: reason)
    }
}
