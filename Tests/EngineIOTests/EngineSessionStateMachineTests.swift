import Testing

@testable import EngineIO

@Suite struct EngineSessionStateMachineTests {
    typealias Machine = EngineSessionStateMachine<String, String, ContinuousClock.Instant>
    let start = ContinuousClock.now

    func machine(_ transport: Machine.Transport = .polling) -> Machine {
        Machine(
            transport: transport, now: start, pingInterval: .seconds(25), pingTimeout: .seconds(20), connectTimeout: .seconds(45),
            controls: .init(ping: "2", noop: "6", close: "1"))
    }

    @Test func framesQueuedBeforeAPollAreWrittenByIt() {
        var machine = machine()
        guard case .none = machine.send(["4a", "4b"]) else { Issue.record("nobody waits yet"); return }
        guard case .write(let frames) = machine.next(for: .polling, waiter: "poll-1") else { Issue.record("expected frames"); return }
        #expect(frames == ["4a", "4b"])
        // Drained: the next poll waits, and the next send wakes it with just the new frame.
        guard case .wait = machine.next(for: .polling, waiter: "poll-2") else { Issue.record("expected to wait"); return }
        guard case .resume(let waiter, let woken) = machine.send(["4c"]) else { Issue.record("expected a wake-up"); return }
        #expect(waiter == "poll-2" && woken == ["4c"])
    }

    @Test func aSecondConcurrentPollIsAnOverlap() {
        var machine = machine()
        let first = machine.pollStarted()
        let overlapping = machine.pollStarted()
        machine.pollEnded()
        let next = machine.pollStarted()
        #expect(first && !overlapping && next)
    }

    @Test func upgradeReleasesThePendingPollTwiceAndMovesTheTransport() {
        var machine = machine()
        _ = machine.next(for: .polling, waiter: "poll-1")
        guard case .resume("poll-1", let noop) = machine.probeReceived() else { Issue.record("the probe releases the poll"); return }
        #expect(noop == ["6"] && machine.isUpgrading && machine.transport == .polling)
        // While upgrading, data still goes to polling.
        _ = machine.next(for: .polling, waiter: "poll-2")
        guard case .resume("poll-2", ["4x"]) = machine.send(["4x"]) else { Issue.record("polling still carries data"); return }
        _ = machine.next(for: .polling, waiter: "poll-3")
        guard case .resume("poll-3", ["6"]) = machine.upgradeCompleted() else { Issue.record("the upgrade releases the poll"); return }
        #expect(machine.transport == .websocket && !machine.isUpgrading)
        _ = machine.send(["4y"])
        guard case .write(["4y"]) = machine.next(for: .websocket, waiter: "ws") else { Issue.record("the websocket writes now"); return }
    }

    @Test func heartbeatPingsOnTimeAndExpiresWithoutPong() {
        var machine = machine(.websocket)
        machine.namespaceConnected()
        guard case .none = machine.tick(now: start + .seconds(24)) else { Issue.record("too early"); return }
        guard case .pinged(.none) = machine.tick(now: start + .seconds(25)) else { Issue.record("expected a ping"); return }
        guard case .write(["2"]) = machine.next(for: .websocket, waiter: "ws") else { Issue.record("the ping is written"); return }
        // One ping at a time: waiting for its pong.
        guard case .none = machine.tick(now: start + .seconds(44)) else { Issue.record("within the timeout"); return }
        guard case .expired("ping timeout") = machine.tick(now: start + .seconds(45)) else { Issue.record("no pong: expired"); return }
    }

    @Test func aPongSchedulesTheNextPingAPingIntervalLater() {
        var machine = machine(.websocket)
        machine.namespaceConnected()
        _ = machine.tick(now: start + .seconds(25))
        machine.pongReceived(now: start + .seconds(26))
        guard case .none = machine.tick(now: start + .seconds(50)) else { Issue.record("next ping is due at 51"); return }
        guard case .pinged = machine.tick(now: start + .seconds(51)) else { Issue.record("expected the second ping"); return }
    }

