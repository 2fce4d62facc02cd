import Logging
import Metrics
import NIOCore
import Synchronization

/// One Engine.IO session: the packets the client sent, in order, for the Socket.IO layer (its
/// ``SessionInbox``, drained by the engine when packets arrive); the frames to write, for whichever
/// transport holds the session (a pending poll or the WebSocket writer). The state lives in
/// ``EngineSessionStateMachine``; this class only carries out its actions. It has no task of its own.
package final class EngineSession: Sendable {
    package typealias Waiter = CheckedContinuation<[EngineFrame]?, Never>
    typealias Machine = EngineSessionStateMachine<Waiter, EngineFrame, ContinuousClock.Instant>

    /// The session id (`sid`).
    package let id: String
    /// The client's request, as seen at the handshake (for authentication on CONNECT).
    package let handshake: HandshakeRequest
    /// The client's address it counts against (``HandshakeAdmission``).
    let clientAddress: String
    private let state: Mutex<Machine>
    private let inbox: Mutex<SessionInbox<EngineIOPacket>>
    /// Frames a polling client may leave unread before it is closed as a slow consumer.
    private let maxQueuedFrames: Int
    /// Asks the engine for a drain of the inbox.
    private let wake: @Sendable (EngineSession) -> Void
    private let closeReason = Mutex<String?>(nil)
    /// The WebSocket that takes frames directly, once attached (written under the state lock, so
    /// frames reach it in the order they were sent).
    private let directWriter = Mutex<(any EngineDirectWriter)?>(nil)

    init(
        id: String, transport: Machine.Transport, handshake: HandshakeRequest, clientAddress: String = "unknown", configuration: EngineConfiguration,
        wake: @escaping @Sendable (EngineSession) -> Void
    ) {
        self.id = id
        self.handshake = handshake.keeping(configuration.retainedHandshakeHeaders)
        self.clientAddress = clientAddress
        self.inbox = Mutex(SessionInbox(limit: configuration.maxInboundPackets))
        self.maxQueuedFrames = configuration.maxQueuedPackets
        self.wake = wake
        self.state = Mutex(
            Machine(
                transport: transport, now: .now, pingInterval: configuration.pingInterval, pingTimeout: configuration.pingTimeout,
                connectTimeout: configuration.connectTimeout, controls: .init(ping: .ping, noop: .noop, close: .close)))
    }

    package var transport: EngineTransport { state.withLock { $0.transport } }
    var isUpgrading: Bool { state.withLock { $0.isUpgrading } }
    var isClosed: Bool { state.withLock { $0.isClosed || $0.isClosing } }
    /// Why it closed, once it did.
    package var reason: String? { closeReason.withLock { $0 } }

    // MARK: Outbound

    /// Queues frames; they reach the client with the next write of its transport.
    package func send(_ frames: [EngineFrame]) {
        var overflowed = false
        carry(
            state.withLock { machine in
                if machine.queuedCount + frames.count > maxQueuedFrames {
                    overflowed = true
                    return .none
                }
                return writingDirectly(machine.send(frames))
            })
        // A polling client that does not come for its packets: closed (it reconnects and catches up).
        if overflowed {
            Counter(label: "gateway_sessions_closed_total", dimensions: [("reason", "slow_polling_consumer")]).increment()
            transportClosed(reason: "slow consumer: more than \(maxQueuedFrames) packets unread")
        }
    }

    /// Carries out a direct write while the state lock is held, so concurrent senders' frames
    /// reach the WebSocket in the order the machine took them; anything else is carried out after.
    private func writingDirectly(_ action: Machine.WakeAction) -> Machine.WakeAction {
        guard case .write(let frames) = action else { return action }
        directWriter.withLock { $0 }?.write(frames)
        return .none
    }

    /// A WebSocket transport takes over writing: what is queued goes out now, and every later
    /// frame as it is sent (no writer task in between).
    func attach(_ writer: any EngineDirectWriter) {
        directWriter.withLock { $0 = writer }
        let queued = state.withLock { $0.attachDirectWriter() }
        if !queued.isEmpty { writer.write(queued) }
    }

    /// Queues one frame.
    package func send(_ frame: EngineFrame) { send([frame]) }

    /// The next frames for `transport`, waiting until there are some; `nil` once the session is over.
    func nextFrames(for transport: Machine.Transport) async -> [EngineFrame]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: Waiter) in
                switch state.withLock({ $0.next(for: transport, waiter: continuation) }) {
                case .write(let frames): continuation.resume(returning: frames)
                case .finished: continuation.resume(returning: nil)
                case .wait: break
                }
            }
        } onCancel: {
            state.withLock { $0.removeWaiter() }?.resume(returning: [])
        }
    }

    // MARK: Inbound

    /// Takes a packet from the client's transport.
    func receive(_ packet: EngineIOPacket) {
        switch packet {
        case .pong:
            state.withLock { $0.pongReceived(now: .now) }
        case .close:
            // Over polling, a pending GET is released with a noop (as engine.io answers it).
            record("client close")
            carry(state.withLock { $0.clientClosed() })
            finishInbox()
        case .message, .binary:
            switch inbox.withLock({ $0.push(packet) }) {
            case .startDrain: wake(self)
            case .none: break
            case .overflow:
                // Sends faster than it is served: what it sent so far is still handled, then it ends.
                Counter(label: "gateway_sessions_closed_total", dimensions: [("reason", "inbound_overflow")]).increment()
                close(reason: "too many packets waiting to be handled")
            }
        case .open, .ping, .upgrade, .noop:
            // A ping from the client (protocol v3's direction) or packets out of place: engine.io
            // closes such a session as a transport error.
            transportClosed(reason: "transport error: unexpected packet \(packet.typeCode)")
        }
    }

    /// What the engine's drain does next with the received packets.
    func nextInbound() -> SessionInbox<EngineIOPacket>.NextAction {
        inbox.withLock { $0.next() }
    }

    // MARK: Polling

    func pollStarted() -> Bool { state.withLock { $0.pollStarted() } }
    func pollEnded() { state.withLock { $0.pollEnded() } }

    // MARK: Upgrade

    func probeReceived() { carry(state.withLock { $0.probeReceived() }) }
    func upgradeCompleted() { carry(state.withLock { $0.upgradeCompleted() }) }
    func upgradeAbandoned() { state.withLock { $0.upgradeAbandoned() } }

    // MARK: Life

    package func namespaceConnected() { state.withLock { $0.namespaceConnected() } }

    /// Heartbeat; `false` when the session expired and was closed.
    func tick(now: ContinuousClock.Instant) -> Bool {
        switch state.withLock({ machine -> Machine.TickAction in
            let result = machine.tick(now: now)
            if case .pinged(let action) = result { return .pinged(writingDirectly(action)) }
            return result
        }) {
        case .none: return true
        case .pinged(let action):
            carry(action)
            return true
        case .expired(let reason):
            transportClosed(reason: reason)
            return false
        }
    }

    /// The server ends the session (a poll gets the close packet, the WebSocket is closed after
    /// what is queued).
    package func close(reason: String) {
        record(reason)
        carry(state.withLock { $0.close(sendClosePacket: true) })
        finishInbox()
    }

    /// The transport is gone; nothing more is written.
    func transportClosed(reason: String) {
        record(reason)
        carry(state.withLock { $0.transportClosed() })
        finishInbox()
    }

    /// No packet follows: the drain handles what is left, then the session's end.
    private func finishInbox() {
        if inbox.withLock({ $0.finish() }) == .startDrain { wake(self) }
    }

    private func record(_ reason: String) {
        closeReason.withLock { if $0 == nil { $0 = reason } }
    }

    private func carry(_ action: Machine.WakeAction) {
        switch action {
        case .none: break
        case .resume(let waiter, let frames): waiter.resume(returning: frames)
        case .finish(let waiter): waiter.resume(returning: nil)
        case .write(let frames): directWriter.withLock { $0 }?.write(frames)
        case .writeAndClose(let frames): directWriter.withLock { $0 }?.close(after: frames)
        }
    }
}
