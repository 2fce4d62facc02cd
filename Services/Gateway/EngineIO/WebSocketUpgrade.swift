import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Which WebSocket upgrades of `/socket.io/` are taken: a session opened directly over WebSocket
/// (`EIO=4&transport=websocket`), or the upgrade of a live polling session (`&sid=…`). Anything else
/// is refused with engine.io's reason (answered 400 with its message, as engine.io's `abortUpgrade`).
package struct WebSocketUpgrade: Sendable {
    /// What an accepted upgrade becomes.
    enum Decision: Sendable {
        /// A new session over WebSocket, for this handshake.
        case open(HandshakeRequest)
        /// The WebSocket takes over this polling session (after the probe).
        case upgrade(EngineSession)
    }

    let engine: EngineServer
    let metrics: EngineMetrics

    package init(engine: EngineServer, metrics: EngineMetrics) {
        self.engine = engine
        self.metrics = metrics
    }

    /// The decision for an upgrade request, or why it is refused.
    func decide(_ head: HTTPRequestHead, remoteAddress: SocketAddress?) -> Result<Decision, EngineRequestError> {
        guard EngineQuery.isEnginePath(head.uri) else { return .failure(.badRequest) }
        let query = EngineQuery(target: head.uri)
        guard query.transport == "websocket" else { return .failure(.unknownTransport) }
        guard query.eio == "4" else { return .failure(.unsupportedProtocolVersion) }
        if let sid = query.sid {
            guard let session = engine.session(sid) else { return .failure(.unknownSid) }
            // Already upgraded, upgrading, or over.
            guard session.transport == .polling, !session.isUpgrading, !session.isClosed else { return .failure(.badRequest) }
            return .success(.upgrade(session))
        }
        guard engine.isAccepting else { return .failure(.badRequest) }
        let handshake = HandshakeRequest(
            headers: HTTPFields(head.headers, splitCookie: false), remoteAddress: remoteAddress?.description, remoteIP: remoteAddress?.ipAddress)
        if engine.refusal(for: handshake) != nil { return .failure(.forbidden) }
        return .success(.open(handshake))
    }

    /// The handler that serves the upgraded channel (added on its event loop, after the 101).
    func handler(for decision: Decision) -> EngineWebSocketHandler {
        EngineWebSocketHandler(decision: decision, engine: engine, metrics: metrics)
    }
}
