/// The life of one Engine.IO session, without I/O and without a clock: its transport (polling,
/// upgrading, WebSocket), the packets waiting to be written, whoever waits to write them (a pending
/// poll or the WebSocket writer), the heartbeat and the connect deadline.
///
/// Generic over the waiter, the frame and the instant so it is tested with plain values; the
/// session that owns it carries out the actions it returns.
struct EngineSessionStateMachine<Waiter, Frame, Instant: InstantProtocol> where Instant.Duration == Duration {
    typealias Transport = EngineTransport

    /// Frames the machine writes by itself.
    struct Controls {
        var ping: Frame
        var noop: Frame
        var close: Frame
    }

    /// What to do with the waiter after an event.
    enum WakeAction {
        case none
        /// Hand these frames to the waiter.
        case resume(Waiter, [Frame])
        /// The session is over: release the waiter with nothing.
        case finish(Waiter)
        /// Write these frames to the WebSocket now (a direct writer is attached).
        case write([Frame])
        /// Write these last frames to the WebSocket, then close it.
        case writeAndClose([Frame])
    }

    /// What a writer asking for frames gets.
    enum NextAction {
        /// Write these now.
        case write([Frame])
        /// Nothing yet: the waiter is kept until something is sent.
        case wait
        /// The session is over.
        case finished
    }

    /// What the heartbeat tick found.
    enum TickAction {
        case none
        /// A ping was queued.
        case pinged(WakeAction)
        /// No pong within the timeout, or no namespace within the connect timeout: close.
        case expired(reason: String)
    }

    private(set) var transport: Transport
    /// A WebSocket takes frames as they are sent, with no waiter in between.
    private(set) var hasDirectWriter = false
    private(set) var isUpgrading = false
    private(set) var isClosing = false
    private(set) var isClosed = false
    private var outbox: [Frame] = []
    private var waiter: Waiter?
    private var pollInProgress = false
    private var nextPingAt: Instant
    private var pongDeadline: Instant?
    private var connectDeadline: Instant?
    private let pingInterval: Duration
    private let pingTimeout: Duration
    private let controls: Controls

    init(transport: Transport, now: Instant, pingInterval: Duration, pingTimeout: Duration, connectTimeout: Duration, controls: Controls) {
        self.transport = transport
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
        self.controls = controls
        self.nextPingAt = now.advanced(by: pingInterval)
        self.connectDeadline = now.advanced(by: connectTimeout)
    }

    // MARK: Writing

    /// Frames queued and not yet taken by a writer.
    var queuedCount: Int { outbox.count }

    /// Queues frames for the client.
    mutating func send(_ frames: [Frame]) -> WakeAction {
        guard !isClosing, !isClosed else { return .none }
        outbox.append(contentsOf: frames)
        return wake()
    }

    /// A writer of `transport` asks for frames.
    mutating func next(for transport: Transport, waiter: Waiter) -> NextAction {
        if !outbox.isEmpty && transport == self.transport {
            defer { outbox.removeAll(keepingCapacity: true) }
            return .write(outbox)
        }
        if isClosing || isClosed {
            isClosed = true
            return .finished
        }
        self.waiter = waiter
        return .wait
    }

    /// The WebSocket transport writes frames as they are sent from now on; returns what was queued.
    mutating func attachDirectWriter() -> [Frame] {
        guard transport == .websocket, !isClosed else { return [] }
        hasDirectWriter = true
        defer { outbox.removeAll() }
        return outbox
    }

    /// The waiter gave up (its connection went away); returns it if it still waited.
    mutating func removeWaiter() -> Waiter? {
        defer { waiter = nil }
        return waiter
    }

    // MARK: Polling

    /// A GET poll arrives; `false` when one is already in progress (the protocol's overlap error).
    mutating func pollStarted() -> Bool {
        guard !pollInProgress else { return false }
        pollInProgress = true
        return true
    }

