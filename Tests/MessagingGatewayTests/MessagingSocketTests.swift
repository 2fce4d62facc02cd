import MessagingProtocol
import NIOCore
import Testing

@testable import EngineIO
@testable import MessagingGateway
@testable import SocketIO

@Suite struct MessagingSocketTests {
    /// A socket whose CONNECT answer went out (and was read).
    func socket() async -> MessagingSocket {
        let session = EngineSession(id: "s1", transport: .websocket, handshake: HandshakeRequest(), configuration: EngineConfiguration()) { _ in }
        let connection = SocketIOSocket(id: "k1", namespace: MessagingSocket.namespace, session: session)
        connection.open(with: SocketIOPacket(type: .connect, namespace: MessagingSocket.namespace, data: #"{"sid":"k1"}"#))
        _ = await session.nextFrames(for: .websocket)
        return MessagingSocket(user: UserSummary(id: "alice", role: .client), tokenID: "t1", connection: connection)
    }

    func packet(_ text: String) -> SocketIOEncodedPacket { SocketIOEncodedPacket(frame: .text(ByteBuffer(string: text))) }

    func written(_ socket: MessagingSocket) async -> [String] {
        socket.send(packet("end"))
        let frames = await socket.connection.session.nextFrames(for: .websocket) ?? []
        return frames.compactMap { if case .text(let buffer) = $0 { String(buffer: buffer) } else { nil } }.filter { $0 != "end" }
    }

    @Test func nothingReachesTheClientBeforeTheConnectAnswer() async {
        let session = EngineSession(id: "s2", transport: .websocket, handshake: HandshakeRequest(), configuration: EngineConfiguration()) { _ in }
        let connection = SocketIOSocket(id: "k2", namespace: MessagingSocket.namespace, session: session)
        connection.send(packet("early"))  // a user event while the CONNECT is being decided
        connection.open(with: SocketIOPacket(type: .connect, namespace: MessagingSocket.namespace, data: #"{"sid":"k2"}"#))
        connection.send(packet("late"))
        var texts = [String]()
        while texts.count < 3, let frames = await session.nextFrames(for: .websocket) {
            for case .text(let buffer) in frames { texts.append(String(buffer: buffer)) }
        }
        #expect(texts == [#"40/messaging,{"sid":"k2"}"#, "early", "late"])
    }

    @Test func eventsDuringAJoinWaitForTheHistoryLessWhatItHeld() async {
        let socket = await socket()
        #expect(socket.beginJoin("c1"))
        #expect(!socket.beginJoin("c1"))
        socket.deliver(packet("m4"), seq: 4, room: "c1")  // already in the history
        socket.deliver(packet("typing"), seq: nil, room: "c1")
        socket.deliver(packet("m6"), seq: 6, room: "c1")
        #expect(await written(socket).isEmpty)
        socket.completeJoin("c1", lastSeq: 5)
        #expect(await written(socket) == ["typing", "m6"])
    }

    @Test func aMessageDeliveredTwiceOrLateIsDropped() async {
        let socket = await socket()
        _ = socket.beginJoin("c1")
        socket.completeJoin("c1", lastSeq: 0)
        socket.deliver(packet("m1"), seq: 1, room: "c1")
        socket.deliver(packet("m1 again"), seq: 1, room: "c1")
        socket.deliver(packet("m2"), seq: 2, room: "c1")
        socket.deliver(packet("other room"), seq: 9, room: "c2")
        #expect(await written(socket) == ["m1", "m2"])
        #expect(socket.leave("c1") && !socket.leave("c1"))
        socket.deliver(packet("m3"), seq: 3, room: "c1")
        #expect(await written(socket).isEmpty)
    }
}
