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

/// The messaging layer of one gateway, with no server: Redis is an ``InMemoryRedisExecutor``, rooms
/// go through an ``InMemoryRoomBroker``, and the test plays the message store (it reads the
/// commands the gateway queued and answers them).
struct GatewayHarness {
    let redis = InMemoryRedisExecutor()
    let queue = SubscriptionQueue()
    let hub: Hub
    let delivery: RoomDelivery
    let broker: InMemoryRoomBroker
    let store: StoreClient
    let handler: MessagingEventHandler
    let namespace: MessagingNamespace
    static let instanceID = "gw-test"

    private init(verifier: TokenVerifier, ackTimeout: Duration) {
        var logger = Logger(label: "test.gateway")
        logger.logLevel = .critical
        let metrics = GatewayMetrics()
        hub = Hub(metrics: metrics, subscriptions: queue)
        let delivery = RoomDelivery(hub: hub, metrics: metrics, instanceID: Self.instanceID, logger: logger)
        self.delivery = delivery
        let store = StoreClient(redis: redis, instanceID: Self.instanceID, timeout: ackTimeout, logger: logger)
        self.store = store
        broker = InMemoryRoomBroker(queue: queue, instanceID: Self.instanceID) { target, bytes in
            switch target {
            case .gateway: store.receive(bytes)
            case .room, .user: delivery.receive(target, bytes)
            }
        }
        let presence = PresenceRefresher(redis: redis, hub: hub, instanceID: Self.instanceID, ttl: .seconds(30), logger: logger)
        handler = MessagingEventHandler(
            hub: hub, store: store, broker: broker, delivery: delivery, typing: TypingTracker(timeout: .seconds(5)), instanceID: Self.instanceID,
            presence: presence, logger: logger)
        namespace = MessagingNamespace(handler: handler, verifier: verifier, hub: hub, metrics: metrics, logger: logger)
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
        await hub.add(socket)
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

    // MARK: Playing the store

    /// The commands queued so far, oldest first.
    func commands() throws -> [CommandEnvelope] {
        try redis.entries(of: RedisNames.commandsStream).map { try CommandEnvelope.read(streamFields: $0.fields) }
    }

    /// Answers a command as the store does, on this gateway's reply channel.
    func answer(_ command: CommandEnvelope, body: String = "{}", error: MessagingError? = nil) async throws {
        let reply = try CommandReplyEnvelope(header: CommandReplyHeader(requestId: command.requestId, error: error), body: body).encoded()
        store.receive(reply)
    }

    /// Publishes a room broadcast as the store does.
    func publish(event: ServerEvent, body: String, room: String, seq: Int? = nil, origin: String = "store-1") async throws {
        let header = BroadcastHeader(event: event.rawValue, origin: origin, seq: seq)
        try await broker.publish(try BroadcastEnvelope(header: header, body: body).encoded(), to: RedisNames.room(room))
    }
}
