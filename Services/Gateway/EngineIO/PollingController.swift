import HTTPTypes
package import Hummingbird
import JSONCoding
import Logging
import NIOCore

/// The HTTP side of `/socket.io/`: handshakes and long-polling (GET waits for packets, POST
/// delivers them), the protocol's 400 answers, and CORS. WebSocket upgrades are taken before the
/// router (``WebSocketUpgrade``); a WebSocket request that reaches here was not a valid upgrade.
package struct PollingController: Sendable {
    let engine: EngineServer
    let cors: CORSPolicy

    package init(engine: EngineServer, cors: CORSPolicy) {
        self.engine = engine
        self.cors = cors
    }

    package func add<Context: RemoteAddressRequestContext>(to router: Router<Context>) {
        // "/socket.io" matches "/socket.io/" too.
        let path = "/socket.io"
        router.get(RouterPath(path)) { request, context in await handle(request, context: context) }
        router.post(RouterPath(path)) { request, context in await handle(request, context: context) }
        router.on(RouterPath(path), method: .options) { request, _ in
            Response(status: .noContent, headers: cors.preflightHeaders(for: request.headers))
        }
        // Other methods: a handshake is refused as engine.io refuses it (400, code 2); on a
        // session, engine.io's polling transport answers 500.
        for method in [HTTPRequest.Method.put, .delete, .patch] {
            router.on(RouterPath(path), method: method) { request, _ in
                let query = EngineQuery(target: request.uri.description)
                switch validate(request, query: query) {
                case .failure(let error): return self.error(error, request: request)
                case .success: return Response(status: .internalServerError, headers: cors.headers(for: request.headers))
                }
            }
        }
    }

    func handle(_ request: Request, context: some RemoteAddressRequestContext) async -> Response {
        let query = EngineQuery(target: request.uri.description)
        switch validate(request, query: query) {
        case .failure(let error):
            return self.error(error, request: request)
        case .success(nil):
            return handshake(request, context: context)
        case .success(let session?):
            if request.method == .get {
                return await poll(session, request: request)
            }
            return await post(session, request: request)
        }
    }

    /// The checks of engine.io's `verify()`, in its order.
    private func validate(_ request: Request, query: EngineQuery) -> Result<EngineSession?, EngineRequestError> {
        guard query.eio == "4" else { return .failure(.unsupportedProtocolVersion) }
        guard let transport = query.transport, transport == "polling" || transport == "websocket" else { return .failure(.unknownTransport) }
        if let sid = query.sid {
            guard let session = engine.session(sid) else { return .failure(.unknownSid) }
            // Polling requests for a session that moved to WebSocket, or a WebSocket request that
            // was no upgrade.
            guard transport == "polling", session.transport == .polling else { return .failure(.badRequest) }
            return .success(session)
        }
        guard request.method == .get else { return .failure(.badHandshakeMethod) }
        // A WebSocket handshake that was not an upgrade request.
        guard transport == "polling" else { return .failure(.badRequest) }
        return .success(nil)
    }

    private func handshake(_ request: Request, context: some RemoteAddressRequestContext) -> Response {
        let handshake = HandshakeRequest(
            headers: request.headers, remoteAddress: context.remoteAddress?.description, remoteIP: context.remoteAddress?.ipAddress)
        if let reason = engine.refusal(for: handshake) {
            // engine.io's answer to a handshake its `allowRequest` refuses: 403, code 4, the reason.
            var headers = cors.headers(for: request.headers)
            headers[.contentType] = "application/json"
            var json = JSONWriter(capacity: 64)
            json.object { body in
                body.key("code"); body.value(EngineRequestError.forbidden.rawValue)
                body.key("message"); body.value(reason)
            }
            return Response(status: .forbidden, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: json.string)))
        }
        guard let session = engine.open(transport: .polling, handshake: handshake) else {
            return Response(status: .serviceUnavailable, headers: cors.headers(for: request.headers))
        }
        let open = "0" + engine.configuration.handshake(sid: session.id, upgrades: ["websocket"])
        return payload(ByteBuffer(string: open), request: request)
    }

    private func poll(_ session: EngineSession, request: Request) async -> Response {
        guard session.pollStarted() else {
            // A second concurrent GET: engine.io closes the session ("overlap from client"); the
            // pending poll gets the close packet.
            session.close(reason: "overlap from client")
            return Response(status: .badRequest, headers: cors.headers(for: request.headers))
        }
        defer { session.pollEnded() }
        guard let frames = await session.nextFrames(for: .polling) else {
            return error(.unknownSid, request: request)
        }
        return payload(EngineFrame.pollingPayload(frames), request: request)
    }

    private func post(_ session: EngineSession, request: Request) async -> Response {
        if request.headers[.contentType] == "application/octet-stream" {
            session.transportClosed(reason: "invalid content")
            return Response(status: .badRequest, headers: cors.headers(for: request.headers))
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: engine.configuration.maxPayload)
        } catch {
            return Response(status: .contentTooLarge, headers: cors.headers(for: request.headers))
        }
        do {
            for packet in try EngineIOPayloadCodec.decode(body.readableBytesView, maxPayload: engine.configuration.maxPayload) {
                session.receive(packet)
            }
        } catch {
            engine.logger.info("closing session: \(error)", metadata: ["session": "\(session.id)"])
            session.transportClosed(reason: "parse error")
        }
        var headers = cors.headers(for: request.headers)
        headers[.contentType] = "text/html"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok")))
    }

    private func payload(_ buffer: ByteBuffer, request: Request) -> Response {
        var headers = cors.headers(for: request.headers)
        headers[.contentType] = "text/plain; charset=UTF-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    private func error(_ error: EngineRequestError, request: Request) -> Response {
        var headers = cors.headers(for: request.headers)
        headers[.contentType] = "application/json"
        return Response(
            status: HTTPResponse.Status(code: error.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: error.body)))
    }
}
