package import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The Engine.IO server: the sessions of this instance, their heartbeat, and the task group in which
/// the Socket.IO layer handles what they receive (a session is drained when packets arrive and has
/// no task while idle). A `Service`: on graceful shutdown it stops accepting handshakes and closes
/// every session, so clients reconnect (to another instance) at once, then lets the closed sessions
/// finish within the grace period.
package final class EngineServer: Service, Sendable {
    let configuration: EngineConfiguration
    let logger: Logger
    private let handler: any EngineSessionHandler
    private let sessions = Mutex<[String: EngineSession]>([:])
    /// Open sessions per client address (``HandshakeAdmission``).
    private let perAddress = Mutex<[String: Int]>([:])
    private let admission: any HandshakeAdmission
    private let accepting = Atomic<Bool>(true)
    private let work: AsyncStream<EngineTasks.Work>
    private let tasks: EngineTasks
    private let workContinuation: AsyncStream<EngineTasks.Work>.Continuation
    private let shutdownGrace: Duration
    private let metrics: EngineMetrics
    /// One per event loop that carries WebSocket sessions.
    private let batchers = Mutex<[ObjectIdentifier: WebSocketWriteBatcher]>([:])

    package init(
        configuration: EngineConfiguration, handler: any EngineSessionHandler, shutdownGrace: Duration, metrics: EngineMetrics,
        admission: any HandshakeAdmission = OpenAdmission(), logger: Logger
    ) {
        self.configuration = configuration
        self.admission = admission
        self.handler = handler
        self.shutdownGrace = shutdownGrace
        self.metrics = metrics
        self.logger = logger
        (work, workContinuation) = AsyncStream.makeStream(of: EngineTasks.Work.self)
        tasks = EngineTasks(workContinuation)
    }

    /// Whether new sessions are accepted (not during shutdown).
    var isAccepting: Bool { accepting.load(ordering: .relaxed) }

    /// The write batcher of a WebSocket channel's event loop.
    func writeBatcher(for eventLoop: any EventLoop) -> WebSocketWriteBatcher {
        batchers.withLock { batchers in
            let key = ObjectIdentifier(eventLoop)
            if let batcher = batchers[key] { return batcher }
            let batcher = WebSocketWriteBatcher(eventLoop: eventLoop)
            batchers[key] = batcher
            return batcher
        }
    }

    /// The session with this id.
    func session(_ id: String) -> EngineSession? {
        sessions.withLock { $0[id] }
    }

    /// Why a handshake may not open a session now (its address holds too many, or shakes hands too
    /// often), or `nil`. A refusal opens nothing and touches no other session.
    func refusal(for handshake: HandshakeRequest) -> String? {
        let address = admission.address(of: handshake)
        let open = perAddress.withLock { $0[address] ?? 0 }
        guard let reason = admission.admit(address: address, openSessions: open) else { return nil }
        logger.notice("handshake refused", metadata: ["client": "\(address)", "reason": "\(reason)"])
        return reason
    }

    /// Opens a session for a handshake; `nil` while shutting down.
    func open(transport: EngineSession.Machine.Transport, handshake: HandshakeRequest) -> EngineSession? {
        guard isAccepting else { return nil }
        let tasks = self.tasks
        let address = admission.address(of: handshake)
        perAddress.withLock { $0[address, default: 0] += 1 }
        let session = EngineSession(
            id: SessionID.make(), transport: transport, handshake: handshake, clientAddress: address, configuration: configuration
        ) {
            [weak self] session in
            guard let self else { return }
            tasks.run { await self.drain(session) }
        }
        sessions.withLock { $0[session.id] = session }
        metrics.sessionOpened(transport: transport)
        return session
    }

    package func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.heartbeat() }
            group.addTask {
                // Until a graceful shutdown (or cancellation): then close, drain, and stop.
                try? await gracefulShutdown()
                self.shutDown()
                let deadline = ContinuousClock.now + self.shutdownGrace
                while self.sessions.withLock({ !$0.isEmpty }) && ContinuousClock.now < deadline && !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                self.workContinuation.finish()
            }
            for await work in work {
                group.addTask { await work() }
            }
            // Stopped: what still waits (for a closed session) could reach nobody.
            group.cancelAll()
        }
    }

    /// Hands the session's received packets to the Socket.IO layer in order, then its end, once.
    private func drain(_ session: EngineSession) async {
        while true {
            switch session.nextInbound() {
            case .handle(let packet):
                await handler.receive(packet, from: session, tasks: tasks)
            case .end:
                await handler.ended(session)
                // The Socket.IO layer is done with it: make sure the transport is told.
                session.close(reason: session.reason ?? "server close")
                sessions.withLock { _ = $0.removeValue(forKey: session.id) }
                perAddress.withLock { counts in
                    let left = (counts[session.clientAddress] ?? 1) - 1
                    counts[session.clientAddress] = left > 0 ? left : nil
                }
                metrics.sessionClosed(transport: session.transport)
                return
            case .idle:
                return
            }
        }
    }

    /// Stops accepting, closes every session (clients see a transport close and reconnect).
    private func shutDown() {
        accepting.store(false, ordering: .relaxed)
        let all = sessions.withLock { Array($0.values) }
        logger.info("gateway shutting down: closing sessions", metadata: ["sessions": "\(all.count)"])
        for session in all { session.close(reason: "server shutting down") }
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
