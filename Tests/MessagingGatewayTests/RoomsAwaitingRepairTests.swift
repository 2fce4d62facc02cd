import MessagingProtocol
import Testing

@testable import MessagingGateway

/// The repairer's list: a room is on it while its order has a gap or a catch-up to read, and only then.
@Suite struct RoomsAwaitingRepairTests {
    let start = ContinuousClock.now
    let list = RoomsAwaitingRepair()

    func order(_ room: String) -> RoomOrder {
        RoomOrder(room: room) { [list] order, awaits in list.mark(order, awaiting: awaits) }
    }

    func event(_ seq: Int) -> RoomOrder.Event { (BroadcastHeader(event: "new-message", seq: seq), "{\"seq\":\(seq)}") }

    func receive(_ order: RoomOrder, _ seq: Int) -> [Int] {
        var delivered = [Int]()
        order.update({ $0.receive(seq, event(seq), now: start) }) { delivered.append($0.header.seq ?? -1) }
        return delivered
    }

    var listed: [String] { list.current.map(\.room).sorted() }

    @Test func onlyRoomsWithAGapOrACatchUpAreListedUntilTheirReadIsAnswered() {
        let quiet = order("quiet")
        let gappy = order("gappy")
        for room in [quiet, gappy] { room.update({ $0.baseline(0, now: start) }) { _ in } }
        #expect(receive(quiet, 1) == [1] && receive(gappy, 1) == [1])
        #expect(listed.isEmpty, "in order: nothing to repair")
        #expect(receive(gappy, 3).isEmpty)
        #expect(listed == ["gappy"], "2 is missing")
        #expect(receive(gappy, 2) == [2, 3])
        #expect(listed.isEmpty, "the gap closed by itself")

        #expect(receive(gappy, 5).isEmpty)
        #expect(gappy.read { $0.repairNeeded(now: start + .seconds(1), patience: .milliseconds(500)) } == 3)
        #expect(listed.isEmpty, "a read in flight is not asked again")
        gappy.update({ $0.fill([], more: true, now: start) }) { _ in }
        #expect(listed == ["gappy"], "the store has more: the next page")
        #expect(gappy.read { $0.repairNeeded(now: start + .seconds(2), patience: .milliseconds(500)) } == 3)
        gappy.read { $0.repairFailed(now: start) }
        #expect(listed == ["gappy"], "a failed read is asked again")
        #expect(gappy.read { $0.repairNeeded(now: start + .seconds(3), patience: .milliseconds(500)) } == 3)
        var filled = [Int]()
        gappy.update({ $0.fill([(seq: 4, event: event(4))], more: false, now: start) }) { filled.append($0.header.seq ?? -1) }
        #expect(filled == [4, 5] && listed.isEmpty)

        quiet.read { $0.catchUp() }
        #expect(listed == ["quiet"], "a subscription that came back")
        list.remove(quiet)
        #expect(listed.isEmpty)
    }
}
