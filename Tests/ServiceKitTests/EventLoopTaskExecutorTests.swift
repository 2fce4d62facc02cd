import NIOCore
import NIOPosix
import ServiceKit
import Synchronization
import Testing

/// The task executor every service's tasks prefer: on the event loop, and nonisolated async calls
/// inline rather than one job each.
@Suite struct EventLoopTaskExecutorTests {
    final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    /// A nonisolated async function that never suspends: the runtime switches to the generic
    /// executor to run it, inline or through a new job.
    @inline(never) static func passThrough(_ value: Int) async -> Int { value }

    @Test func aPreferringTaskRunsOnTheLoopAndCallsNonisolatedCodeInline() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let executor = EventLoopTaskExecutor(group: group)
        let other = Flag()
        let (onLoop, sum, otherRanMeanwhile) = await withTaskExecutorPreference(executor) {
            let onLoop = loop.inEventLoop
            // Queued behind the task's current job: it runs as soon as the task gives the thread up.
            loop.execute { other.set() }
            var sum = 0
            for value in 0..<1_000 { sum += await Self.passThrough(value) }
            return (onLoop, sum, other.isSet)
        }
        #expect(onLoop)
        #expect(sum == 499_500)
        #expect(!otherRanMeanwhile, "a thousand nonisolated calls gave the thread up: each ran as a job of its own")
        try await group.shutdownGracefully()
    }

    @Test func aTaskThatSuspendsResumesOnTheLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let resumedOnLoop = await withTaskExecutorPreference(EventLoopTaskExecutor(group: group)) {
            // Completed on the loop later: the task resumes through the executor.
            _ = try? await loop.scheduleTask(in: .milliseconds(5)) { 1 }.futureResult.get()
            return loop.inEventLoop
        }
        #expect(resumedOnLoop)
        try await group.shutdownGracefully()
    }
}
