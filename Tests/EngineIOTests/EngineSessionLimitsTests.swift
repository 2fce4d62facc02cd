import Synchronization
import Testing

@testable import EngineIO

@Suite struct EngineSessionLimitsTests {
    @Test func aPollingClientThatLeavesTooManyPacketsUnreadIsClosed() {
        let session = EngineSession(
            id: "s1", transport: .polling, handshake: HandshakeRequest(), configuration: EngineConfiguration(maxQueuedPackets: 10)) { _ in }
        session.send((0..<10).map { _ in EngineFrame.noop })
        #expect(!session.isClosed)
        session.send(.noop)
        #expect(session.isClosed && session.reason == "slow consumer: more than 10 packets unread")
    }

    @Test func aClientThatSendsFasterThanItIsServedIsClosed() {
        let wakes = Atomic<Int>(0)
        let session = EngineSession(
            id: "s2", transport: .websocket, handshake: HandshakeRequest(), configuration: EngineConfiguration(maxInboundPackets: 2)
        ) { _ in wakes.add(1, ordering: .relaxed) }
        session.receive(.message("2[\"a\"]"))
        session.receive(.message("2[\"b\"]"))
        #expect(!session.isClosed)
        session.receive(.message("2[\"c\"]"))
        #expect(session.isClosed && session.reason == "too many packets waiting to be handled")
        // What it sent before is still handled, then the end.
        var handled = [String]()
        loop: while true {
            switch session.nextInbound() {
            case .handle(.message(let text)): handled.append(text)
            case .handle: continue
            case .end, .idle: break loop
            }
        }
        #expect(handled == ["2[\"a\"]", "2[\"b\"]"])
        #expect(wakes.load(ordering: .relaxed) == 1, "one drain for all of it")
    }

    @Test func theEndOfTheHeadersIsFoundAcrossReads() {
        #expect(RequestHeadTimeoutHandler.endsHead(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)))
        #expect(!RequestHeadTimeoutHandler.endsHead(Array("GET / HTTP/1.1\r\nHost: a\r\n".utf8)))
        #expect(RequestHeadTimeoutHandler.endsHead(Array("\r\n".utf8) + Array("\r\n".utf8)))
    }
}
