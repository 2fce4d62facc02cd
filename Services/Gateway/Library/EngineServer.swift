import Logging
import ServiceLifecycle
import Synchronization

/// The Engine.IO server: the sessions of this instance, their heartbeat, and one task per session
/// in which the Socket.IO layer reads it. A `Service`: on graceful shutdown it stops accepting
/// handshakes and closes every session, so clients reconnect (to another instance) at once.
final class EngineServer: Service, Sendable {
    let configuration: EngineConfiguration
    let logger: Logger
    private let handler: any EngineSessionHandler
    private let sessions = Mutex<[String: EngineSession]>([:])
    private let accepting = Atomic<Bool>(true)
    private let started: AsyncStream<EngineSession>
    private let startedContinuation: AsyncStream<EngineSession>.Continuation
    private let shutdownGrace: Duration
    private let metrics: GatewayMetrics

    init(configuration: EngineConfiguration, handler: any EngineSessionHandler, shutdownGrace: Duration, metrics: GatewayMetrics, logger: Logger) {
        self.configuration = configuration
        self.handler = handler
        self.shutdownGrace = shutdownGrace
        self.metrics = metrics
        self.logger = logger
        (started, startedContinuation) = AsyncStream.makeStream(of: EngineSession.self)
    }

    /// Whether new sessions are accepted (not during shutdown).
    var isAccepting: Bool { accepting.load(ordering: .relaxed) }

    /// The session with this id.
    func session(_ id: String) -> EngineSession? {
        sessions.withLock { $0[id] }
    }

    /// Opens a session for a handshake; `nil` while shutting down.
    func open(transport: EngineSession.Machine.Transport, handshake: HandshakeRequest) -> EngineSession? {
        guard isAccepting else { return nil }
        let session = EngineSession(id: SessionID.make(), transport: transport, handshake: handshake, configuration: configuration)
        sessions.withLock { $0[session.id] = session }
        metrics.sessionOpened(transport: transport)
        startedContinuation.yield(session)
        return session
    }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.heartbeat() }
            await withGracefulShutdownHandler {
                for await session in started {
                    group.addTask {
                        await self.handler.run(session)
                        // The Socket.IO layer is done with it: make sure the transport is told.
                        session.close(reason: session.reason ?? "server close")
                        self.sessions.withLock { _ = $0.removeValue(forKey: session.id) }
                        self.metrics.sessionClosed(transport: session.transport)
                    }
                }
            } onGracefulShutdown: {
                self.shutDown()
            }
            // Let closed sessions finish their work (acks in flight), within the grace period.
            let deadline = ContinuousClock.now + shutdownGrace
            while sessions.withLock({ !$0.isEmpty }) && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
        }
    }

    /// Stops accepting, closes every session (clients see a transport close and reconnect).
    private func shutDown() {
        accepting.store(false, ordering: .relaxed)
        let all = sessions.withLock { Array($0.values) }
        logger.info("gateway shutting down: closing sessions", metadata: ["sessions": "\(all.count)"])
        for session in all { session.close(reason: "server shutting down") }
        startedContinuation.finish()
    }

    /// Pings every session on time and closes the silent ones.
    private func heartbeat() async {
        let interval = max(min(configuration.pingInterval, configuration.pingTimeout) / 10, .milliseconds(10))
        let tick = min(interval, .seconds(1))
        while !Task.isCancelled {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let all = sessions.withLock { Array($0.values) }
            for session in all where !session.tick(now: now) {
                logger.debug("session expired", metadata: ["session": "\(session.id)", "reason": "\(session.reason ?? "")"])
            }
            if !isAccepting && all.isEmpty { return }
        }
    }
}