    @Test func aSessionThatJoinsNoNamespaceExpires() {
        var machine = machine(.websocket)
        machine.pongReceived(now: start + .seconds(40))
        guard case .expired("connect timeout") = machine.tick(now: start + .seconds(45)) else { Issue.record("expected the connect timeout"); return }
    }

    @Test func closingGivesThePollTheClosePacketThenFinishes() {
        var machine = machine()
        _ = machine.send(["4last"])
        _ = machine.next(for: .polling, waiter: "poll-1")  // takes "4last"
        _ = machine.next(for: .polling, waiter: "poll-2")
        guard case .resume("poll-2", ["1"]) = machine.close(sendClosePacket: true) else { Issue.record("the poll gets the close packet"); return }
        guard case .finished = machine.next(for: .polling, waiter: "poll-3") else { Issue.record("then the session is over"); return }
        guard case .none = machine.send(["4late"]) else { Issue.record("nothing is queued after close"); return }
    }

    @Test func theClientsClosePacketReleasesThePendingPollWithANoop() {
        var machine = machine()
        _ = machine.next(for: .polling, waiter: "poll-1")
        // engine.io's polling transport answers the pending GET with a noop, not the close packet.
        guard case .resume("poll-1", ["6"]) = machine.clientClosed() else { Issue.record("the poll gets a noop"); return }
        #expect(machine.isClosed)
        guard case .finished = machine.next(for: .polling, waiter: "poll-2") else { Issue.record("then the session is over"); return }
    }

    @Test func theClientsClosePacketWithNoPollPendingDropsWhatIsQueued() {
        var machine = machine()
        _ = machine.send(["4queued"])
        guard case .none = machine.clientClosed() else { Issue.record("nobody to release"); return }
        guard case .finished = machine.next(for: .polling, waiter: "poll") else { Issue.record("nothing is written after"); return }
    }

    @Test func aLostTransportReleasesItsWriterWithNothing() {
        var machine = machine(.websocket)
        _ = machine.next(for: .websocket, waiter: "ws")
        guard case .finish("ws") = machine.transportClosed() else { Issue.record("the writer is released"); return }
        #expect(machine.isClosed)
        guard case .none = machine.tick(now: start + .seconds(100)) else { Issue.record("a closed session is not pinged"); return }
    }
}

@Suite struct EngineSessionDirectWriterTests {
    typealias Machine = EngineSessionStateMachine<String, String, ContinuousClock.Instant>
    let start = ContinuousClock.now

    @Test func aWebSocketTakesFramesAsTheyAreSentAndIsClosedWithTheSession() {
        var machine = Machine(
            transport: .websocket, now: start, pingInterval: .seconds(25), pingTimeout: .seconds(20), connectTimeout: .seconds(45),
            controls: .init(ping: "2", noop: "6", close: "1"))
        _ = machine.send(["0open"])
        #expect(machine.attachDirectWriter() == ["0open"])
        guard case .write(["4a"]) = machine.send(["4a"]) else { Issue.record("written at once"); return }
        guard case .pinged(.write(["2"])) = machine.tick(now: start + .seconds(25)) else { Issue.record("the ping too"); return }
        guard case .expired = machine.tick(now: start + .seconds(45)) else { Issue.record("no pong: expired"); return }
        guard case .writeAndClose([]) = machine.transportClosed() else { Issue.record("the socket is closed"); return }
        guard case .none = machine.send(["4late"]) else { Issue.record("nothing after"); return }
    }

    @Test func aPollingSessionGetsNoDirectWriterUntilItsUpgrade() {
        var machine = Machine(
            transport: .polling, now: start, pingInterval: .seconds(25), pingTimeout: .seconds(20), connectTimeout: .seconds(45),
            controls: .init(ping: "2", noop: "6", close: "1"))
        #expect(machine.attachDirectWriter().isEmpty && !machine.hasDirectWriter)
        _ = machine.probeReceived()
        _ = machine.send(["4queued"])
        _ = machine.upgradeCompleted()
        #expect(machine.attachDirectWriter() == ["4queued"])
        guard case .writeAndClose([]) = machine.close(sendClosePacket: true) else { Issue.record("closed over the WebSocket"); return }
    }
}
