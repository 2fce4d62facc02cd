import Testing

@testable import MessagingGateway

@Suite struct StoreReplyTableTests {
    typealias Table = StoreReplyTable<String, String, Int>

    @Test func aReplyAnswersItsWaiterOnce() {
        var table = Table()
        guard case .wait = table.wait(for: "r1", deadline: 10, callback: "ack-1") else { Issue.record("nothing to answer yet"); return }
        guard case .answer("ack-1") = table.reply(to: "r1", answer: "ok", keepUntil: 10) else { Issue.record("the waiter is answered"); return }
        // The same reply again (a redelivery) finds nobody: kept as early, then forgotten.
        guard case .early = table.reply(to: "r1", answer: "ok", keepUntil: 10) else { Issue.record("no second answer"); return }
        #expect(table.expire(now: 11, forgetLateAfter: 60).isEmpty && table.waitingCount == 0)
    }

    @Test func aReplyThatOvertakesItsWaiterIsKeptForIt() {
        var table = Table()
        guard case .early = table.reply(to: "r1", answer: "ok", keepUntil: 10) else { Issue.record("kept"); return }
        guard case .answer("ok") = table.wait(for: "r1", deadline: 10, callback: "ack-1") else { Issue.record("answered at once"); return }
        #expect(table.waitingCount == 0)
    }

    @Test func aWaiterPastItsDeadlineExpiresAndItsLateReplyIsDropped() {
        var table = Table()
        _ = table.wait(for: "r1", deadline: 10, callback: "ack-1")
        _ = table.wait(for: "r2", deadline: 20, callback: "ack-2")
        #expect(table.expire(now: 9, forgetLateAfter: 60).isEmpty)
        #expect(table.expire(now: 10, forgetLateAfter: 60) == ["ack-1"])
        guard case .late = table.reply(to: "r1", answer: "ok", keepUntil: 30) else { Issue.record("late reply dropped"); return }
        guard case .answer("ack-2") = table.reply(to: "r2", answer: "ok", keepUntil: 30) else { Issue.record("the other still waits"); return }
    }

    @Test func earlyRepliesAndAbandonedIdsAreForgottenInTime() {
        var table = Table()
        _ = table.reply(to: "orphan", answer: "ok", keepUntil: 10)
        _ = table.wait(for: "r1", deadline: 5, callback: "ack-1")
        #expect(table.expire(now: 5, forgetLateAfter: 12) == ["ack-1"])
        _ = table.expire(now: 13, forgetLateAfter: 60)
        // Both forgotten: the orphan's waiter would now wait, and r1's reply is no longer "late".
        guard case .wait = table.wait(for: "orphan", deadline: 20, callback: "ack-2") else { Issue.record("forgotten"); return }
        guard case .early = table.reply(to: "r1", answer: "ok", keepUntil: 20) else { Issue.record("forgotten"); return }
    }

    @Test func stoppingReleasesEveryWaiter() {
        var table = Table()
        _ = table.wait(for: "r1", deadline: 10, callback: "ack-1")
        _ = table.wait(for: "r2", deadline: 10, callback: "ack-2")
        #expect(Set(table.removeAll()) == ["ack-1", "ack-2"])
        #expect(table.waitingCount == 0)
    }
}
