import HTTPTypes
import Testing

@testable import EngineIO

/// A session keeps only the handshake headers the layers above read later.
@Suite struct HandshakeRetentionTests {
    @Test func aSessionKeepsOnlyTheRetainedHeaders() {
        let headers: HTTPFields = [
            .authorization: "Bearer t", .cookie: "access_token=c", .origin: "http://localhost:3000", .userAgent: String(repeating: "x", count: 400),
            .acceptLanguage: "fr-FR,fr;q=0.9",
        ]
        var configuration = EngineConfiguration()
        configuration.retainedHandshakeHeaders = [.authorization, .cookie, .origin]
        let session = EngineSession(id: "s1", transport: .websocket, handshake: HandshakeRequest(headers: headers, remoteIP: "127.0.0.1"), configuration: configuration) { _ in }
        #expect(session.handshake.headers == [.authorization: "Bearer t", .cookie: "access_token=c", .origin: "http://localhost:3000"])
        #expect(session.handshake.remoteIP == "127.0.0.1")
        let everything = EngineSession(id: "s2", transport: .websocket, handshake: HandshakeRequest(headers: headers), configuration: EngineConfiguration()) { _ in }
        #expect(everything.handshake.headers.count == 5)
    }
}
