import HTTPTypes
package import HummingbirdCore
package import Logging
package import NIOCore
import NIOHTTP1
package import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// The gateway's connections: HTTP/1.1 for the router (polling, health, metrics), or a WebSocket
/// upgrade of `/socket.io/` served by an ``EngineWebSocketHandler`` in the channel pipeline.
///
/// Shaped like Hummingbird's `HTTP1WebSocketUpgradeChannel`, except for the WebSocket side: that one
/// runs each WebSocket in a task of its own for the connection's whole life; here the channel's
/// handlers do the work and the connection's task ends once the upgrade is done, so an idle socket
/// holds no task (nor its stack).
package struct EngineChildChannel: ServerChildChannel, HTTPChannelHandler {
    package enum UpgradeResult: Sendable {
        /// Upgraded: the channel's handlers serve it from now on.
        case websocket
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case failedUpgrade(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, EngineRequestError)
    }

    package struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        package let channel: any Channel
    }

    package let responder: HTTPChannelHandler.Responder
    private let upgrade: WebSocketUpgrade
    private let configuration: EngineConfiguration

    package init(responder: @escaping HTTPChannelHandler.Responder, upgrade: WebSocketUpgrade, configuration: EngineConfiguration) {
        self.responder = Self.upgradeRefusingResponder(responder)
        self.upgrade = upgrade
        self.configuration = configuration
    }

    package func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // Reads start small (clients send little; the buffer grows when reads fill it): each
            // connection keeps its receive buffer while idle, and NIO's default starts at 2 KB.
            try channel.syncOptions?.setOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536))
            // Headers that never finish close the connection (ahead of the HTTP decoder).
            try channel.pipeline.syncOperations.addHandler(RequestHeadTimeoutHandler(timeout: TimeAmount(configuration.requestTimeout)))
            let attempt = NIOLoopBoundBox<Result<WebSocketUpgrade.Decision, EngineRequestError>?>(nil, eventLoop: channel.eventLoop)
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: configuration.maxPayload,
                shouldUpgrade: { [upgrade] channel, head in
                    let decision = upgrade.decide(head, remoteAddress: channel.remoteAddress)
                    attempt.value = decision
                    guard case .success = decision else { return channel.eventLoop.makeSucceededFuture(nil) }
                    return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                },
                upgradePipelineHandler: { [upgrade, configuration] channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard case .success(let decision) = attempt.value else { throw NIOWebSocketUpgradeError.unsupportedWebSocketTarget }
                        // Past the high watermark (the session's maxUnreadBytes) a socket is a slow
                        // consumer: its writer closes it instead of queueing without bound.
                        try channel.syncOptions?.setOption(
                            .writeBufferWaterMark,
                            value: .init(low: configuration.maxUnreadBytes / 2, high: configuration.maxUnreadBytes))
                        try channel.pipeline.syncOperations.addHandler(
                            NIOWebSocketFrameAggregator(
                                minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1 << 16,
                                maxAccumulatedFrameSize: configuration.maxPayload))
                        try channel.pipeline.syncOperations.addHandler(upgrade.handler(for: decision))
                        return UpgradeResult.websocket
                    }
                })
            let serverUpgradeConfiguration = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(idleTimeout: configuration.requestTimeout, logger: logger))
                        let asyncChannel = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                        switch attempt.value {
                        case .failure(let error): return .failedUpgrade(asyncChannel, error)
                        case .success: return .failedUpgrade(asyncChannel, .badRequest)
                        case nil: return .notUpgraded(asyncChannel)
                        }
                    }
                })
            var pipeline = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(upgradeConfiguration: serverUpgradeConfiguration)
            pipeline.enablePipelining = false  // NIOAsyncChannel serialises HTTP requests
            pipeline.enableErrorHandling = false  // Hummingbird answers malformed requests
            pipeline.enableResponseHeaderValidation = false  // HTTPTypes validated them already
            let result = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: pipeline)
            return Value(upgradeResult: result, channel: channel)
        }
    }

    package func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .websocket:
                // The channel's handlers serve it; this task is done.
                return
            case .notUpgraded(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .failedUpgrade(let http, let error):
                await refuseUpgrade(http, error: error, logger: logger)
            }
        } catch let error as ChannelError where error == .inputClosed {
            logger.trace("connection closed before its first request")
        } catch {
            logger.debug("connection setup failed: \(error)")
        }
    }

    /// A refused upgrade (not Engine.IO, an unknown or busy session): engine.io's `abortUpgrade`
    /// answer, 400 with the reason's message as `text/html`, and the connection closes.
    private func refuseUpgrade(_ http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, error: EngineRequestError, logger: Logger) async {
        logger.debug("websocket upgrade refused: \(error.message)")
        do {
            try await http.executeThenClose { _, outbound in
                var body = http.channel.allocator.buffer(capacity: error.message.utf8.count)
                body.writeString(error.message)
                let head = HTTPResponse(
                    status: .badRequest,
                    headerFields: [.connection: "close", .contentType: "text/html", .contentLength: "\(body.readableBytes)"])
                try await outbound.write(contentsOf: [.head(head), .body(body), .end(nil)])
            }
        } catch {
            logger.trace("refused upgrade not answered: \(error)")
        }
    }

    /// NIO takes upgrades only on a connection's first request: a later request asking for one is
    /// sent back to the same address on a new connection (as Hummingbird does).
    private static func upgradeRefusingResponder(_ responder: @escaping HTTPChannelHandler.Responder) -> HTTPChannelHandler.Responder {
        struct RedirectThenClose: Error {}
        return { request, writer, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                try await responder(request, writer, channel)
                return
            }
            var location = request.uri.path
            if let query = request.uri.query { location += "?\(query)" }
            try await writer.writeResponse(HTTPResponse(status: .temporaryRedirect, headerFields: [.connection: "close", .location: location]))
            throw RedirectThenClose()  // ends the connection
        }
    }
}
