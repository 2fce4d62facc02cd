import Testing

@testable import MessagingGateway

struct SubscriptionNetTests {
    @Test func eachChannelEndsAsItsLastChangeSaysAndEveryWaiterIsCollected() async {
        // Continuations are only collected here: each is resumed at once so the test ends.
        await withCheckedContinuation { (first: CheckedContinuation<Void, Never>) in
            let net = SubscriptionNet([
                .subscribe("user:a", confirmed: first), .subscribe("room:1", confirmed: nil), .unsubscribe("room:2"),
                .unsubscribe("room:1"), .subscribe("room:2", confirmed: nil), .unsubscribe("user:b"), .subscribe("room:1", confirmed: nil),
                .unsubscribe("user:a"),
            ])
            #expect(net.adding == ["room:1", "room:2"])
            #expect(net.removing == ["user:a", "user:b"])
            #expect(net.confirmations.count == 1)
            for confirmed in net.confirmations { confirmed.resume() }
        }
    }

    @Test func nothingQueuedChangesNothing() {
        let net = SubscriptionNet([])
        #expect(net.adding.isEmpty && net.removing.isEmpty && net.confirmations.isEmpty)
    }
}
