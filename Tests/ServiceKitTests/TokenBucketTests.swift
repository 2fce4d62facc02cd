import ServiceKit
import Testing

@Suite struct TokenBucketTests {
    let start = ContinuousClock.now

    @Test func aBurstThenTheSteadyRate() {
        var bucket = TokenBucket(rate: .init(perSecond: 2, burst: 3), now: start)
        func take(_ now: ContinuousClock.Instant) -> Bool { bucket.take(now: now) }
        #expect((0..<3).allSatisfy { _ in take(start) })
        #expect(!take(start))
        #expect(bucket.wait(now: start) == .milliseconds(500))
        #expect(!take(start + .milliseconds(499)))
        #expect(take(start + .milliseconds(500)))
        #expect(!take(start + .milliseconds(500)))
        // A long pause refills no more than the burst.
        let later = start + .seconds(60)
        #expect(bucket.isFull(now: later))
        #expect((0..<3).allSatisfy { _ in take(later) })
        #expect(!take(later))
    }

    @Test func aClockThatGoesBackTakesNothingAway() {
        var bucket = TokenBucket(rate: .init(perSecond: 1, burst: 1), now: start + .seconds(5))
        func take(_ now: ContinuousClock.Instant) -> Bool { bucket.take(now: now) }
        #expect(take(start))
        #expect(!take(start + .seconds(5)), "the refill counts from the latest time seen")
        #expect(take(start + .seconds(6)))
    }

    @Test func aTableLimitsEachKeyAndForgetsFullBuckets() {
        let table = RateLimiterTable<String>(rate: .init(perSecond: 1, burst: 2))
        #expect(table.take("a", now: start) == nil)
        #expect(table.take("a", now: start) == nil)
        #expect(table.take("a", now: start) == .seconds(1))
        #expect(table.take("b", now: start) == nil, "another key has its own bucket")
        for index in 0..<1100 { _ = table.take("k\(index)", now: start) }
        #expect(table.count > 1000, "buckets in use are kept")
        let later = start + .seconds(10)
        for index in 0..<1000 { _ = table.take("m\(index)", now: later) }
        #expect(table.count <= 1000, "buckets full again were forgotten once the table grew")
        #expect(table.take("a", now: later) == nil)
    }
}
