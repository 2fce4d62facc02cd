import Logging
import MessagingRedis
import NIOCore
import NIOPosix
import ServiceKit
import StreamConsumer
import Testing
import TestSupport

/// A consumer's stages keep the task executor it runs under: the finish (publish and acknowledge)
/// runs while the next batch commits, and must not leave for the global executor on the way.
@Suite(.timeLimit(.minutes(2))) struct StreamConsumerExecutorTests {
    /// Records on which loop each stage of a batch ran.
    struct LoopRecordingHandler: StreamBatchHandler {
        let loop: any EventLoop
        let finished: AsyncStream<(commitOnLoop: Bool, finishOnLoop: Bool)>.Continuation

        func prepare(_ entries: [RedisStreamEntry], delivery: StreamDelivery) async throws -> [String] { entries.map(\.id) }
        func commit(_ ids: [String]) async throws -> (ids: [String], onLoop: Bool) { (ids, loop.inEventLoop) }
        func finish(_ committed: (ids: [String], onLoop: Bool), acknowledging acknowledger: StreamAcknowledger) async throws {
            let onLoop = loop.inEventLoop
            try await acknowledger.acknowledge(committed.ids)
            finished.yield((committed.onLoop, onLoop))
        }
    }

    @Test func aBatchIsCommittedAndFinishedOnTheConsumersTaskExecutor() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
                let loop = group.next()
                let (finished, continuation) = AsyncStream.makeStream(of: (commitOnLoop: Bool, finishOnLoop: Bool).self)
                let consumer = StreamGroupConsumer(
                    configuration: StreamConsumerConfiguration(stream: "jobs", group: "workers", consumer: "c1"), redis: client,
                    logger: Logger(label: "test"), batches: LoopRecordingHandler(loop: loop, finished: continuation))
                let running = Task {
                    try await withTaskExecutorPreference(EventLoopTaskExecutor(group: group)) { try await consumer.run() }
                }
                _ = try await client.xadd("jobs", fields: [("n", "1")])
                var batches = finished.makeAsyncIterator()
                let first = await batches.next()
                running.cancel()
                _ = try? await running.value
                #expect(first?.commitOnLoop == true)
                #expect(first?.finishOnLoop == true, "the finish left the consumer's task executor")
                let pending = try await client.send(RedisCommand("XPENDING", "jobs", "workers"))
                #expect(pending.array?.first == .integer(0), "the batch was acknowledged")
                try await group.shutdownGracefully()
            }
        }
    }
}
