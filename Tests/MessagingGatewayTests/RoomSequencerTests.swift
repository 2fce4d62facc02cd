import Testing

@testable import MessagingGateway

/// A room's `new-message` order on one instance, without a clock or a store.
@Suite struct RoomSequencerTests {
    let start = ContinuousClock.now

    func seqs(_ released: [(seq: Int, event: String)]) -> [Int] { released.map(\.seq) }

    @Test func heldUntilTheFirstJoinsHistoryThenInOrderOnceEach() {
        var room = RoomSequencer<String>()
        #expect(seqs(room.receive(6, "m6", now: start)).isEmpty, "no baseline yet")
        #expect(seqs(room.receive(5, "m5", now: start)).isEmpty)
        #expect(seqs(room.baseline(4, now: start)) == [5, 6], "the history held up to 4")
        #expect(seqs(room.baseline(9, now: start)).isEmpty, "a later join changes nothing")
        #expect(seqs(room.receive(6, "again", now: start)).isEmpty, "a duplicate")
        #expect(seqs(room.receive(8, "m8", now: start)).isEmpty, "7 first")
        #expect(seqs(room.receive(7, "m7", now: start)) == [7, 8])
        #expect(room.delivered == 8 && room.heldCount == 0)
    }

    @Test func aChangeNeverPrecedesItsMessage() {
        func events(_ released: [(seq: Int, event: String)]) -> [String] { released.map(\.event) }
        var room = RoomSequencer<String>()
        #expect(events(room.receiveChange(after: 3, "edit m3 (before any baseline)", now: start)).isEmpty)
        #expect(events(room.baseline(4, now: start)) == ["edit m3 (before any baseline)"], "the history held m3")
        #expect(events(room.receiveChange(after: 2, "react m2", now: start)) == ["react m2"], "delivered already: at once")
        // m5 is missing: its edit waits, then follows it, before m6.
        #expect(events(room.receive(6, "m6", now: start)).isEmpty)
        #expect(events(room.receiveChange(after: 5, "edit m5", now: start)).isEmpty)
        #expect(events(room.receiveChange(after: 6, "react m6", now: start)).isEmpty)
        #expect(room.heldCount == 3)
        #expect(events(room.receive(5, "m5", now: start)) == ["m5", "edit m5", "m6", "react m6"])
        #expect(room.heldCount == 0)
        // Repaired from the store: the change still follows its message.
        #expect(events(room.receiveChange(after: 7, "delete m7", now: start)).isEmpty)
        #expect(events(room.fill([(7, "m7 from the store")], more: false, now: start)) == ["m7 from the store", "delete m7"])
    }

    @Test func aGapThatLastsIsReadFromTheStoreOnceAtATime() {
        var room = RoomSequencer<String>()
        _ = room.baseline(0, now: start)
        #expect(seqs(room.receive(1, "m1", now: start)) == [1])
        #expect(seqs(room.receive(3, "m3", now: start)).isEmpty)
        #expect(room.repairNeeded(now: start + .milliseconds(499), patience: .milliseconds(500)) == nil, "not yet")
        #expect(room.repairNeeded(now: start + .milliseconds(500), patience: .milliseconds(500)) == 1, "read what follows 1")
        #expect(room.repairNeeded(now: start + .seconds(5), patience: .milliseconds(500)) == nil, "one read at a time")
        // The store's answer: 2 (and 3 again, already held); both go out, in order, once.
        let released = room.fill([(3, "m3 from the store"), (2, "m2")], more: false, now: start + .seconds(1))
        #expect(released.map(\.seq) == [2, 3] && released.last?.event == "m3")
        #expect(room.repairNeeded(now: start + .seconds(9), patience: .milliseconds(500)) == nil, "nothing missing")
    }

    @Test func aCatchUpReadsWhatFollowsTheLastDeliveredPageByPage() {
        var room = RoomSequencer<String>()
        room.catchUp()
        #expect(room.repairNeeded(now: start, patience: .seconds(1)) == nil, "nothing to catch up before a baseline")
        _ = room.baseline(10, now: start)
        room.catchUp()
        #expect(room.repairNeeded(now: start, patience: .seconds(1)) == 10, "at once, no patience")
        #expect(seqs(room.fill([(11, "m11"), (12, "m12")], more: true, now: start)) == [11, 12])
        #expect(room.repairNeeded(now: start, patience: .seconds(1)) == 12, "the next page")
        room.repairFailed(now: start)
        #expect(room.repairNeeded(now: start, patience: .seconds(1)) == 12, "a failed catch-up is asked again")
        #expect(seqs(room.fill([], more: false, now: start)).isEmpty)
        #expect(room.repairNeeded(now: start + .seconds(60), patience: .seconds(1)) == nil)
    }
}
