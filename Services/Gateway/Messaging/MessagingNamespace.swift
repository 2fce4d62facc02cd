import EngineIO
import Foundation
import Logging
import MessagingProtocol
import ServiceKit
import SocketIO
import TokenVerification
import Tracing

/// The `/messaging` namespace as a Socket.IO application: CONNECT authenticates the user's token
/// (from the auth payload, else the handshake's `Authorization: Bearer`, else its `access_token`
/// cookie — then only from an allowed `Origin`, so no other site's page can open a socket as the
/// cookie's user), and events go to the ``MessagingEventHandler``, whose replies become acks, or `error`
/// events when the client asked for no ack.
final class MessagingNamespace: SocketIOApplication {
    let handler: MessagingEventHandler
    let verifier: TokenVerifier
    let hub: Hub
    let recovery: SessionRecovery
    let origins: OriginPolicy
    /// What clients may do: one instance every socket refers to.
    let sharedLimits: SharedClientLimits
    /// Whether a tracer is bootstrapped (else no span is started at all).
    let tracing: Bool
    /// `send-message` per user, across the user's sockets here.
    let userSends: RateLimiterTable<String>
    let metrics: GatewayMetrics
    let logger: Logger

    init(
        handler: MessagingEventHandler, verifier: TokenVerifier, hub: Hub, recovery: SessionRecovery, origins: OriginPolicy, limits: ClientLimits,
        metrics: GatewayMetrics, logger: Logger
    ) {
        self.handler = handler
        self.verifier = verifier
        self.hub = hub
        self.recovery = recovery
        self.origins = origins
        self.sharedLimits = SharedClientLimits(limits)
        self.tracing = !(InstrumentationSystem.tracer is NoOpTracer)
        self.userSends = RateLimiterTable(rate: limits.userSends)
        self.metrics = metrics
        self.logger = logger
    }

    var namespace: String { MessagingSocket.namespace }

    func connect(_ socket: SocketIOSocket, handshake: HandshakeRequest, auth: String?) async -> Result<MessagingSocket, SocketIOConnectRefusal> {
        let payload = auth.flatMap { try? ConnectAuth(json: $0) }
        var token = payload?.token.flatMap { $0.isEmpty ? nil : $0 } ?? RequestCredentials.bearerToken(in: handshake.headers)
        if token == nil, let cookie = RequestCredentials.cookie(named: RequestCredentials.cookieName, in: handshake.headers) {
            // The browser attaches the cookie to any site's request: only the frontend's origins may use it.
            let origin = handshake.headers[.origin]
            guard origins.allows(origin) else {
                metrics.refused(.origin)
                logger.notice("connect refused: cookie from an origin not allowed", metadata: ["origin": "\(origin ?? "")", "peer": "\(handshake.remoteAddress ?? "-")"])
                return .failure(SocketIOConnectRefusal(json: ConnectErrorPayload(code: .forbidden, message: "origin not allowed").jsonString))
            }
            token = cookie
        }
        let verified: VerifiedToken
        do {
            guard let token else { throw MessagingError(.unauthorized, "no token") }
            verified = try await verifier.verify(token)
        } catch {
            logger.info("connect refused: \(error)", metadata: ["session": "\(socket.sessionID)"])
            return .failure(SocketIOConnectRefusal(json: ConnectErrorPayload(code: .unauthorized, message: "unauthorized").jsonString))
        }
        let connected: MessagingSocket
        // The official client presents its pid with the last offset it got: the same user's socket
        // comes back with its id and its rooms.
        if let pid = payload?.pid, payload?.offset != nil, let session = await recovery.take(pid: pid, userID: verified.user.id) {
            connected = MessagingSocket(
                user: verified.user, tokenID: verified.tokenID, tokenExpiry: verified.expiresAt, tokenIssuedAt: verified.issuedAt, connection: socket, id: session.sid, pid: session.pid, recovering: session.rooms,
                limits: sharedLimits)
            metrics.recovered()
            logger.info("socket recovered", metadata: ["socket": "\(session.sid)", "rooms": "\(session.rooms.count)"])
        } else {
            connected = MessagingSocket(user: verified.user, tokenID: verified.tokenID, tokenExpiry: verified.expiresAt, tokenIssuedAt: verified.issuedAt, connection: socket, pid: recovery.newPID(), limits: sharedLimits)
        }
        await hub.add(connected)
        logger.info(
            "socket connected",
            metadata: [
                "session": "\(socket.sessionID)", "socket": "\(connected.id)", "user": "\(connected.user.id)",
                "peer": "\(handshake.remoteAddress ?? "-")",
            ])
        return .success(connected)
    }

