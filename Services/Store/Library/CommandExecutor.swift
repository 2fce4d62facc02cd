import Foundation
import MessagingDatabase
import MessagingProtocol
import MessagingRedis
import ServiceKit
import StreamConsumer

/// Applies commands and publishes what they produced: the one path of both the `commands` stream
/// (``CommandHandler``) and the HTTP API (``ConversationController``).
///
/// `apply` commits (in one transaction, or none for a batch that is atomic on its own) and then
/// remembers the author profiles the commit wrote; `publish` sends its outbound events. The stream
/// consumer keeps the two apart, to publish a batch while the next one commits.
struct CommandExecutor: Sendable {
    let database: any Database
    let processor: CommandProcessor
    let publisher: StorePublisher

    /// How many read-only commands of a batch run at once (each holds a connection of the pool).
    static let readConcurrency = 8

    /// Commits `commands`; see ``CommandProcessor/process(_:in:now:delivery:)`` for `delivery`. The
    /// commands that only read are answered after the others committed, beside each other and
    /// outside the transaction (``CommandProcessor/processReads(_:on:concurrency:now:)``): a join
    /// queued before a send of the same batch may then see that message in its history, as if it
    /// had come a moment later (a socket drops a `seq` its history held).
    func apply(_ commands: [CommandEnvelope], delivery: StreamDelivery = .again) async throws -> CommandProcessor.Result {
        let writes = commands.filter { !CommandProcessor.isReadOnly($0) }
        var result = CommandProcessor.Result()
        if writes.isEmpty {
            // Nothing to commit.
        } else if Self.isAtomicWithoutTransaction(writes, on: database.dialect) {
            result = try await processor.process(writes, in: database, delivery: delivery)
        } else {
            result = try await database.transaction { transaction in
                try await processor.process(writes, in: transaction, delivery: delivery)
            }
        }
        processor.profiles.remember(result.profilesWritten)
        let reads = commands.filter(CommandProcessor.isReadOnly)
        if !reads.isEmpty {
            let answered = try await processor.processReads(reads, on: database, concurrency: Self.readConcurrency)
            result.outcomes.merge(answered.outcomes) { $1 }
            result.outbound += answered.outbound
        }
        return result
    }

    /// Publishes what a commit produced; a new message of a traced command carries its trace
    /// (`traceParents` by request id) to the gateways and the fan-out. With `acknowledgement` (the
    /// stream entries' `XACK`), in one transaction with it.
    func publish(_ outbound: [Outbound], traceParents: [String: String] = [:], acknowledging acknowledgement: RedisCommand? = nil) async throws {
        try await publisher.publish(outbound, traceParents: traceParents, acknowledging: acknowledgement)
    }

    /// One command, committed and published (in the caller's trace, if any); its outcome.
    func execute(_ command: CommandEnvelope) async throws -> CommandOutcome? {
        let result = try await apply([command])
        try await publish(result.outbound, traceParents: TraceParent.current().map { [command.requestId: $0] } ?? [:])
        return result.outcomes[command.requestId]
    }

    /// Whether a batch needs no transaction around it: only sends, on PostgreSQL, where a group of
    /// sends writes in one statement (seq reservation, insert, unread counters: atomic on its own)
    /// after reads and an idempotent profile upsert. That saves the `BEGIN` and `COMMIT` round
    /// trips, a third of a small batch's. SQLite stores a group in several statements.
    static func isAtomicWithoutTransaction(_ batch: [CommandEnvelope], on dialect: SQLDialect) -> Bool {
        guard dialect == .postgres else { return false }
        // Sends naming uploads link them in the same transaction.
        return batch.allSatisfy { command in
            if case .sendMessage(let request) = command.command { (request.attachments ?? []).isEmpty } else { false }
        }
    }
}
