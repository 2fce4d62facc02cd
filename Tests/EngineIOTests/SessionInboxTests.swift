import Testing

@testable import EngineIO

@Suite struct SessionInboxTests {
    typealias Inbox = SessionInbox<String>

    /// Runs the drain the way the engine does, collecting what it handles.
    func drain(_ inbox: inout Inbox) -> (handled: [String], ended: Bool) {
        var handled = [String]()
        while true {
            switch inbox.next() {
            case .handle(let packet): handled.append(packet)
            case .end: return (handled, true)
            case .idle: return (handled, false)
            }
        }
    }

    @Test func theFirstPacketStartsADrainAndLaterOnesJoinIt() {
        var inbox = Inbox()
        #expect(inbox.push("a") == .startDrain)
        #expect(inbox.push("b") == .none)
        let (handled, ended) = drain(&inbox)
        #expect(handled == ["a", "b"] && !ended)
    }

    @Test func pastItsLimitAPacketOverflowsAndIsDropped() {
        var inbox = Inbox(limit: 2)
        #expect(inbox.push("a") == .startDrain)
        #expect(inbox.push("b") == .none)
        #expect(inbox.push("c") == .overflow)
        // What was taken is still handled in order; room comes back as the drain takes packets.
        guard case .handle("a") = inbox.next() else {
            Issue.record("the first packet comes first")
            return
        }
        #expect(inbox.push("d") == .none)
        #expect(drain(&inbox).handled == ["b", "d"])
    }

    @Test func aPacketAfterAnIdleDrainStartsAnotherOne() {
        var inbox = Inbox()
        _ = inbox.push("a")
        _ = drain(&inbox)
        #expect(inbox.push("b") == .startDrain)
        #expect(drain(&inbox).handled == ["b"])
    }

    @Test func aPacketPushedWhileTheDrainHandlesIsTakenByTheSameDrain() {
        var inbox = Inbox()
        _ = inbox.push("a")
        guard case .handle("a") = inbox.next() else { Issue.record("expected a"); return }
        // While "a" is handled (the drain awaits), "b" arrives: no second drain.
        #expect(inbox.push("b") == .none)
        #expect(drain(&inbox).handled == ["b"])
    }

    @Test func theEndRunsOnceAfterEveryPacketReceivedBeforeIt() {
        var inbox = Inbox()
        _ = inbox.push("a")
        #expect(inbox.finish() == .none)  // the drain already asked for takes the end too
        #expect(inbox.push("late") == .none)  // dropped: the session is over
        let (handled, ended) = drain(&inbox)
        #expect(handled == ["a"] && ended)
        #expect(inbox.finish() == .none && inbox.push("later") == .none)
    }

    @Test func finishingAnIdleSessionStartsADrainThatOnlyEnds() {
        var inbox = Inbox()
        #expect(inbox.finish() == .startDrain)
        #expect(inbox.finish() == .none)
        let (handled, ended) = drain(&inbox)
        #expect(handled.isEmpty && ended)
    }
}
