public import Logging
public import MessagingRedis
public import ServiceKit
public import ServiceLifecycle
import Synchronization

/// Reads a Redis stream in a consumer group and hands batches to a ``StreamBatchHandler``; only the
/// ids it finished are acknowledged (`XACK`), after it finished them.
///
/// New entries flow through a pipeline: while batch N commits, batch N+1 is read and prepared and
/// batch N−1 is finished and acknowledged — commits one at a time in stream order, finishes too.
/// At start it first re-reads its own pending entries (left by a crash of this consumer name), then
/// new ones; every ``StreamConsumerConfiguration/claimInterval`` it claims entries other consumers
/// left pending longer than ``StreamConsumerConfiguration/claimIdleTime`` (both one batch at a time,
/// after the pipeline drained). Blocking reads use a dedicated connection, reconnected with
/// back-off. On graceful shutdown it finishes the batches in hand, acknowledges them and stops.
/// Redelivery means a handler sees an entry at least once: it must be idempotent.
public final class StreamGroupConsumer<Handler: StreamBatchHandler>: Service {
    let configuration: StreamConsumerConfiguration
    let redis: RedisClient
    let handler: Handler
    let logger: Logger
    let gate: StartGate?

    /// Creates a consumer; nothing is read until ``run()`` (and, with a `gate`, until it opens).
    public init(configuration: StreamConsumerConfiguration, redis: RedisClient, gate: StartGate? = nil, logger: Logger, batches handler: Handler) {
        self.configuration = configuration
        self.redis = redis
        self.handler = handler
        self.logger = logger
        self.gate = gate
    }

