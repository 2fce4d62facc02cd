import MessagingRedis
import StreamConsumer
import Testing

/// Where a stream may be trimmed: never past what a group still needs.
@Suite struct StreamTrimPointTests {
    func group(_ name: String, last: String, oldestPending: String? = nil) -> RedisStreamGroupInfo {
        RedisStreamGroupInfo(name: name, lastDeliveredID: last, pending: oldestPending == nil ? 0 : 1, oldestPendingID: oldestPending, lag: 0)
    }

    @Test func theOldestEntryAnyGroupStillNeeds() {
        #expect(StreamTrimPoint.minID(of: []) == nil, "no group yet: nothing goes")
        #expect(StreamTrimPoint.minID(of: [group("store", last: "1700000000000-5")]) == "1700000000000-5")
        #expect(StreamTrimPoint.minID(of: [group("store", last: "1700000000000-5", oldestPending: "1700000000000-2")]) == "1700000000000-2")
        // The slowest group decides, ids compared as numbers (9 before 10, a later millisecond after).
        #expect(StreamTrimPoint.minID(of: [
            group("fanout", last: "1700000000010-0"), group("store-profiles", last: "1700000000009-7"),
            group("audit", last: "1700000000020-0", oldestPending: "1700000000009-10"),
        ]) == "1700000000009-7")
        #expect(StreamTrimPoint.minID(of: [group("new", last: "0-0"), group("old", last: "1700000000000-1")]) == "0-0")
    }
}
