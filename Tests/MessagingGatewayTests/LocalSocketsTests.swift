import MessagingProtocol
import Testing

@testable import EngineIO
@testable import MessagingGateway
@testable import SocketIO

/// A user's or room's local sockets: one kept inline, more in a dictionary, back to one.
@Suite struct LocalSocketsTests {
    func socket(_ id: String) -> MessagingSocket {
        let session = EngineSession(id: "s-\(id)", transport: .websocket, handshake: HandshakeRequest(), configuration: EngineConfiguration()) { _ in }
        let connection = SocketIOSocket(id: id, namespace: MessagingSocket.namespace, session: session)
        return MessagingSocket(user: UserSummary(id: "alice", role: .client), tokenID: "t1", connection: connection)
    }

    @Test func socketsComeAndGoByIdWhateverHowMany() {
        let a = socket("a"), b = socket("b"), c = socket("c")
        var sockets = LocalSockets(a)
        #expect(!sockets.isEmpty && sockets.all.map(\.id) == ["a"] && sockets.any?.id == "a")
        let again = sockets.insert(a)
        #expect(!again, "the same socket again is no new one")
        let addedB = sockets.insert(b), addedC = sockets.insert(c)
        #expect(addedB && addedC)
        #expect(Set(sockets.all.map(\.id)) == ["a", "b", "c"])
        let removedB = sockets.remove(id: "b"), removedBAgain = sockets.remove(id: "b")
        #expect(removedB && !removedBAgain)
        let removedA = sockets.remove(id: "a")
        #expect(removedA && sockets.all.map(\.id) == ["c"] && !sockets.isEmpty)
        let removedX = sockets.remove(id: "x")
        #expect(!removedX)
        let removedC = sockets.remove(id: "c")
        #expect(removedC && sockets.isEmpty && sockets.all.isEmpty && sockets.any == nil)
        let addedA = sockets.insert(a)
        #expect(addedA && sockets.all.map(\.id) == ["a"])
    }
}