    public func run() async throws {
        if let gate {
            // Stopping before the gate opened (the migrations failed) must not wait for it.
            await cancelWhenGracefulShutdown { await gate.wait() }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return }
        }
        let clock = ContinuousClock()
        var state = StreamConsumerStateMachine(now: clock.now, claimInterval: configuration.claimInterval)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await redis.xgroupCreate(configuration.stream, group: configuration.group, start: "0")
                try await redis.withDedicatedConnection { connection in
                    try await consume(on: connection, state: &state, clock: clock)
                }
            } catch {
                if Task.isCancelled { break }
                let delay = state.failed()
                logger.warning(
                    "stream consumer interrupted", metadata: ["stream": "\(configuration.stream)", "error": "\(error)", "retry.in": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
        logger.info("stream consumer stopped", metadata: ["stream": "\(configuration.stream)"])
    }

    /// Reads on one connection what `state` says, until shutdown (the batches in hand are then
    /// finished and acknowledged) or a failure (what was read ahead stays pending, read again later).
    ///
    /// The finish in flight (publish and acknowledge, while the next batch commits) is a child task
    /// of `finishing`, at most one at a time, in commit order; its failure is thrown where the next
    /// one would start, or at the end. A child, not a `Task {}`: it keeps the consumer's task
    /// executor (an unstructured task would run on the global one).
    private func consume(
        on connection: RedisConnection, state: inout StreamConsumerStateMachine<ContinuousClock.Instant>, clock: ContinuousClock
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { finishing in
            var ahead: Handler.Prepared?
            do {
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    switch state.nextAction(now: clock.now) {
                    case .readOwnPending:
                        let pending = try await connection.xreadgroup(
                            configuration.stream, group: configuration.group, consumer: configuration.consumer, id: "0",
                            count: configuration.batchSize)
                        if !pending.isEmpty { try await process(pending, delivery: .again) }
                        state.ownPendingRead(count: pending.count)
                    case .claimAbandoned:
                        try await finishing.waitForAll()
                        try await claimAbandoned()
                        state.claimed(now: clock.now)
                    case .readNew:
                        let prepared: Handler.Prepared
                        if let next = ahead {
                            prepared = next
                            ahead = nil
                        } else {
                            let entries = try await readNew(connection)
                            state.readSucceeded()
                            guard !entries.isEmpty else { continue }
                            prepared = try await handler.prepare(entries, delivery: .first)
                        }
                        // The next batch is read and prepared while this one commits.
                        async let next = readAndPrepare(connection)
                        let committed: Handler.Committed
                        do {
                            committed = try await handler.commit(prepared)
                        } catch {
                            _ = try? await next
                            throw error
                        }
                        try await startFinishing(committed, in: &finishing)
                        ahead = try await next
                    }
                }
                // Shutting down: the batch read ahead is in hand too.
                if let prepared = ahead {
                    try await startFinishing(try await handler.commit(prepared), in: &finishing)
                }
                try await finishing.waitForAll()
            } catch {
                // The finish in flight completes (its entries acknowledged if it succeeds), not cancelled.
                while !finishing.isEmpty { _ = try? await finishing.next() }
                throw error
            }
        }
    }

    /// Waits for the finish in flight (throwing its failure), then starts `committed`'s: at most one
    /// at a time, in commit order.
    private func startFinishing(_ committed: Handler.Committed, in finishing: inout ThrowingTaskGroup<Void, any Error>) async throws {
        try await finishing.waitForAll()
        finishing.addTask { try await self.finishAndAcknowledge(committed) }
    }

    /// New entries; with a gather time, a read that returned less than a batch is topped up once.
    private func readNew(_ connection: RedisConnection) async throws -> [RedisStreamEntry] {
        var entries = try await connection.xreadgroup(
            configuration.stream, group: configuration.group, consumer: configuration.consumer,
            count: configuration.batchSize, block: configuration.blockTime)
        if let gather = configuration.gatherTime, !entries.isEmpty, entries.count < configuration.batchSize {
            // On the connection's own loop: no Dispatch timer thread woken once per batch.
            try await connection.eventLoop.sleep(for: gather)
            entries += try await connection.xreadgroup(
                configuration.stream, group: configuration.group, consumer: configuration.consumer,
                count: configuration.batchSize - entries.count)
        }
        return entries
    }

    private func readAndPrepare(_ connection: RedisConnection) async throws -> Handler.Prepared? {
        guard !Task.isShuttingDownGracefully else { return nil }
        let entries = try await readNew(connection)
        guard !entries.isEmpty else { return nil }
        return try await handler.prepare(entries, delivery: .first)
    }

    /// One batch through every stage, then acknowledged.
    private func process(_ entries: [RedisStreamEntry], delivery: StreamDelivery) async throws {
        try await finishAndAcknowledge(try await handler.commit(try await handler.prepare(entries, delivery: delivery)))
    }

    /// The last stage, then `XACK` of the ids it finished (in the same write, when the handler can).
    private func finishAndAcknowledge(_ committed: Handler.Committed) async throws {
        try await handler.finish(committed, acknowledging: StreamAcknowledger(redis: redis, stream: configuration.stream, group: configuration.group))
    }

    /// Takes over what dead consumers left pending, in pages, and processes it.
    func claimAbandoned() async throws {
        var start = "0-0"
        repeat {
            let claimed = try await redis.xautoclaim(
                configuration.stream, group: configuration.group, consumer: configuration.consumer,
                minIdle: configuration.claimIdleTime, start: start, count: configuration.batchSize)
            if !claimed.entries.isEmpty {
                logger.notice(
                    "claimed entries left by another consumer",
                    metadata: ["stream": "\(configuration.stream)", "count": "\(claimed.entries.count)"])
                try await process(claimed.entries, delivery: .again)
            }
            start = claimed.nextStart
        } while start != "0-0"
    }
}

extension StreamGroupConsumer where Handler == ClosureBatchHandler {
    /// Creates a consumer whose handler processes a batch in one closure and returns the ids to acknowledge.
    public convenience init(
        configuration: StreamConsumerConfiguration, redis: RedisClient, gate: StartGate? = nil, logger: Logger,
        handler: @escaping @Sendable ([RedisStreamEntry]) async throws -> [String]
    ) {
        self.init(configuration: configuration, redis: redis, gate: gate, logger: logger, batches: ClosureBatchHandler(handler))
    }
}
