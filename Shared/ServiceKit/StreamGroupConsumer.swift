public import Logging
public import MessagingRedis
public import ServiceLifecycle
import Synchronization

/// Reads a Redis stream in a consumer group and hands batches to a handler, which returns the ids
/// it finished; only those are acknowledged (`XACK`), after the handler returns.
///
/// At start it first re-reads its own pending entries (left by a crash of this consumer name), then
/// new ones; every ``StreamConsumerConfiguration/claimInterval`` it claims entries other consumers
/// left pending longer than ``StreamConsumerConfiguration/claimIdleTime``. Blocking reads use a
/// dedicated connection, reconnected with back-off. On graceful shutdown it finishes the batch in
/// hand, acknowledges it and stops. Redelivery means a handler sees an entry at least once: it must
/// be idempotent.
public final class StreamGroupConsumer: Service {
    /// Processes a batch; returns the ids to acknowledge. Throwing (a dependency is down) acknowledges
    /// nothing: the consumer backs off and reads its pending entries again.
    public typealias Handler = @Sendable ([RedisStreamEntry]) async throws -> [String]

    let configuration: StreamConsumerConfiguration
    let redis: RedisClient
    let handler: Handler
    let logger: Logger
    let gate: StartGate?

    /// Creates a consumer; nothing is read until ``run()`` (and, with a `gate`, until it opens).
    public init(configuration: StreamConsumerConfiguration, redis: RedisClient, gate: StartGate? = nil, logger: Logger, handler: @escaping Handler) {
        self.configuration = configuration
        self.redis = redis
        self.handler = handler
        self.logger = logger
        self.gate = gate
    }

    public func run() async throws {
        await gate?.wait()
        var backoff = ReconnectBackoff(initialDelay: .milliseconds(100), maximumDelay: .seconds(5))
        var ownPendingDone = false
        let clock = ContinuousClock()
        var nextClaim = clock.now
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await redis.xgroupCreate(configuration.stream, group: configuration.group, start: "0")
                try await redis.withDedicatedConnection { connection in
                    while !Task.isShuttingDownGracefully && !Task.isCancelled {
                        if !ownPendingDone {
                            // Entries this consumer name read before a crash, not yet acknowledged.
                            let pending = try await connection.xreadgroup(
                                configuration.stream, group: configuration.group, consumer: configuration.consumer, id: "0",
                                count: configuration.batchSize)
                            if pending.isEmpty {
                                ownPendingDone = true
                            } else {
                                try await process(pending)
                            }
                            continue
                        }
                        if clock.now >= nextClaim {
                            try await claimAbandoned()
                            nextClaim = clock.now + configuration.claimInterval
                        }
                        var entries = try await connection.xreadgroup(
                            configuration.stream, group: configuration.group, consumer: configuration.consumer,
                            count: configuration.batchSize, block: configuration.blockTime)
                        if let gather = configuration.gatherTime, !entries.isEmpty, entries.count < configuration.batchSize {
                            try await Task.sleep(for: gather)
                            entries += try await connection.xreadgroup(
                                configuration.stream, group: configuration.group, consumer: configuration.consumer,
                                count: configuration.batchSize - entries.count)
                        }
                        backoff.reset()
                        if !entries.isEmpty { try await process(entries) }
                    }
                }
            } catch {
                if Task.isCancelled { break }
                ownPendingDone = false
                let delay = backoff.nextDelay()
                logger.warning(
                    "stream consumer interrupted", metadata: ["stream": "\(configuration.stream)", "error": "\(error)", "retry.in": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
        logger.info("stream consumer stopped", metadata: ["stream": "\(configuration.stream)"])
    }

    private func process(_ entries: [RedisStreamEntry]) async throws {
        let done = try await handler(entries)
        try await redis.xack(configuration.stream, group: configuration.group, ids: done)
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
                try await process(claimed.entries)
            }
            start = claimed.nextStart
        } while start != "0-0"
    }
}
