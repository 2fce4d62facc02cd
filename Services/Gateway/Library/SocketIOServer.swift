import Foundation
import Logging
import MessagingProtocol
import ServiceKit
import ServiceLifecycle
import SocketIOCodec

/// The Socket.IO v5 server on top of Engine.IO: one reader per session, the `/messaging` namespace
/// with its CONNECT authentication, events to ``MessagingEventHandler`` and their acks. Also a
/// `Service` that ends typing states whose refresh never came.
final class SocketIOServer: EngineSessionHandler, Service, Sendable {
    let handler: MessagingEventHandler
    let verifier: TokenVerifier
    let hub: Hub
    let metrics: GatewayMetrics
    let logger: Logger

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

    func run(_ session: EngineSession) async {
        var logger = self.logger
        logger[metadataKey: "session"] = "\(session.id)"
        var assembler = SocketIOPacketAssembler()
        var socket: MessagingSocket?
        await withDiscardingTaskGroup { group in
            for await engine in session.inbound {
                let packet: SocketIOPacket?
                do {
                    switch engine {
                    case .message(let text): packet = try assembler.receive(text: text)
                    case .binary(let bytes): packet = try assembler.receive(binary: bytes)
                    default: packet = nil
                    }
                } catch {
                    // A malformed packet closes this connection, and nothing else.
                    logger.info("closing session: \(error)")
                    session.close(reason: "parse error")
                    break
                }
                guard let packet else { continue }
                switch packet.type {
                case .connect:
                    guard socket == nil || packet.namespace != MessagingSocket.namespace else { continue }
                    if let connected = await connect(packet, session: session, logger: logger, group: &group) { socket = connected }
                case .disconnect:
                    guard packet.namespace == MessagingSocket.namespace, let current = socket else { continue }
                    await handler.disconnected(current)
                    socket = nil
                case .event, .binaryEvent:
                    guard packet.namespace == MessagingSocket.namespace, let socket else { continue }
                    await event(packet, socket: socket, group: &group)
                case .ack, .binaryAck, .connectError:
                    // The server asks no acks of clients; nothing else is valid from a client.
                    continue
                }
            }
            // The session is over: answers still awaited could reach nobody. (The commands are in
            // the stream already and are applied; a client that retries with its clientMessageId
            // gets the stored message.)
            group.cancelAll()
        }
        if let socket { await handler.disconnected(socket) }
        logger.debug("session ended", metadata: ["reason": "\(session.reason ?? "")"])
    }

    /// CONNECT: `/messaging` only; the token from the auth payload, else the handshake's bearer
    /// header, else its `access_token` cookie.
    private func connect(
        _ packet: SocketIOPacket, session: EngineSession, logger: Logger, group: inout DiscardingTaskGroup
    ) async -> MessagingSocket? {
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
        group.addTask { await self.handler.connected(socket) }
        return socket
    }

    private func event(_ packet: SocketIOPacket, socket: MessagingSocket, group: inout DiscardingTaskGroup) async {
        guard let name = packet.eventName else { return }
        metrics.eventIn(name)
        let event = IncomingEvent(name: name, arguments: packet.arguments, attachments: packet.attachments)
        // The handler's first part runs here, in the order the client sent; the wait for the
        // store's answer runs beside the next packets.
        let completion = await handler.handle(event, from: socket)
        let ackID = packet.ackId
        group.addTask {
            let reply = await completion()
            self.answer(reply, ackID: ackID, event: name, socket: socket)
        }
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
