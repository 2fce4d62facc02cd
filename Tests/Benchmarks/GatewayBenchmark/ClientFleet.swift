import Foundation
import Histogram
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization

/// Many Socket.IO clients over WebSocket, each authenticated and joined to its room, recording the
/// end-to-end latency of every `new-message` whose content carries its publish time (`t=<ns>;`), in
/// an HdrHistogram of microseconds. Senders (members with `sends`) emit `send-message` with an ack
/// between ``sendStart`` and ``sendEnd``, every ``sendInterval``, and time each ack. Each socket is
/// a NIO channel with a ``BenchmarkSocketHandler``.
final class ClientFleet: Sendable {
    let options: BenchmarkOptions
    let logger: Logger
    /// The instant every publish time is measured from (one process: one clock).
    let origin = ContinuousClock.now
    let ready = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let delivered = Atomic<Int>(0)
    let acked = Atomic<Int>(0)
    let ackFailures = Atomic<Int>(0)
    let sent = Atomic<Int>(0)
    private let latencies = Mutex(Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three))
    private let ackLatencies = Mutex(Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three))
    /// How long each step of opening a socket took (microseconds), by ``ConnectPhase``.
    private let phases = Mutex(ConnectPhase.allCases.map { _ in Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three) })
    /// Senders send between these instants (nanoseconds since ``origin``; 0: not yet).
    let sendStart = Atomic<Int64>(0)
    let sendEnd = Atomic<Int64>(0)
    /// Each sender's pause between two messages (nanoseconds).
    let sendInterval = Atomic<Int64>(1_000_000_000)
    /// Senders waiting for the send window, each told once when it opens (no socket polls for it:
    /// 16 000 sockets polling every 10 ms kept the generator's loops too busy to open more).
    private let waitingSenders = Mutex<(open: Bool, wakes: [@Sendable () -> Void])>((false, []))
    /// Every socket opened, closed when the run ends.
    private let channels = Mutex<[any Channel]>([])

    init(options: BenchmarkOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Nanoseconds since ``origin``.
    func now() -> Int64 {
        let elapsed = ContinuousClock.now - origin
        return elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    }

    /// Opens every member's socket (at most `concurrency` handshakes at once, spread over the
    /// gateways and the source addresses in turn), then keeps them open until the task is cancelled.
    /// A socket has no task once it joined: its channel handler does the rest.
    func run(_ members: [Population.Member]) async {
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for (index, member) in members.enumerated() {
                if inFlight >= options.concurrency {
                    await group.next()
                    inFlight -= 1
                }
                inFlight += 1
                let gateway = options.gateways[index % options.gateways.count]
                let source = options.sourceAddresses.isEmpty ? nil : options.sourceAddresses[index % options.sourceAddresses.count]
                group.addTask { await self.open(member, gateway: gateway, source: source) }
            }
        }
        // Open until cancelled, then closed.
        try? await Task.sleep(for: .seconds(86_400))
        for channel in channels.withLock({ $0 }) { channel.close(promise: nil) }
    }

    /// Connects one member (from `source`, if given), upgrades to WebSocket and waits until its
    /// handler has joined the room.
    private func open(_ member: Population.Member, gateway: String, source: String?) async {
        do {
            guard let url = URL(string: gateway), let host = url.host, let port = url.port else { throw BenchmarkError("bad gateway URL \(gateway)") }
            let openedAt = now()
            var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            if let source { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0)) }
            let (channel, upgraded, isReady) = try await bootstrap.connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let isReady = channel.eventLoop.makePromise(of: Void.self)
                    let upgrader = NIOTypedWebSocketClientUpgrader<Bool>(maxFrameSize: 1 << 20) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                BenchmarkSocketHandler(member: member, fleet: self, isReady: isReady, openedAt: openedAt))
                            return true
                        }
                    }
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: "\(host):\(port)")
                    let upgrade = NIOTypedHTTPClientUpgradeConfiguration(
                        upgradeRequestHead: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/socket.io/?EIO=4&transport=websocket", headers: headers),
                        upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(false) })
                    var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: upgrade)
                    // The server's open packet may arrive with the 101: it belongs to the WebSocket.
                    pipeline.leftOverBytesStrategy = .forwardBytes
                    let result = try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: pipeline)
                    return (channel, result, isReady.futureResult)
                }
            }
            channels.withLock { $0.append(channel) }
            guard try await upgraded.get() else { throw BenchmarkError("upgrade refused") }
            try await isReady.get()
            ready.wrappingAdd(1, ordering: .relaxed)
        } catch {
            failed.wrappingAdd(1, ordering: .relaxed)
            logger.warning("client failed: \(error)")
        }
    }

    /// A `new-message` arrived; `sentAt` is the publish time its content carries.
    func recordDelivery(sentAt: Int64?) {
        let received = now()
        delivered.wrappingAdd(1, ordering: .relaxed)
        guard let sentAt else { return }
        latencies.withLock { _ = $0.record(UInt64(max(0, received - sentAt) / 1000)) }
    }

    /// Runs `wake` when the send window opens (at once if it is open).
    func whenSendWindowOpens(_ wake: @escaping @Sendable () -> Void) {
        let open = waitingSenders.withLock { waiting in
            if !waiting.open { waiting.wakes.append(wake) }
            return waiting.open
        }
        if open { wake() }
    }

    /// Opens the send window (after ``sendStart`` is set): every waiting sender is told.
    func openSendWindow() {
        let wakes = waitingSenders.withLock { waiting in
            waiting.open = true
            defer { waiting.wakes = [] }
            return waiting.wakes
        }
        for wake in wakes { wake() }
    }

    /// A step of opening a socket, begun at `since`, ended now.
    func recordPhase(_ phase: ConnectPhase, since: Int64) {
        let elapsed = now() - since
        phases.withLock { _ = $0[phase.rawValue].record(UInt64(max(0, elapsed) / 1000)) }
    }

    /// The median and 99th percentile of each step of opening a socket, in ms, as report fields.
    func phaseReport() -> [(String, Double)] {
        phases.withLock { histograms in
            ConnectPhase.allCases.flatMap { phase in
                let histogram = histograms[phase.rawValue]
                return [
                    ("\(phase.name)_p50_ms", Double(histogram.valueAtPercentile(50)) / 1000),
                    ("\(phase.name)_p99_ms", Double(histogram.valueAtPercentile(99)) / 1000),
                ]
            }
        }
    }

    /// A sender's ack arrived for the message sent at `sentAt`.
    func recordAck(sentAt: Int64, ok: Bool) {
        let received = now()
        guard ok else {
            ackFailures.wrappingAdd(1, ordering: .relaxed)
            return
        }
        acked.wrappingAdd(1, ordering: .relaxed)
        ackLatencies.withLock { _ = $0.record(UInt64(max(0, received - sentAt) / 1000)) }
    }

    /// Takes the delivery latencies recorded so far (microseconds).
    func takeLatencies() -> Histogram<UInt64> {
        latencies.withLock { histogram in
            defer { histogram.reset() }
            return histogram
        }
    }

    /// Takes the ack latencies recorded so far (microseconds).
    func takeAckLatencies() -> Histogram<UInt64> {
        ackLatencies.withLock { histogram in
            defer { histogram.reset() }
            return histogram
        }
    }
}
