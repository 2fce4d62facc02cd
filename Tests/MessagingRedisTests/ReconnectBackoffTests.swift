@testable import MessagingRedis
import Testing

@Suite struct ReconnectBackoffTests {
    @Test func doublesUpToTheCapAndResets() {
        var backoff = ReconnectBackoff(initialDelay: .milliseconds(100), maximumDelay: .seconds(1))
        let delays = (0..<6).map { _ in backoff.nextDelay(jitter: 1) }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        backoff.reset()
        #expect(backoff.nextDelay(jitter: 0.5) == .milliseconds(50))
    }

    @Test func stateMachineHandsTheConnectionToWaitersAndBacksOff() {
        var machine = RedisConnectionStateMachine<String, Int>(
            backoff: ReconnectBackoff(initialDelay: .milliseconds(100), maximumDelay: .seconds(1)))
        guard case .wait = machine.addWaiter(id: 1, 10) else { Issue.record("should wait while connecting"); return }
        guard case .wait = machine.addWaiter(id: 2, 20) else { Issue.record("should wait while connecting"); return }
        #expect(machine.removeWaiter(id: 2) == 20)
        guard case .resumeWaiters(let waiters, "c1") = machine.connected("c1") else { Issue.record("should resume"); return }
        #expect(waiters == [10])
        guard case .resume("c1") = machine.addWaiter(id: 3, 30) else { Issue.record("should resume at once"); return }
        guard case .reconnect(let first) = machine.disconnected(jitter: 1) else { Issue.record("should reconnect"); return }
        guard case .reconnect(let second) = machine.disconnected(jitter: 1) else { Issue.record("should reconnect"); return }
        #expect(first == .milliseconds(100) && second == .milliseconds(200))
        #expect(machine.connection == nil)
        guard case .wait = machine.addWaiter(id: 4, 40) else { Issue.record("should wait while down"); return }
        guard case .failWaiters(let failed, close: nil) = machine.shutdown() else { Issue.record("should fail"); return }
        #expect(failed == [40])
        guard case .fail = machine.addWaiter(id: 5, 50) else { Issue.record("should fail after shutdown"); return }
        guard case .stop = machine.disconnected() else { Issue.record("should stop after shutdown"); return }
        guard case .close("late") = machine.connected("late") else { Issue.record("should close a late connection"); return }
    }

    @Test func registryTracksWhichChannelsRedisNeeds() {
        var registry = SubscriptionRegistry<String>()
        registry.register(id: 1, sink: "one")
        registry.register(id: 2, sink: "two")
        registry.add(["a", "b"], to: 1)
        registry.add(["b"], to: 2)
        #expect(Set(registry.channels) == ["a", "b"])
        #expect(Set(registry.sinks(for: "b").map(\.sink)) == ["one", "two"])
        registry.remove(["b"], from: 1)
        #expect(registry.sinks(for: "b").map(\.sink) == ["two"])
        let removed = registry.unregister(id: 2)
        #expect(removed?.channels == ["b"])
        #expect(!registry.isListened("b"))
        #expect(registry.channels == ["a"])
    }
}
