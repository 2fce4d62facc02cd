import NIOCore
import NIOPosix
import ServiceKit
import Testing

/// The event-loop sleep the stream consumer's gather wait uses instead of `Task.sleep`.
@Suite struct EventLoopSleepTests {
    @Test func itWaitsAtLeastItsDurationOnTheLoop() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let clock = ContinuousClock()
        let started = clock.now
        try await loop.sleep(for: .milliseconds(30))
        #expect(clock.now - started >= .milliseconds(30))
    }

    @Test func cancellingTheTaskEndsTheSleepWithCancellationError() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let clock = ContinuousClock()
        let started = clock.now
        let sleeper = Task { try await loop.sleep(for: .seconds(60)) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.now - started < .seconds(30), "ended by the cancellation, not by the timer")
    }
}
