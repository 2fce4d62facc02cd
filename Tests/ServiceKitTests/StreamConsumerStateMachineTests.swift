import MessagingRedis
import ServiceKit
import StreamConsumer
import Testing

/// The consumer's schedule without Redis: own pending first, claims when due, back-off after failures.
@Suite struct StreamConsumerStateMachineTests {
    let start = ContinuousClock.now

    @Test func ownPendingUntilNoneLeftThenClaimsWhenDueAndNewEntriesBetween() {
        var state = StreamConsumerStateMachine(now: start, claimInterval: .seconds(10))
        #expect(state.nextAction(now: start) == .readOwnPending)
        state.ownPendingRead(count: 5)
        #expect(state.nextAction(now: start) == .readOwnPending, "more may be pending")
        state.ownPendingRead(count: 0)
        #expect(state.nextAction(now: start) == .claimAbandoned, "the first claim is due at once")
        state.claimed(now: start + .seconds(1))
        #expect(state.nextAction(now: start + .seconds(1)) == .readNew)
        #expect(state.nextAction(now: start + .seconds(10.999)) == .readNew)
        #expect(state.nextAction(now: start + .seconds(11)) == .claimAbandoned)
    }

    @Test func aFailureRecoversOwnPendingAfterAGrowingCappedDelayThatASuccessResets() {
        var state = StreamConsumerStateMachine(
            now: start, claimInterval: .seconds(10), backoff: ReconnectBackoff(initialDelay: .milliseconds(100), maximumDelay: .seconds(1)))
        state.ownPendingRead(count: 0)
        state.claimed(now: start)
        #expect(state.nextAction(now: start) == .readNew)
        let delays = (0..<6).map { _ in state.failed(jitter: 1.0) }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        #expect(state.nextAction(now: start) == .readOwnPending, "entries read before the failure may be pending")
        state.ownPendingRead(count: 0)
        #expect(state.failed(jitter: 1.0) == .milliseconds(100), "a successful read resets the back-off")
        state.ownPendingRead(count: 0)
        state.readSucceeded()
        #expect(state.nextAction(now: start) == .readNew, "the claim schedule survives a reconnection")
    }
}
