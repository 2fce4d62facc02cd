import Foundation
import Histogram
import Logging
import NIOCore
import SocketIOCodec
import Synchronization
import WSClient

/// Many Socket.IO clients over WebSocket, each authenticated and joined to its room, recording the
/// end-to-end latency of every `new-message` whose content carries its publish time (`t=<ns>;`), in
/// an HdrHistogram of microseconds. Senders (members with `sends`) emit `send-message` with an ack
/// between ``sendWindow``'s bounds, every ``sendInterval``, and time each ack.
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
    /// Senders send between these instants (nanoseconds since ``origin``; 0: not yet).
    let sendStart = Atomic<Int64>(0)
    let sendEnd = Atomic<Int64>(0)
    /// Each sender's pause between two messages (nanoseconds).
    let sendInterval = Atomic<Int64>(1_000_000_000)

    init(options: BenchmarkOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Nanoseconds since ``origin``.
    func now() -> Int64 {
        let elapsed = ContinuousClock.now - origin
        return elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    }

    /// Opens every member's socket (at most `concurrency` handshakes at once), then keeps them
    /// open until the task is cancelled.
    func run(_ members: [Population.Member]) async {
        await withTaskGroup(of: Void.self) { group in
            let gate = AsyncStream<Void>.makeStream()
            var inFlight = 0
            var iterator = gate.stream.makeAsyncIterator()
            for (index, member) in members.enumerated() {
                if inFlight >= options.concurrency {
                    _ = await iterator.next()
                    inFlight -= 1
                }
                inFlight += 1
                let base = options.gateways[index % options.gateways.count]
                group.addTask { await self.client(member, base: base, joined: gate.continuation) }
            }
            gate.continuation.finish()
        }
    }

    private func client(_ member: Population.Member, base: String, joined: AsyncStream<Void>.Continuation) async {
        let url = base.replacingOccurrences(of: "http://", with: "ws://") + "/socket.io/?EIO=4&transport=websocket"
        do {
            try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 20), logger: logger) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                guard case .text(let open)? = try await messages.next(), open.hasPrefix("0") else { throw BenchmarkError("no open packet") }
                try await outbound.write(.text("40/messaging,{\"token\":\"\(member.token)\"}"))
                try await self.expect(prefix: "40/messaging,", from: &messages, outbound: outbound)
                try await outbound.write(.text(
                    "42/messaging,1[\"join-conversation\",{\"conversationId\":\(SocketIOPacketCodec.quoted(member.room))}]"))
                try await self.expect(prefix: "43/messaging,1[{\"ok\":true", from: &messages, outbound: outbound)
                self.ready.wrappingAdd(1, ordering: .relaxed)
                joined.yield()
                let pending = PendingAcks()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    if member.sends {
                        group.addTask { try await self.send(member, outbound: outbound, pending: pending) }
                    }
                    while let message = try await messages.next() {
                        guard case .text(let text) = message else { continue }
                        if text == "2" {
                            try await outbound.write(.text("3"))
                        } else if text.hasPrefix("42/messaging,[\"new-message\"") {
                            self.record(text)
                        } else if text.hasPrefix("43/messaging,") {
                            self.recordAck(text, pending: pending)
                        }
                    }
                    group.cancelAll()
                }
            }
        } catch {
            failed.wrappingAdd(1, ordering: .relaxed)
            joined.yield()
            logger.warning("client failed: \(error)")
        }
    }

    private func expect(
        prefix: String, from messages: inout WebSocketInboundMessageStream.AsyncIterator, outbound: WebSocketOutboundWriter
    ) async throws {
        while let message = try await messages.next() {
            guard case .text(let text) = message else { continue }
            if text.hasPrefix(prefix) { return }
            if text == "2" { try await outbound.write(.text("3")) }
            if text.hasPrefix("44") || text.hasPrefix("43/messaging,1[{\"ok\":false") { throw BenchmarkError("refused: \(text)") }
        }
        throw BenchmarkError("closed before \(prefix)")
    }

    /// Sends `send-message` every ``sendInterval`` within the send window (first one at a random
    /// phase, so senders do not fire together), each with an ack id.
    private func send(_ member: Population.Member, outbound: WebSocketOutboundWriter, pending: PendingAcks) async throws {
        while sendStart.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        let interval = sendInterval.load(ordering: .relaxed)
        let end = sendEnd.load(ordering: .relaxed)
        var next = sendStart.load(ordering: .relaxed) + Int64.random(in: 0..<max(1, interval))
        var ackID = 100
        let room = SocketIOPacketCodec.quoted(member.room)
        while next < end {
            let wait = next - now()
            if wait > 0 { try await Task.sleep(for: .nanoseconds(wait)) }
            let at = now()
            ackID += 1
            pending.times.withLock { $0[ackID] = at }
            try await outbound.write(.text(
                "42/messaging,\(ackID)[\"send-message\",{\"conversationId\":\(room),\"content\":\"t=\(at);\",\"clientMessageId\":\"\(member.user)-\(ackID)\"}]"))
            sent.wrappingAdd(1, ordering: .relaxed)
            next += interval
        }
    }

    private func recordAck(_ text: String, pending: PendingAcks) {
        let received = now()
        let digits = text.dropFirst("43/messaging,".count).prefix { $0.isNumber }
        guard let id = Int(digits), let at = pending.times.withLock({ $0.removeValue(forKey: id) }) else { return }
        if text.dropFirst("43/messaging,".count + digits.count).hasPrefix("[{\"ok\":true") {
            acked.wrappingAdd(1, ordering: .relaxed)
            ackLatencies.withLock { _ = $0.record(UInt64(max(0, received - at) / 1000)) }
        } else {
            ackFailures.wrappingAdd(1, ordering: .relaxed)
        }
    }

    private func record(_ text: String) {
        let received = now()
        delivered.wrappingAdd(1, ordering: .relaxed)
        guard let marker = text.range(of: "t="), let end = text[marker.upperBound...].firstIndex(of: ";"),
            let sent = Int64(text[marker.upperBound..<end])
        else { return }
        latencies.withLock { _ = $0.record(UInt64(max(0, received - sent) / 1000)) }
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