    /// The GET poll was answered.
    mutating func pollEnded() {
        pollInProgress = false
    }

    // MARK: Upgrade

    /// `2probe` arrived over a new WebSocket: the pending poll is released with a noop so the
    /// client can complete the upgrade.
    mutating func probeReceived() -> WakeAction {
        guard transport == .polling, !isClosed else { return .none }
        isUpgrading = true
        if let waiter {
            self.waiter = nil
            return .resume(waiter, [controls.noop])
        }
        return .none
    }

    /// `5` arrived: the WebSocket is the transport from now on; a pending poll is released.
    mutating func upgradeCompleted() -> WakeAction {
        guard transport == .polling, !isClosed else { return .none }
        transport = .websocket
        isUpgrading = false
        if let waiter {
            self.waiter = nil
            return .resume(waiter, [controls.noop])
        }
        return .none
    }

    /// The upgrading WebSocket went away before `5`.
    mutating func upgradeAbandoned() {
        isUpgrading = false
    }

    // MARK: Heartbeat and deadlines

    /// The client's pong.
    mutating func pongReceived(now: Instant) {
        pongDeadline = nil
        nextPingAt = now.advanced(by: pingInterval)
    }

    /// The session joined a namespace: no connect deadline any more.
    mutating func namespaceConnected() {
        connectDeadline = nil
    }

    /// Called regularly by the heartbeat service.
    mutating func tick(now: Instant) -> TickAction {
        guard !isClosing, !isClosed else { return .none }
        if let connectDeadline, now >= connectDeadline { return .expired(reason: "connect timeout") }
        if let pongDeadline {
            return now >= pongDeadline ? .expired(reason: "ping timeout") : .none
        }
        guard now >= nextPingAt else { return .none }
        pongDeadline = now.advanced(by: pingTimeout)
        outbox.append(controls.ping)
        return .pinged(wake())
    }

    // MARK: Closing

    /// The server closes the session: a poll gets the close packet; the WebSocket writer drains
    /// what is queued and ends.
    mutating func close(sendClosePacket: Bool) -> WakeAction {
        guard !isClosing, !isClosed else { return .none }
        if sendClosePacket && transport == .polling { outbox.append(controls.close) }
        isClosing = true
        if hasDirectWriter {
            isClosed = true
            defer { outbox.removeAll() }
            return .writeAndClose(outbox)
        }
        if let waiter {
            self.waiter = nil
            if outbox.isEmpty {
                isClosed = true
                return .finish(waiter)
            }
            defer { outbox.removeAll() }
            return .resume(waiter, outbox)
        }
        return .none
    }

    /// The transport went away (client closed, network error): nothing more is written.
    mutating func transportClosed() -> WakeAction {
        let wasClosed = isClosed
        isClosed = true
        isClosing = true
        outbox.removeAll()
        // A WebSocket may still be open (the session expired, or sent garbage): close it.
        if !wasClosed && hasDirectWriter { return .writeAndClose([]) }
        if !wasClosed, let waiter {
            self.waiter = nil
            return .finish(waiter)
        }
        return .none
    }

    /// The client sent the close packet. Over polling a pending GET is released with a noop (as
    /// engine.io's polling transport does), and nothing queued is written; otherwise as
    /// ``transportClosed()``.
    mutating func clientClosed() -> WakeAction {
        guard transport == .polling, !hasDirectWriter, !isClosed, let waiter else { return transportClosed() }
        self.waiter = nil
        isClosed = true
        isClosing = true
        outbox.removeAll()
        return .resume(waiter, [controls.noop])
    }

    private mutating func wake() -> WakeAction {
        if hasDirectWriter {
            defer { outbox.removeAll(keepingCapacity: true) }
            return .write(outbox)
        }
        guard let waiter else { return .none }
        self.waiter = nil
        defer { outbox.removeAll(keepingCapacity: true) }
        return .resume(waiter, outbox)
    }
}