    func connected(_ socket: MessagingSocket) async {
        await handler.connected(socket)
    }

    func event(_ event: SocketIOEvent, from socket: MessagingSocket, ack: SocketIOAck?) async {
        metrics.eventIn(event.name)
        let kind = ClientEvent(rawValue: event.name)
        if let refusal = admit(kind, from: socket) {
            metrics.refused(refusal.reason)
            logger.debug("event refused", metadata: ["socket": "\(socket.id)", "event": "\(event.name)", "reason": "\(refusal.reason.rawValue)"])
            answer(.failure(refusal.error(limits: sharedLimits.value)), ack: ack, event: event.name, socket: socket)
            return
        }
        // The handler's first part runs here, in the order the client sent; the store's answer
        // (a callback, no task) comes beside the next packets.
        let started = ContinuousClock.now
        // With tracing on, the event is a span from here to its answer; a command it sends to the
        // store carries it (``TraceParent``).
        let span: (any Span)? = tracing ? InstrumentationSystem.tracer.startSpan("socket \(kind?.rawValue ?? "event")", context: .topLevel, ofKind: .server) : nil
        if let span {
            span.attributes["messaging.user"] = socket.user.id
            span.attributes["messaging.socket"] = socket.id
        }
        let outcome: EventOutcome
        if let span {
            outcome = await ServiceContext.$current.withValue(span.context) { await handler.handle(event, from: socket) }
        } else {
            outcome = await handler.handle(event, from: socket)
        }
        if case .whenStoreAnswers = outcome { socket.awaitAnswer() }
        handler.complete(outcome) { reply in
            defer { span?.end() }
            if case .whenStoreAnswers = outcome {
                socket.answered()
                if let kind { self.metrics.storeAnswered(kind, after: .now - started) }
            }
            self.answer(reply, ack: ack, event: event.name, socket: socket)
        }
    }

    /// The socket's limits, then its user's (`send-message` across their sockets here).
    private func admit(_ kind: ClientEvent?, from socket: MessagingSocket) -> SocketAllowance.Refusal? {
        if let refusal = socket.admit(kind) { return refusal }
        if kind == .sendMessage, let wait = userSends.take(socket.user.id) { return SocketAllowance.Refusal(reason: .sendRate, wait: wait) }
        return nil
    }

    func identity(of socket: MessagingSocket) -> SocketIOIdentity {
        SocketIOIdentity(sid: socket.id, pid: socket.pid)
    }

    func disconnected(_ socket: MessagingSocket, reason: SocketIODisconnectReason) async {
        // Where its rooms stood, read before it leaves them.
        let positions = socket.roomPositions
        await handler.disconnected(socket)
        if reason.isRecoverable, socket.isRecoverable, let pid = socket.pid {
            await recovery.persist(RecoverableSession(sid: socket.id, pid: pid, userID: socket.user.id, rooms: positions))
        }
    }

    private func answer(_ reply: EventReply, ack: SocketIOAck?, event: String, socket: MessagingSocket) {
        switch reply {
        case .ok(let body):
            metrics.ack("ok")
            ack?.send(body)
        case .failure(let error):
            metrics.ack(error.code.rawValue.lowercased())
            if let ack {
                ack.send(AckResponse<EmptyAck>.failure(error).jsonString)
            } else {
                socket.emit(ServerEvent.error.rawValue, ErrorEventPayload(error: error, event: event).jsonString)
            }
        }
    }

}
