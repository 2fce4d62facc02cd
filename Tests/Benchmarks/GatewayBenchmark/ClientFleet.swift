import Foundation
import Logging
import NIOCore
import SocketIOCodec
import Synchronization
import WSClient

/// Many Socket.IO clients over WebSocket, each authenticated and joined to its room, recording the
/// end-to-end latency of every `new-message` whose content carries its publish time (`t=<ns>;`).
final class ClientFleet: Sendable {
    let options: BenchmarkOptions
    let logger: Logger
    /// The instant every publish time is measured from (one process: one clock).
    let origin = ContinuousClock.now
    let ready = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let delivered = Atomic<Int>(0)
    private let latencies = Mutex<[Int64]>([])

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
                while let message = try await messages.next() {
                    guard case .text(let text) = message else { continue }
                    if text == "2" {
                        try await outbound.write(.text("3"))
                    } else if text.hasPrefix("42/messaging,[\"new-message\"") {
                        self.record(text)
                    }
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

    private func record(_ text: String) {
        let received = now()
        delivered.wrappingAdd(1, ordering: .relaxed)
        guard let marker = text.range(of: "t="), let end = text[marker.upperBound...].firstIndex(of: ";"),
            let sent = Int64(text[marker.upperBound..<end])
        else { return }
        latencies.withLock { $0.append(received - sent) }
    }

    /// Takes the latencies recorded so far.
    func takeLatencies() -> [Int64] {
        latencies.withLock { values in
            defer { values = [] }
            return values
        }
    }
}
