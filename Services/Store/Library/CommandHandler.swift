import Foundation
import Logging
import MessagingDatabase
import MessagingProtocol
import MessagingRedis
import ServiceKit
import StreamConsumer
import Tracing

/// Turns a batch of `commands` entries into committed effects and publishes them, in the three
/// stages of a ``StreamBatchHandler``: decoding (while the previous batch commits), the transaction
/// (one batch at a time, in stream order), then encoding and publishing (while the next batch
/// commits). An entry is acknowledged only after both its commit and its publish.
struct CommandHandler: StreamBatchHandler {
    let executor: CommandExecutor
    let metrics: StoreMetrics
    let logger: Logger

    struct Decoded: Sendable {
        var commands: [CommandEnvelope] = []
        var ids: [String] = []
        /// Entries nobody can ever process: acknowledged with the batch.
        var unreadable: [String] = []
        /// Whether a store may have been handed these entries before.
        var delivery: StreamDelivery = .again
    }

    struct Committed: Sendable {
        /// Each transaction's result with its commands, in commit order.
        var results: [(result: CommandProcessor.Result, commands: [CommandEnvelope])] = []
        var ids: [String] = []
        /// A span per traced command (by request id), from its commit to its publish.
        var spans: [String: any Span] = [:]
    }

    func prepare(_ entries: [RedisStreamEntry], delivery: StreamDelivery) async throws -> Decoded {
        var decoded = Decoded(delivery: delivery)
        for entry in entries {
            do {
                decoded.commands.append(try CommandEnvelope(streamFields: entry.stringFields))
                decoded.ids.append(entry.id)
            } catch {
                // Nobody can ever process it: log and drop (acknowledged), never block the stream.
                logger.error("unreadable command dropped", metadata: ["entry": "\(entry.id)", "error": "\(error)"])
                metrics.recordUnreadable()
                decoded.unreadable.append(entry.id)
            }
        }
        return decoded
    }

    func commit(_ decoded: Decoded) async throws -> Committed {
        let batch = decoded.commands
        guard !batch.isEmpty else { return Committed(ids: decoded.unreadable) }
        let started = ContinuousClock.now
        var spans = [String: any Span]()
        for command in batch {
            guard let traceParent = command.traceParent else { continue }
            let span = InstrumentationSystem.tracer.startSpan("store \(command.command.name)", context: TraceParent.context(traceParent), ofKind: .consumer)
            span.attributes["messaging.batch.size"] = batch.count
            spans[command.requestId] = span
        }
        do {
            let result = try await executor.apply(batch, delivery: decoded.delivery)
            metrics.recordCommit(batchSize: batch.count, duration: ContinuousClock.now - started)
            return Committed(results: [(result, batch)], ids: decoded.unreadable + decoded.ids, spans: spans)
        } catch let error as DatabaseError {
            if case .unavailable = error { throw error }
            if decoded.delivery == .first, let result = try? await executor.apply(batch, delivery: .again) {
                // A request id was stored already (a command queued twice): answered with its message.
                logger.notice("batch applied again with its request ids looked up", metadata: ["error": "\(error)", "batch.size": "\(batch.count)"])
                return Committed(results: [(result, batch)], ids: decoded.unreadable + decoded.ids)
            }
            // One bad command must not block the others: apply them one by one.
            logger.warning("batch failed, applying its commands one by one", metadata: ["error": "\(error)", "batch.size": "\(batch.count)"])
            var committed = Committed(ids: decoded.unreadable + decoded.ids, spans: spans)
            for command in batch { committed.results.append((try await applyAlone(command), [command])) }
            return committed
        }
    }

    /// Publishes the batch and acknowledges its entries in the same transaction (see
    /// ``StorePublisher/publish(_:traceParents:acknowledging:)``): one round trip, and an entry is
    /// never acknowledged unless what it produced went out.
    func finish(_ committed: Committed, acknowledging acknowledger: StreamAcknowledger) async throws {
        defer { for span in committed.spans.values { span.end() } }
        let traceParents = committed.spans.compactMapValues { TraceParent.of($0.context) }
        try await executor.publish(
            committed.results.flatMap(\.result.outbound), traceParents: traceParents, acknowledging: acknowledger.command(for: committed.ids))
        for (result, commands) in committed.results { metrics.record(result, commands: commands) }
    }

    /// One command in its own transaction; a failure that is not an outage is answered `INTERNAL`.
    private func applyAlone(_ command: CommandEnvelope) async throws -> CommandProcessor.Result {
        do {
            return try await executor.apply([command])
        } catch let error as DatabaseError {
            if case .unavailable = error { throw error }
            logger.error("command failed", metadata: ["request.id": "\(command.requestId)", "command": "\(command.command.name)", "error": "\(error)"])
            var result = CommandProcessor.Result()
            result.outcomes[command.requestId] = .failure(MessagingError(.internal))
            if let gateway = command.replyTo {
                let (header, body) = CommandOutcome.failure(MessagingError(.internal)).reply(requestId: command.requestId)
                result.outbound.append(.reply(gateway: gateway, header: header, body: body))
            }
            return result
        }
    }
}
