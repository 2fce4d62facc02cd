import AsyncHTTPClient
import Crypto
import CryptoExtras
import Foundation
import Logging
import MessagingProtocol
import NIOCore
import NIOHTTP1
import ServiceKit
import Testing
import TestSupport
import TokenVerification

/// The real `messaging-auth` executable over real sockets.
// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct AuthProcessTests {
    let logger = Logger(label: "test.auth-process")

    func request(_ method: HTTPMethod, _ url: String, json: (some Encodable)? = String?.none, cookie: String? = nil) async throws -> (HTTPClientResponse, String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        // No pooled keep-alive connection: the test restarts the service on the same port.
        request.headers.add(name: "Connection", value: "close")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try MessagingJSON.encode(json)))
        }
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (response, String(buffer: body))
    }

    @Test func theServiceIssuesTokensItsJWKSVerifiesAcrossAKeyRotation() async throws {
        let environment = try await AuthTestEnvironment.start(.sqlite)
        try await withTeardown({ await environment.shutdown() }) {
            let firstKey = environment.folder.appendingPathComponent("key-2026-01.pem").path
            let secondKey = environment.folder.appendingPathComponent("key-2026-02.pem").path
            try Curve25519.Signing.PrivateKey().pemRepresentation.write(toFile: firstKey, atomically: true, encoding: .utf8)
            try Curve25519.Signing.PrivateKey().pemRepresentation.write(toFile: secondKey, atomically: true, encoding: .utf8)

            // Generation 1: signs with the first key.
            let port = try FreePort.make()
            var service = try await ServiceProcess.start(
                "messaging-auth", environment: environment.variables(["JWT_SIGNING_KEY_FILE": firstKey]), port: port, logFolder: environment.folder)
            let base = service.baseURL
            let (registered, registeredBody) = try await request(.POST, base + "/api/auth/register", json: RegisterRequest(email: "salon@example.com", password: "tattoo-time", salonName: "Ink Lab", role: .salon))
            #expect(registered.status == .created, "\(registeredBody)")
            let (login, _) = try await request(.POST, base + "/api/auth/login", json: LoginRequest(email: "salon@example.com", password: "tattoo-time"))
            let cookie = try #require(login.headers.first(name: "Set-Cookie")?.split(separator: ";").first.map(String.init))
            let (_, tokenBody) = try await request(.GET, base + "/api/messaging/token", cookie: cookie)
            let oldToken = try MessagingJSON.decode(TokenResponse.self, from: Data(tokenBody.utf8)).token

            // The verifier keeps its keep-alive connection in a pool of its own, as a gateway does: the
            // test's requests (each on a fresh connection) never ride the one the restart leaves stale.
            let jwksURL = URL(string: base + "/.well-known/jwks.json")!
            let verifierClient = HTTPClient(eventLoopGroupProvider: .singleton)
            defer { verifierClient.shutdown { _ in } }
            let verifier = try await TokenVerifier(
                configuration: TokenVerifierConfiguration(keySource: .jwksURL(jwksURL), minimumRefetchInterval: .zero), revocations: nil,
                httpClient: verifierClient, logger: logger)
            #expect(try await verifier.verify(oldToken).user.salonName == "Ink Lab")

            // Generation 2: a graceful restart signs with the second key and still publishes the first.
            await service.stop()
            #expect(!service.process.isRunning)
            service = try await ServiceProcess.start(
                "messaging-auth",
                environment: environment.variables(["JWT_SIGNING_KEY_FILE": secondKey, "JWT_PUBLISHED_KEY_FILES": firstKey]),
                port: port, logFolder: environment.folder)
            let running = service
            try await withTeardown({ await running.stop() }) {
                let (_, jwks) = try await request(.GET, base + "/.well-known/jwks.json")
                #expect(jwks.components(separatedBy: "\"kid\"").count == 3, "two keys published: \(jwks)")
                let (login2, _) = try await request(.POST, base + "/api/auth/login", json: LoginRequest(email: "salon@example.com", password: "tattoo-time"))
                let cookie2 = try #require(login2.headers.first(name: "Set-Cookie")?.split(separator: ";").first.map(String.init))
                let newToken = String(cookie2.dropFirst("access_token=".count))
                #expect(TokenVerifierTestHooks.kid(of: newToken) != TokenVerifierTestHooks.kid(of: oldToken))

                // The same verifier (keys cached from generation 1) meets an unknown kid, fetches again, and
                // accepts both: nobody is logged out by the rotation.
                #expect(try await verifier.verify(newToken).user.salonName == "Ink Lab")
                #expect(try await verifier.verify(oldToken).user.salonName == "Ink Lab")
                let (me, _) = try await request(.GET, base + "/api/auth/me", cookie: cookie)
                #expect(me.status == .ok, "a token of the previous key still works on the service itself")
            }
        }
    }

    @Test func aBadConfigurationStopsTheProcessWithOneLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ink-auth-config-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = try ManagedProcess(
            executable: try BuiltProducts.path("messaging-auth"), arguments: [], logFile: folder.appendingPathComponent("out.log"),
            environment: ["DATABASE_URL": "mysql://nope", "PATH": "/usr/bin:/bin"])
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        let output = process.outputTail()
        #expect(output.contains("messaging-auth: invalid configuration: DATABASE_URL: unsupported database URL"))
        #expect(output.split(separator: "\n").count == 1)
    }
}

/// Reads a token's `kid` for assertions.
enum TokenVerifierTestHooks {
    static func kid(of token: String) -> String? {
        guard let header = token.split(separator: ".").first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        guard let data = Data(base64Encoded: base64), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["kid"] as? String
    }
}
