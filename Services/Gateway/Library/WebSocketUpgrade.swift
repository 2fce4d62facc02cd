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
struct WebSocketUpgrade: Sendable {
    let engine: EngineServer
    let metrics: GatewayMetrics

    func shouldUpgrade(_ request: HTTPRequest) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let target = request.path ?? ""
        guard EngineQuery.isEnginePath(target) else { return .dontUpgrade }
        let query = EngineQuery(target: target)
        guard query.eio == "4", query.transport == "websocket" else { return .dontUpgrade }
        if let sid = query.sid {
            guard let session = engine.session(sid), session.transport == .polling, !session.isUpgrading, !session.isClosed else {
                return .dontUpgrade
            }
            return .upgrade([:]) { inbound, outbound, _ in
                await run(session, inbound: inbound, outbound: outbound, upgraded: false)
            }
        }
        guard engine.isAccepting else { return .dontUpgrade }
        let handshake = HandshakeRequest(
            bearerToken: RequestCredentials.bearerToken(in: request.headerFields),
            cookieToken: RequestCredentials.cookie(named: RequestCredentials.cookieName, in: request.headerFields),
            remoteAddress: nil)
        return .upgrade([:]) { inbound, outbound, _ in
            guard let session = engine.open(transport: .websocket, handshake: handshake) else { return }
            let open = "0" + engine.configuration.handshake(sid: session.id, upgrades: [])
            do {
                try await outbound.write(.text(open))
            } catch {
                session.transportClosed(reason: "transport close")
                return
            }
            await run(session, inbound: inbound, outbound: outbound, upgraded: true)
        }
    }

    /// Reads and writes one WebSocket until the session or the socket ends.
    private func run(_ session: EngineSession, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, upgraded: Bool) async {
        let (upgrade, upgradeSignal) = AsyncStream.makeStream(of: Void.self)
        if upgraded { upgradeSignal.yield() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await read(session, inbound: inbound, outbound: outbound, upgraded: upgraded, upgradeSignal: upgradeSignal)
                upgradeSignal.finish()
            }
            group.addTask {
                var signals = upgrade.makeAsyncIterator()
                guard await signals.next() != nil else { return }
                await write(session, outbound: outbound)
            }
            // Whichever side ends first ends the socket (returning closes it).
            await group.next()
            group.cancelAll()
        }
    }

    private func read(
        _ session: EngineSession, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, upgraded: Bool,
        upgradeSignal: AsyncStream<Void>.Continuation
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
                    metrics.upgraded()
                    isTransport = true
                    upgradeSignal.yield()
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

    private func write(_ session: EngineSession, outbound: WebSocketOutboundWriter) async {
        while let frames = await session.nextFrames(for: .websocket) {
            do {
                for frame in frames {
                    switch frame {
                    case .text(let buffer): try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: buffer)))
                    case .binary(let buffer): try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .binary, data: buffer)))
                    }
                }
            } catch {
                session.transportClosed(reason: "transport error")
                return
            }
        }
    }
}
