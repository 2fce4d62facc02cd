import Foundation
import HTTPTypes
import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceKit
import TestSupport

@testable import EngineIO
@testable import MessagingGateway
@testable import SocketIO
import TokenVerification

/// The messaging layer of one gateway, with no server: Redis is an ``InMemoryRedisExecutor``, rooms
/// go through an ``InMemoryRoomBroker``, and the test plays the message store (it reads the
/// commands the gateway queued and answers them).
struct GatewayHarness {
    let redis = InMemoryRedisExecutor()
    let parts: MessagingGatewayParts<InMemoryRoomBroker>
    static let instanceID = "gw-test"

    var queue: SubscriptionQueue { parts.subscriptions }
    var broker: InMemoryRoomBroker { parts.broker }
    var store: StoreClient { parts.store }
    var namespace: MessagingNamespace { parts.namespace }

    private init(verifier: TokenVerifier, ackTimeout: Duration) {
        var logger = Logger(label: "test.gateway")
        logger.logLevel = .critical
        parts = MessagingGatewayParts(
            redis: redis, instanceID: Self.instanceID, ackTimeout: ackTimeout, typingTimeout: .seconds(5), presenceTTL: .seconds(30),
            verifier: verifier, metrics: GatewayMetrics(), logger: logger
        ) { queue, deliver in
            InMemoryRoomBroker(queue: queue, instanceID: Self.instanceID, deliver: deliver)
        }
    }

    /// Runs `body` with the broker (and the store client's sweep) running.
    static func run(ackTimeout: Duration = .seconds(10), _ body: @Sendable (GatewayHarness) async throws -> Void) async throws {
        let verifier = try await TokenVerifier(configuration: TokenVerifierConfiguration(keySource: .hs256(secret: TestTokens.secret)), revocations: nil, logger: Logger(label: "test"))
        let harness = GatewayHarness(verifier: verifier, ackTimeout: ackTimeout)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await harness.broker.run() }
            group.addTask { try await harness.store.run() }
            defer { group.cancelAll() }
            try await body(harness)
        }
    }

    // MARK: Sockets

    /// A new session with a Socket.IO socket on `/messaging` (not yet connected).
    func connection(headers: HTTPFields = HTTPFields()) -> SocketIOSocket {
        let session = EngineSession(
            id: SessionID.make(), transport: .websocket, handshake: HandshakeRequest(headers: headers), configuration: EngineConfiguration()) { _ in }
        return SocketIOSocket(id: SessionID.make(), namespace: MessagingSocket.namespace, session: session)
    }

    /// A connected socket of `user` (as after a successful CONNECT).
    func connect(_ user: String, role: UserRole = .client, tokenID: String = "t1") async -> MessagingSocket {
        let socket = MessagingSocket(user: UserSummary(id: user, firstName: user.capitalized, role: role), tokenID: tokenID, connection: connection())
        await parts.hub.add(socket)
        // As SocketIOServer does: the CONNECT answer opens the socket (read here, not by the test).
        socket.connection.open(with: SocketIOPacket(type: .connect, namespace: MessagingSocket.namespace, data: #"{"sid":"\#(socket.id)"}"#))
        _ = await written(socket)
        return socket
    }

    /// Emits an event as the client would, with an ack id (or none).
    func emit(_ socket: MessagingSocket, _ name: String, _ json: String, ack: UInt64? = 1) async {
        let ack = ack.map { SocketIOAck(id: $0, namespace: MessagingSocket.namespace, session: socket.connection.session) }
        await namespace.event(SocketIOEvent(name: name, arguments: [json]), from: socket, ack: ack)
    }

    /// The packets written to a socket's session since the last call (Engine.IO text frames).
    func written(_ connection: SocketIOSocket) async -> [String] {
        connection.session.send(.text(ByteBuffer(string: "end-of-test-read")))
        var texts = [String]()
        while let frames = await connection.session.nextFrames(for: .websocket) {
            for case .text(let buffer) in frames { texts.append(String(buffer: buffer)) }
            if texts.last == "end-of-test-read" { break }
        }
        return texts.filter { $0 != "end-of-test-read" }
    }

    func written(_ socket: MessagingSocket) async -> [String] { await written(socket.connection) }

    /// The next `count` packets written to a socket, awaited (for what a background task delivers).
    func next(_ socket: MessagingSocket, count: Int) async -> [String] {
        var texts = [String]()
        while texts.count < count, let frames = await socket.connection.session.nextFrames(for: .websocket) {
            for case .text(let buffer) in frames { texts.append(String(buffer: buffer)) }
        }
        return texts
    }

    // MARK: Playing the store

    /// The commands queued so far, oldest first.
    func commands() throws -> [CommandEnvelope] {
        try redis.entries(of: RedisNames.commandsStream).map { try CommandEnvelope(streamFields: $0.fields) }
    }

    /// The next command queued after the first `count`, awaited (bounded: 5 s).
    func command(after count: Int) async throws -> CommandEnvelope {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            let queued = try commands()
            if queued.count > count { return queued[count] }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw TestServerError("no command was queued after \(count)")
    }

    /// Answers a command as the store does, on this gateway's reply channel.
    func answer(_ command: CommandEnvelope, body: String = "{}", error: MessagingError? = nil) async throws {
        let reply = CommandReplyEnvelope(header: CommandReplyHeader(requestId: command.requestId, error: error), body: body).encoded()
        store.receive(reply)
    }

    /// Publishes a room broadcast as the store does.
    func publish(event: ServerEvent, body: String, room: String, seq: Int? = nil, origin: String = "store-1") async throws {
        let header = BroadcastHeader(event: event.rawValue, origin: origin, seq: seq)
        try await broker.publish(BroadcastEnvelope(header: header, body: body).encoded(), to: RedisNames.room(room))
    }
}
