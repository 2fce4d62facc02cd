import Foundation
import Logging
import MessagingDatabase
import MessagingProtocol
import MessagingRedis

/// Turns a batch of `commands` entries into committed effects, publishes them, and says which
/// entries are done (acknowledged only after both).
struct CommandHandler: Sendable {
    let database: any Database
    let processor: CommandProcessor
    let publisher: StorePublisher
    let metrics: StoreMetrics
    let logger: Logger

    func handle(_ entries: [RedisStreamEntry]) async throws -> [String] {
        var commands = [CommandEnvelope]()
        var ids = [String]()
        var unreadable = [String]()
        for entry in entries {
            do {
                commands.append(try CommandEnvelope(streamFields: entry.stringFields))
                ids.append(entry.id)
            } catch {
                // Nobody can ever process it: log and drop (acknowledged), never block the stream.
                logger.error("unreadable command dropped", metadata: ["entry": "\(entry.id)", "error": "\(error)"])
                metrics.recordUnreadable()
                unreadable.append(entry.id)
            }
        }
        guard !commands.isEmpty else { return unreadable }
        let batch = commands
        let started = ContinuousClock.now
        let result: CommandProcessor.Result
        do {
            result = try await database.transaction { transaction in try await processor.process(batch, in: transaction) }
        } catch let error as DatabaseError {
            if case .unavailable = error { throw error }
            // One bad command must not block the others: apply them one by one.
            logger.warning("batch failed, applying its commands one by one", metadata: ["error": "\(error)", "batch.size": "\(commands.count)"])
            var done = unreadable
            for (command, id) in zip(commands, ids) {
                let single = try await applyAlone(command)
                try await publisher.publish(single.outbound)
                metrics.record(single, commands: [command])
                done.append(id)
            }
            return done
        }
        metrics.recordCommit(batchSize: commands.count, duration: ContinuousClock.now - started)
        try await publisher.publish(result.outbound)
        metrics.record(result, commands: commands)
        return unreadable + ids
    }

    /// One command in its own transaction; a failure that is not an outage is answered `INTERNAL`.
    private func applyAlone(_ command: CommandEnvelope) async throws -> CommandProcessor.Result {
        do {
            return try await database.transaction { transaction in try await processor.process([command], in: transaction) }
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
