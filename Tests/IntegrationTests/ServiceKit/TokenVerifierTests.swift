import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceKit
import Synchronization
import Testing
import TestSupport
import TokenVerification

// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct TokenVerifierTests {
    static let secret = "a-shared-secret-of-at-least-32-bytes!!"
    let logger = Logger(label: "test.verifier")

    func hs256Verifier(revocations: (any RevocationChecker)? = nil) async throws -> TokenVerifier {
        try await TokenVerifier(
            configuration: TokenVerifierConfiguration(keySource: .hs256(secret: Self.secret)), revocations: revocations, logger: logger)
    }

    func hs256(_ claims: MessagingClaims) async throws -> String {
        try await JWTKeyCollection().add(hmac: HMACKey(from: Self.secret), digestAlgorithm: .sha256).sign(claims)
    }

    func expectUnauthorized(_ verifier: TokenVerifier, _ token: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            _ = try await verifier.verify(token)
            Issue.record("token should be refused: \(message)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .unauthorized, sourceLocation: sourceLocation)
            #expect(error.message == message, sourceLocation: sourceLocation)
        }
    }

    @Test func acceptsAValidHS256TokenAndReadsTheUser() async throws {
        let verifier = try await hs256Verifier()
        let verified = try await verifier.verify(try await hs256(TestSigningKeys.claims(user: "u42", role: "SALON", jti: "t-1")))
        #expect(verified.user.id == "u42")
        #expect(verified.user.role == .salon)
        #expect(verified.user.firstName == "Alice")
        #expect(verified.tokenID == "t-1")
    }

    @Test func refusesExpiredForeignAndForgedTokens() async throws {
        let verifier = try await hs256Verifier()
        await expectUnauthorized(verifier, try await hs256(TestSigningKeys.claims(expiresIn: -120)), "token expired")
        await expectUnauthorized(verifier, try await hs256(TestSigningKeys.claims(issuer: "someone-else")), "token issuer not accepted")
        // A user token cannot pose as the SYSTEM sender (which skips participant checks).
        await expectUnauthorized(verifier, try await hs256(TestSigningKeys.claims(user: "system")), "token subject is reserved")
        await expectUnauthorized(verifier, try await hs256(TestSigningKeys.claims(user: "SYSTEM")), "token subject is reserved")
        await expectUnauthorized(verifier, try await hs256(TestSigningKeys.claims(audience: "other-app")), "token audience not accepted")
        await expectUnauthorized(verifier, try await hs256(TestSigningKeys.claims(role: "ROOT")), "token claims incomplete")

        let valid = try await hs256(TestSigningKeys.claims())
        var parts = valid.split(separator: ".").map(String.init)
        parts[2] = String(parts[2].reversed())
        await expectUnauthorized(verifier, parts.joined(separator: "."), "invalid token")
        let otherSecret = TestSigningKeys.hs256Token(
            header: #"{"alg":"HS256","typ":"JWT"}"#, payload: String(decoding: Data(base64URL: parts[1]), as: UTF8.self),
            secret: Data("another-secret-of-at-least-32-bytes!!!".utf8))
        await expectUnauthorized(verifier, otherSecret, "invalid token")

        let none = TestSigningKeys.base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + "."
        await expectUnauthorized(verifier, none, "token algorithm not accepted")
        await expectUnauthorized(verifier, "not-a-jwt", "malformed token")
        await expectUnauthorized(verifier, "", "malformed token")
        await expectUnauthorized(verifier, String(repeating: "a.", count: 6000) + "a", "malformed token")
    }

    @Test func jwksFromAURLVerifiesEdDSAAndES256AndRefusesHS256WithThePublicKey() async throws {
        var keys = TestSigningKeys()
        try await keys.addEd25519(kid: "ed-1")
        try await keys.addES256(kid: "es-1")
        let published = PublishedDocument(keys.document)
        try await withJWKSServer(published) { [keys] url in
            let verifier = try await TokenVerifier(
                configuration: TokenVerifierConfiguration(keySource: .jwksURL(url)), revocations: nil, logger: logger)
            #expect(try await verifier.verify(try await keys.sign(TestSigningKeys.claims(user: "ed"), kid: "ed-1")).user.id == "ed")
            #expect(try await verifier.verify(try await keys.sign(TestSigningKeys.claims(user: "es"), kid: "es-1")).user.id == "es")

            // The classic confusion: HS256 "signed" with the published public key as the secret.
            let x = try #require(keys.jwks.first.flatMap { $0.split(separator: "\"").dropFirst(11).first })
            let forged = TestSigningKeys.hs256Token(
                header: #"{"alg":"HS256","typ":"JWT","kid":"ed-1"}"#,
                payload: #"{"sub":"admin","role":"ADMIN","iat":\#(Int(Date().timeIntervalSince1970)),"exp":\#(Int(Date().timeIntervalSince1970) + 600),"jti":"x","iss":"inkstudio-auth","aud":["inkstudio-messaging"]}"#,
                secret: Data(String(x).utf8))
            await expectUnauthorized(verifier, forged, "token algorithm not accepted")
        }
    }

    @Test func keyRotationFetchesTheNewKeyAndTheOldOneStillVerifies() async throws {
        var keys = TestSigningKeys()
        try await keys.addEd25519(kid: "2026-01")
        let published = PublishedDocument(keys.document)
        try await withJWKSServer(published) { [keys] url in
            var keys = keys
            let verifier = try await TokenVerifier(
                configuration: TokenVerifierConfiguration(keySource: .jwksURL(url), minimumRefetchInterval: .zero),
                revocations: nil, logger: logger)
            let old = try await keys.sign(TestSigningKeys.claims(user: "old"), kid: "2026-01")
            #expect(try await verifier.verify(old).user.id == "old")

            // The issuer adds a key and starts signing with it; the old one stays published.
            try await keys.addEd25519(kid: "2026-02")
            let document = keys.document
            published.replace(document)
            let new = try await keys.sign(TestSigningKeys.claims(user: "new"), kid: "2026-02")
            #expect(try await verifier.verify(new).user.id == "new", "an unknown kid makes the verifier fetch again")
            #expect(try await verifier.verify(old).user.id == "old")

            // A kid nobody publishes stays refused.
            var stranger = TestSigningKeys()
            try await stranger.addEd25519(kid: "2026-99")
            await expectUnauthorized(verifier, try await stranger.sign(TestSigningKeys.claims(), kid: "2026-99"), "invalid token")
        }
    }

    @Test func anUnreachableJWKSIsUnavailableNotUnauthorized() async throws {
        let port = try FreePort.make()
        let verifier = try await TokenVerifier(
            configuration: TokenVerifierConfiguration(keySource: .jwksURL(URL(string: "http://127.0.0.1:\(port)/.well-known/jwks.json")!)),
            revocations: nil, logger: logger)
        var keys = TestSigningKeys()
        try await keys.addEd25519(kid: "k")
        let token = try await keys.sign(TestSigningKeys.claims(), kid: "k")
        do {
            _ = try await verifier.verify(token)
            Issue.record("verification without keys should fail")
        } catch {
            #expect(error.code == .unavailable)
        }
    }

    @Test func aRevokedTokenIsRefused() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                let verifier = try await hs256Verifier(revocations: RedisRevocationList(client: client))
                let token = try await hs256(TestSigningKeys.claims(jti: "revoke-me"))
                #expect(try await verifier.verify(token).tokenID == "revoke-me")
                try await client.set(RedisNames.revokedToken("revoke-me"), to: ByteBuffer(string: "1"), expiresIn: .seconds(60))
                await expectUnauthorized(verifier, token, "token revoked")
            }
        }
    }

    @Test func everyTokenOfAUserIssuedUpToARevocationIsRefused() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                let verifier = try await hs256Verifier(revocations: RedisRevocationList(client: client))
                let before = try await hs256(TestSigningKeys.claims(user: "carol", jti: "carol-1"))
                let someoneElse = try await hs256(TestSigningKeys.claims(user: "dave", jti: "dave-1"))
                let now = Int(Date().timeIntervalSince1970)
                try await client.set(RedisNames.revokedUser("carol"), to: ByteBuffer(string: String(now)), expiresIn: .seconds(60))
                await expectUnauthorized(verifier, before, "token revoked")
                #expect(try await verifier.verify(someoneElse).user.id == "dave")
                #expect(RedisRevocationList.revokes(.array([.null, .bulkString(ByteBuffer(string: String(now)))]), issuedAt: Date(timeIntervalSince1970: Double(now + 1))) == false)
                #expect(RedisRevocationList.revokes(.array([.bulkString(ByteBuffer(string: "1")), .null]), issuedAt: Date()))
            }
        }
    }

    /// Serves `document` at `/.well-known/jwks.json` on a real loopback port for the duration of `body`.
    func withJWKSServer(_ document: PublishedDocument, _ body: @Sendable (URL) async throws -> Void) async throws {
        let router = Router()
        router.get("/.well-known/jwks.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: document.current)))
        }
        let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body(URL(string: "http://127.0.0.1:\(port)/.well-known/jwks.json")!)
        }
    }
}

/// A document a test server serves, replaceable while it runs.
final class PublishedDocument: Sendable {
    private let value: Mutex<String>
    init(_ text: String) { value = Mutex(text) }
    var current: String { value.withLock { $0 } }
    func replace(_ text: String) { value.withLock { $0 = text } }
}

extension Data {
    init(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        self = Data(base64Encoded: base64) ?? Data()
    }
}
