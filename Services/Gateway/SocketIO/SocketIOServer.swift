package import EngineIO
import JSONCoding
package import Logging
import Synchronization

/// The Socket.IO v5 server on top of Engine.IO: each session's packets in order (no task per
/// session), one namespace served by an application, its CONNECT, events and acks.
package final class SocketIOServer<Application: SocketIOApplication>: EngineSessionHandler, Sendable {
    let application: Application
    let logger: Logger
    /// What each session's Socket.IO layer keeps between its packets.
    private let connections = Mutex<[String: SocketIOConnectionState<Application.Socket>]>([:])

    package init(application: Application, logger: Logger) {
        self.application = application
        self.logger = logger
    }

    /// A session's packet: decoded (binary attachments gathered), then CONNECT, DISCONNECT or an event.
    package func receive(_ engine: EngineIOPacket, from session: EngineSession, tasks: EngineTasks) async {
        let packet: SocketIOPacket?
        do {
            packet = try connections.withLock { try $0[session.id, default: SocketIOConnectionState()].receive(engine) }
        } catch {
            // A malformed packet closes this connection, and nothing else (what follows it is dropped).
            connections.withLock { $0[session.id]?.isBroken = true }
            logger.info("closing session: \(error)", metadata: ["session": "\(session.id)"])
            session.close(reason: "parse error")
            return
        }
        guard let packet else { return }
        let socket = connections.withLock { $0[session.id]?.socket }
        let namespace = application.namespace
        switch packet.type {
        case .connect:
            guard socket == nil || packet.namespace != namespace else { return }
            guard let connected = await connect(packet, session: session, tasks: tasks) else { return }
            connections.withLock { $0[session.id]?.socket = connected }
        case .disconnect:
            guard packet.namespace == namespace, let socket else { return }
            connections.withLock { $0[session.id]?.socket = nil }
            await application.disconnected(socket, reason: .clientLeft)
        case .event, .binaryEvent:
            guard packet.namespace == namespace, let socket, let name = packet.eventName else { return }
            let event = SocketIOEvent(name: name, arguments: packet.arguments, attachments: packet.attachments)
            let ack = packet.ackId.map { SocketIOAck(id: $0, namespace: namespace, session: session) }
            await application.event(event, from: socket, ack: ack)
        case .ack, .binaryAck, .connectError:
            // The server asks no acks of clients; nothing else is valid from a client.
            return
        }
    }

    /// The session is over: its socket leaves.
    package func ended(_ session: EngineSession) async {
        let state = connections.withLock { $0.removeValue(forKey: session.id) }
        if let socket = state?.socket { await application.disconnected(socket, reason: .sessionEnded(session.reason ?? "transport close")) }
        logger.debug("session ended", metadata: ["session": "\(session.id)", "reason": "\(session.reason ?? "")"])
    }

    /// CONNECT: the application's namespace only, authenticated by the application.
    private func connect(_ packet: SocketIOPacket, session: EngineSession, tasks: EngineTasks) async -> Application.Socket? {
        guard packet.namespace == application.namespace else {
            session.send(SocketIOPacket(type: .connectError, namespace: packet.namespace, data: Self.object("message", "Invalid namespace")))
            return nil
        }
        let socket = SocketIOSocket(id: SessionID.make(), namespace: packet.namespace, session: session)
        switch await application.connect(socket, handshake: session.handshake, auth: packet.data) {
        case .failure(let refusal):
            session.send(SocketIOPacket(type: .connectError, namespace: socket.namespace, data: refusal.json))
            return nil
        case .success(let connected):
            session.namespaceConnected()
            socket.open(with: SocketIOPacket(type: .connect, namespace: socket.namespace, data: Self.connectData(application.identity(of: connected))))
            tasks.run { await self.application.connected(connected) }
            return connected
        }
    }

    /// `{"sid":"…"}`, or `{"sid":"…","pid":"…"}` with connection state recovery.
    static func connectData(_ identity: SocketIOIdentity) -> String {
        var json = JSONWriter(capacity: 64)
        json.object { object in
            object.key("sid"); object.value(identity.sid)
            object.member("pid", identity.pid)
        }
        return json.string
    }

    /// `{"<name>":"<value>"}`.
    private static func object(_ name: String, _ value: String) -> String {
        var json = JSONWriter(capacity: 48)
        json.object { object in
            object.key(name); object.value(value)
        }
        return json.string
    }
}
