import Logging
import NIOCore
import NIOWebSocket

/// The WebSocket transport of one Engine.IO session, as a channel handler: frames in are decoded
/// and handed to the session (or, while a polling session upgrades, answer its probe); frames out
/// are written to the channel by ``ChannelWebSocketWriter``, a loop tick's writes together. No task per connection: an
/// idle socket costs its channel and its session, nothing more.
final class EngineWebSocketHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// Asks the handler to close the WebSocket (a close frame, once, then the connection): what
    /// the session's writer sends when the session ends.
    struct CloseRequest: Sendable {}

    private let decision: WebSocketUpgrade.Decision
    private let engine: EngineServer
    private let metrics: EngineMetrics
    private var session: EngineSession?
    /// Whether this WebSocket carries the session (from the open, or once the upgrade completed).
    private var isTransport = false
    /// The session was told the WebSocket is gone (or its upgrade abandoned).
    private var isReleased = false
    /// The close frame went out: nothing is read any more, and no second one is sent.
    private var isCloseSent = false

    init(decision: WebSocketUpgrade.Decision, engine: EngineServer, metrics: EngineMetrics) {
        self.decision = decision
        self.engine = engine
        self.metrics = metrics
    }

    func handlerAdded(context: ChannelHandlerContext) {
        switch decision {
        case .open(let handshake):
            guard let session = engine.open(transport: .websocket, handshake: handshake) else {
                sendClose(context, code: .goingAway)
                return
            }
            self.session = session
            isTransport = true
            session.send(.text(ByteBuffer(string: "0" + engine.configuration.handshake(sid: session.id, upgrades: []))))
            session.attach(ChannelWebSocketWriter(channel: context.channel, batcher: engine.writeBatcher(for: context.eventLoop)))
        case .upgrade(let session):
            self.session = session
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard !isCloseSent, let session else { return }
        switch frame.opcode {
        case .text:
            let packet: EngineIOPacket
            do {
                packet = try EngineIOPacketCodec.decode(text: String(buffer: frame.unmaskedData))
            } catch {
                engine.logger.debug("websocket packet refused: \(error)", metadata: ["session": "\(session.id)"])
                end(context, reason: "parse error")
                return
            }
            receive(packet, session: session, context: context)
        case .binary:
            receive(.binary(Array(frame.unmaskedData.readableBytesView)), session: session, context: context)
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .connectionClose:
            // The client closes: answer with its code, then close the connection.
            var data = frame.unmaskedData
            let code = data.readWebSocketErrorCode() ?? .normalClosure
            end(context, reason: "transport close", code: code)
        default:
            // Pongs (the server pings at the Engine.IO level) and stray continuations: nothing to do.
            return
        }
    }

    private func receive(_ packet: EngineIOPacket, session: EngineSession, context: ChannelHandlerContext) {
        if isTransport {
            session.receive(packet)
            return
        }
        switch packet {
        case .ping("probe"):
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: "3probe"))), promise: nil)
            session.probeReceived()
        case .upgrade:
            session.upgradeCompleted()
            session.attach(ChannelWebSocketWriter(channel: context.channel, batcher: engine.writeBatcher(for: context.eventLoop)))
            metrics.upgraded()
            isTransport = true
        default:
            // engine.io drops an upgrade that sends anything else first.
            end(context, reason: "upgrade abandoned")
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        release(reason: "transport close")
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The server lets a client half-close (Hummingbird's channels allow it, for HTTP): a FIN
        // without a close frame (a killed browser, a client that ended its output) comes as this
        // event, not as the channel's end. The session ends now, as engine.io's does on the
        // socket's end, not when the next ping fails up to `pingInterval` later (its user shown
        // online, its rooms fed, until then).
        if let event = event as? ChannelEvent, event == .inputClosed {
            end(context, reason: "transport close")
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is CloseRequest else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        sendClose(context, code: .normalClosure)
        promise?.succeed()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        engine.logger.debug("websocket error: \(error)", metadata: ["session": "\(session?.id ?? "-")"])
        end(context, reason: "transport error")
    }

    /// The WebSocket ends: it is closed with `code` (the close frame first, so the session's own
    /// close request finds it sent), and the session is told.
    private func end(_ context: ChannelHandlerContext, reason: String, code: WebSocketErrorCode = .normalClosure) {
        sendClose(context, code: code)
        release(reason: reason)
    }

    private func release(reason: String) {
        guard !isReleased else { return }
        isReleased = true
        if isTransport {
            session?.transportClosed(reason: reason)
        } else {
            session?.upgradeAbandoned()
        }
    }

    private func sendClose(_ context: ChannelHandlerContext, code: WebSocketErrorCode) {
        guard !isCloseSent else { return }
        isCloseSent = true
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: code)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
