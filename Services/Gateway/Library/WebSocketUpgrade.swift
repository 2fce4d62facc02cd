import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import ServiceKit
import SocketIOCodec

/// The WebSocket side of `/socket.io/`: a session opened directly over WebSocket, or the upgrade
/// of a polling session (`2probe` → `3probe`, the pending poll released with a noop, then `5`).
/// Requests that are not a valid upgrade are left to the router, which answers the protocol's 400.
///
/// The connection's own task only reads; frames are written straight to the channel as they are
/// sent (``ChannelWebSocketWriter``), so an idle socket costs no task of its own.
struct WebSocketUpgrade: Sendable {
    let engine: EngineServer
    let metrics: GatewayMetrics

    func shouldUpgrade(_ request: HTTPRequest, channel: any Channel) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let target = request.path ?? ""
        guard EngineQuery.isEnginePath(target) else { return .dontUpgrade }
        let query = EngineQuery(target: target)
        guard query.eio == "4", query.transport == "websocket" else { return .dontUpgrade }
        let writer = ChannelWebSocketWriter(channel: channel)
        channel.setOption(
            .writeBufferWaterMark, value:
            ChannelOptions.Types.WriteBufferWaterMark(low: engine.configuration.maxUnreadBytes / 2, high: engine.configuration.maxUnreadBytes)
        ).whenFailure { _ in }
        if let sid = query.sid {
            guard let session = engine.session(sid), session.transport == .polling, !session.isUpgrading, !session.isClosed else {
                return .dontUpgrade
            }
            return .upgrade([:]) { inbound, outbound, _ in
                await read(session, inbound: inbound, outbound: outbound, writer: writer, upgraded: false)
            }
        }
        guard engine.isAccepting else { return .dontUpgrade }
        let handshake = HandshakeRequest(headers: request.headerFields, remoteAddress: channel.remoteAddress?.description)
        return .upgrade([:]) { inbound, outbound, _ in
            guard let session = engine.open(transport: .websocket, handshake: handshake) else { return }
            session.send(.text(ByteBuffer(string: "0" + engine.configuration.handshake(sid: session.id, upgrades: []))))
            session.attach(writer)
            await read(session, inbound: inbound, outbound: outbound, writer: writer, upgraded: true)
        }
    }

    /// Reads the WebSocket until it closes (by either side).
    private func read(
        _ session: EngineSession, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, writer: ChannelWebSocketWriter,
        upgraded: Bool
    ) async {
        var isTransport = upgraded
        do {
            for try await message in inbound.messages(maxSize: engine.configuration.maxPayload) {
                let packet: EngineIOPacket
                switch message {
                case .text(let text): packet = try EngineIOPacketCodec.decode(text: text)
                case .binary(let buffer): packet = .binary(Array(buffer.readableBytesView))
                }
                if isTransport {
                    session.receive(packet)
                    continue
                }
                switch packet {
                case .ping("probe"):
                    try await outbound.write(.text("3probe"))
                    session.probeReceived()
                case .upgrade:
                    session.upgradeCompleted()
                    session.attach(writer)
                    metrics.upgraded()
                    isTransport = true
                default:
                    // engine.io drops an upgrade that sends anything else first.
                    session.upgradeAbandoned()
                    return
                }
            }
        } catch {
            engine.logger.debug("websocket read ended: \(error)", metadata: ["session": "\(session.id)"])
            if isTransport { session.transportClosed(reason: error is EngineIODecodingError ? "parse error" : "transport error") }
        }
        if isTransport {
            session.transportClosed(reason: "transport close")
        } else {
            session.upgradeAbandoned()
        }
    }
}
