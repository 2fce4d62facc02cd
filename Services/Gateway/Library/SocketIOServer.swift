import Foundation
import Logging
import MessagingProtocol
import ServiceKit
import ServiceLifecycle
import SocketIOCodec
import Synchronization

/// The Socket.IO v5 server on top of Engine.IO: each session's packets in order (no task per
/// session), the `/messaging` namespace with its CONNECT authentication, events to ``MessagingEventHandler`` and their acks. Also a
/// `Service` that ends typing states whose refresh never came.
final class SocketIOServer: EngineSessionHandler, Service, Sendable {
    let handler: MessagingEventHandler
    let verifier: TokenVerifier
    let hub: Hub
    let metrics: GatewayMetrics
    let logger: Logger
    /// What each session's Socket.IO layer keeps between its packets.
    private let connections = Mutex<[String: SocketIOConnectionState]>([:])

    init(handler: MessagingEventHandler, verifier: TokenVerifier, hub: Hub, metrics: GatewayMetrics, logger: Logger) {
        self.handler = handler
        self.verifier = verifier
        self.hub = hub
        self.metrics = metrics
        self.logger = logger
    }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: .milliseconds(100))
            await handler.expireTyping()
        }
    }

    /// A session's packet: decoded (binary attachments gathered), then CONNECT, DISCONNECT or an event.
    func receive(_ engine: EngineIOPacket, from session: EngineSession, tasks: EngineTasks) async {
        let packet: SocketIOPacket?
        do {
            packet = try connections.withLock { try $0[session.id, default: SocketIOConnectionState()].receive(engine) }
        } catch {
            // A malformed packet closes this connection, and nothing else (what follows it is dropped).
            connections.withLock { $0[session.id]?.isBroken = true }
            logger(for: session).info("closing session: \(error)")
            session.close(reason: "parse error")
            return
        }
        guard let packet else { return }
        let socket = connections.withLock { $0[session.id]?.socket }
        switch packet.type {
        case .connect:
            guard socket == nil || packet.namespace != MessagingSocket.namespace else { return }
            guard let connected = await connect(packet, session: session, tasks: tasks) else { return }
            connections.withLock { $0[session.id]?.socket = connected }
        case .disconnect:
            guard packet.namespace == MessagingSocket.namespace, let socket else { return }
            connections.withLock { $0[session.id]?.socket = nil }
            await handler.disconnected(socket)
        case .event, .binaryEvent:
            guard packet.namespace == MessagingSocket.namespace, let socket else { return }
            await event(packet, socket: socket)
        case .ack, .binaryAck, .connectError:
            // The server asks no acks of clients; nothing else is valid from a client.
            return
        }
    }

    /// The session is over: its socket leaves. (Commands already in the stream are applied; a
    /// client that retries with its clientMessageId gets the stored message.)
    func ended(_ session: EngineSession) async {
        let state = connections.withLock { $0.removeValue(forKey: session.id) }
        if let socket = state?.socket { await handler.disconnected(socket) }
        logger(for: session).debug("session ended", metadata: ["reason": "\(session.reason ?? "")"])
    }

    private func logger(for session: EngineSession) -> Logger {
        var logger = self.logger
        logger[metadataKey: "session"] = "\(session.id)"
        return logger
    }

    /// CONNECT: `/messaging` only; the token from the auth payload, else the handshake's bearer
    /// header, else its `access_token` cookie.
    private func connect(_ packet: SocketIOPacket, session: EngineSession, tasks: EngineTasks) async -> MessagingSocket? {
        let logger = logger(for: session)
        guard packet.namespace == MessagingSocket.namespace else {
            session.send(.message(SocketIOPacketCodec.encode(
                SocketIOPacket(type: .connectError, namespace: packet.namespace, data: "{\"message\":\"Invalid namespace\"}"))))
            return nil
        }
        let token = Self.authToken(packet.data) ?? session.handshake.bearerToken ?? session.handshake.cookieToken
        let verified: VerifiedToken
        do {
            guard let token else { throw MessagingError(.unauthorized, "no token") }
            verified = try await verifier.verify(token)
        } catch {
            logger.info("connect refused: \(error)")
            let refusal = "{\"message\":\"unauthorized\",\"data\":{\"code\":\"\(ErrorCode.unauthorized.rawValue)\"}}"
            session.send(.message(SocketIOPacketCodec.encode(SocketIOPacket(type: .connectError, namespace: MessagingSocket.namespace, data: refusal))))
            return nil
        }
        let socket = MessagingSocket(id: SessionID.make(), user: verified.user, tokenID: verified.tokenID, session: session)
        session.namespaceConnected()
        await hub.add(socket)
        session.send(.message(SocketIOPacketCodec.encode(
            SocketIOPacket(type: .connect, namespace: MessagingSocket.namespace, data: "{\"sid\":\"\(socket.id)\"}"))))
        logger.info(
            "socket connected", metadata: ["socket": "\(socket.id)", "user": "\(socket.user.id)", "peer": "\(session.handshake.remoteAddress ?? "-")"])
        tasks.run { await self.handler.connected(socket) }
        return socket
    }

    private func event(_ packet: SocketIOPacket, socket: MessagingSocket) async {
        guard let name = packet.eventName else { return }
        metrics.eventIn(name)
        let event = IncomingEvent(name: name, arguments: packet.arguments, attachments: packet.attachments)
        // The handler's first part runs here, in the order the client sent; the store's answer
        // (a callback, no task) comes beside the next packets.
        let outcome = await handler.handle(event, from: socket)
        let ackID = packet.ackId
        handler.complete(outcome) { reply in self.answer(reply, ackID: ackID, event: name, socket: socket) }
    }

    private func answer(_ reply: EventReply, ackID: UInt64?, event: String, socket: MessagingSocket) {
        switch reply {
        case .ok(let body):
            metrics.ack("ok")
            guard let ackID else { return }
            socket.send(.message(SocketIOPacketCodec.encodeAck(namespace: MessagingSocket.namespace, ackId: ackID, arguments: [body])))
        case .failure(let error):
            metrics.ack(error.code.rawValue.lowercased())
            if let ackID {
                let body = (try? MessagingJSON.encodeString(AckResponse<EmptyAck>.failure(error))) ?? "{\"ok\":false}"
                socket.send(.message(SocketIOPacketCodec.encodeAck(namespace: MessagingSocket.namespace, ackId: ackID, arguments: [body])))
            } else {
                let body = "{\"message\":\(SocketIOPacketCodec.quoted(error.message)),\"code\":\"\(error.code.rawValue)\",\"event\":\(SocketIOPacketCodec.quoted(event))}"
                socket.emit(ServerEvent.error.rawValue, body)
            }
        }
    }

    /// `{"token":"…"}` from the CONNECT payload.
    static func authToken(_ data: String?) -> String? {
        guard let data, let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return nil }
        guard let token = object["token"] as? String, !token.isEmpty else { return nil }
        return token
    }
}
