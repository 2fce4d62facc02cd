import AuthService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceKit
import Testing
import TestSupport
import TokenVerification

/// The HTTP API in process (Hummingbird's router test client), against a real Redis and a real
/// database, the same tests on SQLite and on PostgreSQL.
// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct AuthFlowTests {
    let logger = Logger(label: "test.auth")
    static let alice = RegisterRequest(
        email: "  Alice.Martin@Example.COM ", password: "correct horse", firstName: "Alice", lastName: "Martin", role: .client)

    /// - Parameter live: over a real socket (the peer is 127.0.0.1), for what depends on the client's address.
    func withAuth(
        _ database: TestDatabase, _ extra: [String: String] = [:], live: Bool = false,
        _ body: @Sendable (any TestClientProtocol, AuthTestEnvironment) async throws -> Void
    ) async throws {
        let environment = try await AuthTestEnvironment.start(database)
        try await withTeardown({ await environment.shutdown() }) {
            let app = try await buildAuthApplication(configuration: try environment.configuration(extra), logger: logger)
            try await app.test(live ? .live : .router) { client in try await body(client, environment) }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func registerLoginTokenMeAndLogout(database: TestDatabase) async throws {
        try await withAuth(database) { client, environment in
            let registered = try await client.send(.post, "/api/auth/register", json: Self.alice)
            #expect(registered.status == .created)
            let user = try registered.json(UserResponse.self).user
            #expect(user.email == "alice.martin@example.com")
            #expect(user.role == .client && user.firstName == "Alice")

            let login = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "ALICE.martin@example.com", password: "correct horse"))
            #expect(login.status == .ok)
            #expect(try login.json(UserResponse.self).user == user)
            let setCookie = try #require(login.headers[.setCookie])
            let attributes = Set(setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes.isSuperset(of: ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=3600"]))
            #expect(!attributes.contains("Secure"))
            #expect(attributes.contains { $0.hasPrefix("Expires=") && $0.hasSuffix("GMT") })
            let cookie = try #require(cookiePair(login))
            let jwt = String(cookie.dropFirst("access_token=".count))

            let token = try await client.execute(uri: "/api/messaging/token", method: .get, headers: [.cookie: cookie])
            #expect(token.status == .ok)
            #expect(try token.json(TokenResponse.self).token == jwt)
            #expect(token.headers[.cacheControl] == "no-store")
            let noCookie = try await client.execute(uri: "/api/messaging/token", method: .get)
            #expect(noCookie.status == .unauthorized && noCookie.error?.code == .unauthorized)
            let bearerOnly = try await client.execute(uri: "/api/messaging/token", method: .get, headers: [.authorization: "Bearer \(jwt)"])
            #expect(bearerOnly.status == .unauthorized, "the socket token comes from the HttpOnly cookie")

            #expect(try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: cookie]).json(UserResponse.self).user == user)
            #expect(try await client.execute(uri: "/api/auth/me", method: .get, headers: [.authorization: "Bearer \(jwt)"]).status == .ok)
            #expect(try await client.execute(uri: "/api/auth/me", method: .get).status == .unauthorized)

            // The JWKS it publishes verifies its tokens with the shared verifier.
            let jwks = String(buffer: try await client.execute(uri: "/.well-known/jwks.json", method: .get).body)
            let verifier = try await TokenVerifier(
                configuration: TokenVerifierConfiguration(keySource: .jwksJSON(jwks)), revocations: nil, logger: logger)
            let verified = try await verifier.verify(jwt)
            #expect(verified.user.id == user.id && verified.user.firstName == "Alice" && verified.user.role == .client)

            try await RedisClient.withRunning(url: environment.redis.url, configure: { $0.keyPrefix = "test:" }) { redis in
                let revoking = try await TokenVerifier(
                    configuration: TokenVerifierConfiguration(keySource: .jwksJSON(jwks)), revocations: RedisRevocationList(client: redis),
                    logger: logger)
                #expect(try await revoking.verify(jwt).user.id == user.id)
                try await redis.subscribe(to: [RedisNames.user(user.id)]) { subscription in
                    let logout = try await client.execute(uri: "/api/auth/logout", method: .post, headers: [.cookie: cookie])
                    #expect(logout.status == .ok)
                    let cleared = try #require(logout.headers[.setCookie])
                    #expect(cleared.hasPrefix("access_token=;") && cleared.contains("Max-Age=0"))

                    // The gateways are told at once…
                    var messages = subscription.makeAsyncIterator()
                    let message = try #require(await messages.next())
                    let envelope = try BroadcastEnvelope(decoding: Array(message.payload.readableBytesView))
                    #expect(envelope.header.event == ControlEvent.tokenRevoked.rawValue)
                    #expect(try TokenRevokedPayload(json: envelope.body).tokenId == verified.tokenID)
                }
                // …and every verifier refuses the token from now on.
                do {
                    _ = try await revoking.verify(jwt)
                    Issue.record("a revoked token must be refused")
                } catch {
                    #expect((error as? MessagingError)?.message == "token revoked")
                }
            }
            #expect(try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: cookie]).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/messaging/token", method: .get, headers: [.cookie: cookie]).status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func loginFailuresRevealNothingAndSlowTheGuesserNotTheOwner(database: TestDatabase) async throws {
        try await withAuth(database, ["LOGIN_FREE_FAILURES": "3", "TRUSTED_PROXIES": "127.0.0.1"], live: true) { client, _ in
            let attacker: HTTPFields = [.xForwardedFor: "203.0.113.9"]
            let owner: HTTPFields = [.xForwardedFor: "198.51.100.7"]
            try await client.send(.post, "/api/auth/register", json: Self.alice, headers: owner)
            let wrongPassword = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "wrong password"), headers: attacker)
            let unknownEmail = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "nobody@example.com", password: "wrong password"), headers: attacker)
            #expect(wrongPassword.status == .unauthorized && unknownEmail.status == .unauthorized)
            #expect(wrongPassword.error == unknownEmail.error, "the answer must not tell whether the email exists")
            #expect(wrongPassword.headers[.setCookie] == nil)

            for _ in 0..<2 {
                try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "wrong password"), headers: attacker)
            }
            // The guesser now waits before each try, even with the right password…
            let held = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "correct horse"), headers: attacker)
            #expect(held.status == .tooManyRequests && held.error?.message == "too many failed logins: try again in 1 s")
            // …while the owner, from their own address, is not locked out.
            let ownerLogin = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "correct horse"), headers: owner)
            #expect(ownerLogin.status == .ok)
        }
    }

    @Test func failuresFromEveryAddressAddAShortWaitNeverALock() async throws {
        try await withAuth(.sqlite, ["LOGIN_ACCOUNT_FREE_FAILURES": "4", "LOGIN_ACCOUNT_MAX_DELAY_SECONDS": "1", "TRUSTED_PROXIES": "127.0.0.1"], live: true) { client, _ in
            try await client.send(.post, "/api/auth/register", json: Self.alice)
            for index in 0..<4 {
                let guess = try await client.send(
                    .post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "guess \(index)"),
                    headers: [.xForwardedFor: "203.0.113.\(index)"])
                #expect(guess.status == .unauthorized)
            }
            let waiting = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "correct horse"), headers: [.xForwardedFor: "198.51.100.7"])
            #expect(waiting.error?.code == .rateLimited, "a distributed guesser slows every address down")
            // The wait is capped (1 s here): the owner gets in once it has passed.
            var ownerIn = false
            let deadline = ContinuousClock.now + .seconds(5)
            while !ownerIn && ContinuousClock.now < deadline {
                let attempt = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "correct horse"), headers: [.xForwardedFor: "198.51.100.7"])
                ownerIn = attempt.status == .ok
                if !ownerIn { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(ownerIn)
        }
    }

    @Test func theAddressLimitCountsEveryAccountAndForwardingHeadersNeedATrustedProxy() async throws {
        try await withAuth(.sqlite, ["LOGIN_MAX_FAILURES_PER_IP": "4"], live: true) { client, _ in
            // No trusted proxy: what the client writes in X-Forwarded-For is not believed, so rotating it changes nothing.
            for index in 0..<4 {
                try await client.send(
                    .post, "/api/auth/login", json: LoginRequest(email: "user\(index)@example.com", password: "guess guess"),
                    headers: [.xForwardedFor: "203.0.113.\(index)", .xRealIP: "203.0.113.\(index)"])
            }
            let limited = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "other@example.com", password: "guess guess"), headers: [.xForwardedFor: "192.0.2.1"])
            #expect(limited.error?.code == .rateLimited)
            #expect(limited.error?.message == "too many failed logins from this address, try again later")
        }
    }

    @Test func registrationIsLimitedPerAddressAndTellsNothingAboutExistingEmails() async throws {
        try await withAuth(.sqlite, ["REGISTER_MAX_PER_IP": "3"]) { client, _ in
            let first = try await client.send(.post, "/api/auth/register", json: Self.alice)
            let again = try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "Alice.Martin@example.com", password: "someone else", role: .client))
            #expect(first.status == .created && again.status == .created, "the same answer whether or not the email has an account")
            let firstUser = try first.json(UserResponse.self).user, againUser = try again.json(UserResponse.self).user
            #expect(firstUser.id != againUser.id && againUser.email == "alice.martin@example.com")
            // The account is the first one: its password works, the second does not.
            #expect(try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "correct horse")).status == .ok)
            #expect(try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "someone else")).status == .unauthorized)
            #expect(try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "c@example.com", password: "12345678", role: .client)).status == .created)
            let limited = try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "d@example.com", password: "12345678", role: .client))
            #expect(limited.status == .tooManyRequests && limited.error?.code == .rateLimited)
        }
    }

    /// A platform whose services verify with a shared HS256 secret gets tokens the services accept.
    @Test func withASharedSecretTokensAreSignedWithIt() async throws {
        let secret = "9f2c4e81a7d35b60c1e8f4a2d7b93c05-shared"
        try await withAuth(.sqlite, ["JWT_HS256_SECRET": secret]) { client, _ in
            try await client.send(.post, "/api/auth/register", json: Self.alice)
            let login = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "correct horse"))
            let cookie = try #require(cookiePair(login))
            let jwt = try await client.execute(uri: "/api/messaging/token", method: .get, headers: [.cookie: cookie]).json(TokenResponse.self).token
            let shared = try await TokenVerifier(configuration: TokenVerifierConfiguration(keySource: .hs256(secret: secret)), revocations: nil, logger: logger)
            #expect(try await shared.verify(jwt).user.email == "alice.martin@example.com")
            #expect(String(buffer: try await client.execute(uri: "/.well-known/jwks.json", method: .get).body) == #"{"keys":[]}"#)
            #expect(try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: cookie]).status == .ok)
        }
    }

    @Test func profileChangesAreRateLimitedPerUser() async throws {
        try await withAuth(.sqlite, ["HTTP_WRITE_RATE": "1", "HTTP_WRITE_BURST": "2"]) { client, _ in
            try await client.send(.post, "/api/auth/register", json: Self.alice)
            let login = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "correct horse"))
            let cookie = try #require(cookiePair(login))
            // Sent together, so that no token comes back (1 a second) between them however loaded
            // the machine is (one after the other they once took more than a second).
            let statuses = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                for name in ["A", "B", "C"] {
                    group.addTask { (name, try await client.send(.patch, "/api/auth/me", json: ["firstName": name], headers: [.cookie: cookie]).status) }
                }
                var statuses = [String: HTTPResponse.Status]()
                for try await (name, status) in group { statuses[name] = status }
                return statuses
            }
            #expect(statuses.values.filter { $0 == .ok }.count == 2)
            let refused = try #require(statuses.first { $0.value == .tooManyRequests }?.key)
            let me = try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: cookie]).json(UserResponse.self).user
            #expect(me.firstName != refused, "the refused change changed nothing")
            #expect(["A", "B", "C"].contains(me.firstName))
        }
    }

    @Test func retiredSettingsStopTheServiceWithAClearLine() {
        for (key, value) in [("TRUST_PROXY", "true"), ("LOGIN_MAX_FAILURES_PER_ACCOUNT", "5"), ("TRUSTED_PROXIES", "10.0.0.0/33")] {
            #expect(throws: ConfigurationError.self) { try AuthConfiguration(EnvironmentReader([key: value])) }
        }
    }

    @Test func badInputGetsTheRightCodeAndChangesNothing() async throws {
        try await withAuth(.sqlite) { client, _ in
            func expectError(_ response: TestResponse, _ status: HTTPResponse.Status, _ code: ErrorCode, _ message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(response.status == status, sourceLocation: sourceLocation)
                #expect(response.error?.code == code, sourceLocation: sourceLocation)
                if let message { #expect(response.error?.message == message, sourceLocation: sourceLocation) }
            }
            expectError(try await client.send(.post, "/api/auth/register", raw: "{not json"), .badRequest, .validationFailed, "the body is not valid JSON")
            expectError(try await client.send(.post, "/api/auth/register", raw: #"{"email":"a@b.co","role":"CLIENT"}"#), .badRequest, .validationFailed, "missing field password")
            expectError(try await client.send(.post, "/api/auth/register", raw: #"{"email":"a@b.co","password":12345678,"role":"CLIENT"}"#), .badRequest, .validationFailed, "wrong type for password")
            expectError(try await client.send(.post, "/api/auth/register", raw: #"{"email":"a@b.co","password":"12345678","role":"ROOT"}"#), .badRequest, .validationFailed, "invalid value for role")
            expectError(try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "a@b.co", password: "short", role: .client)), .badRequest, .validationFailed, "password is too short (at least 8 characters)")
            expectError(try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "a@b.co", password: String(repeating: "é", count: 40), role: .client)), .badRequest, .validationFailed, "password is too long (at most 72 bytes)")
            expectError(try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: String(repeating: "a", count: 250) + "@b.co", password: "12345678", role: .client)), .badRequest, .validationFailed, "email is too long (at most 254 characters)")
            expectError(try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "not-an-email", password: "12345678", role: .client)), .badRequest, .validationFailed, "email is not a valid address")
            expectError(try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "a@b.co", password: "12345678", role: .admin)), .badRequest, .validationFailed)
            expectError(try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "a@b.co", password: "12345678", image: "javascript:alert(1)", role: .client)), .badRequest, .validationFailed, "image must be an http(s) URL")
            expectError(try await client.send(.post, "/api/auth/register", raw: String(repeating: " ", count: 70_000)), .contentTooLarge, .payloadTooLarge)
            expectError(try await client.send(.post, "/api/auth/login", raw: "[]"), .badRequest, .validationFailed)
            // A form (another site's page posting a victim's login, or a registration) is refused before it is read.
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            expectError(try await client.send(.post, "/api/auth/register", raw: "email=a@b.co&password=12345678&role=CLIENT", headers: form), .badRequest, .validationFailed, "Content-Type must be application/json")
            expectError(try await client.send(.post, "/api/auth/login", raw: #"{"email":"a@b.co","password":"12345678"}"#, headers: [.origin: "http://evil.example"]), .forbidden, .forbidden)
            expectError(try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "a@b.co", password: String(repeating: "x", count: 100))), .badRequest, .validationFailed)

            // Nothing was stored by the refused requests: the email is still free.
            #expect(try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "a@b.co", password: "12345678", role: .client)).status == .created)
            // bcrypt stops at NUL: a password with one never matches the shorter one before it.
            expectError(try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "n@b.co", password: "12345678\u{0}tail", role: .client)), .badRequest, .validationFailed, "password contains a NUL character")
            #expect(try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "a@b.co", password: "12345678\u{0}anything")).status != .ok)
            expectError(try await client.send(.post, "/api/auth/register", json: RegisterRequest(email: "n@b.co", password: "12345678", firstName: "A\u{0}B", role: .client)), .badRequest, .validationFailed, "firstName contains a control character")

            // Forged and broken tokens are refused, and the process keeps answering.
            for token in ["", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", String(repeating: "x", count: 10_000)] {
                expectError(try await client.execute(uri: "/api/auth/me", method: .get, headers: [.authorization: "Bearer \(token)"]), .unauthorized, .unauthorized)
                expectError(try await client.execute(uri: "/api/messaging/token", method: .get, headers: [.cookie: "access_token=\(token)"]), .unauthorized, .unauthorized)
            }
            #expect(try await client.execute(uri: "/health/live", method: .get).status == .ok)
        }
    }

    @Test func secureCookieWhenConfigured() async throws {
        try await withAuth(.sqlite, ["COOKIE_SECURE": "true", "TOKEN_TTL_SECONDS": "600"]) { client, _ in
            try await client.send(.post, "/api/auth/register", json: Self.alice)
            let login = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "correct horse"))
            let attributes = Set((login.headers[.setCookie] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes.contains("Secure") && attributes.contains("Max-Age=600"))
        }
    }

    @Test func registerAndProfileChangesPublishProfileEvents() async throws {
        try await withAuth(.sqlite) { client, environment in
            let user = try await client.send(.post, "/api/auth/register", json: Self.alice).json(UserResponse.self).user
            let login = try await client.send(.post, "/api/auth/login", json: LoginRequest(email: "alice.martin@example.com", password: "correct horse"))
            let cookie = try #require(cookiePair(login))
            let updated = try await client.send(.patch, "/api/auth/me", json: ["firstName": "Alicia", "image": "https://cdn.example.com/a.png"], headers: [.cookie: cookie])
            #expect(try updated.json(UserResponse.self).user.firstName == "Alicia")

            try await RedisClient.withRunning(url: environment.redis.url, configure: { $0.keyPrefix = "test:" }) { redis in
                let entries = try await redis.send(RedisCommand("XRANGE", "test:profiles", "-", "+"))
                let events = try (entries.array ?? []).map { try DomainEventEnvelope(streamFields: streamFields($0)) }
                #expect(events.count == 2)
                guard case .userProfileUpdated(let first) = events.first?.event, case .userProfileUpdated(let second) = events.last?.event else {
                    Issue.record("expected two profile events"); return
                }
                #expect(first.id == user.id && first.firstName == "Alice" && first.email == nil)
                #expect(second.firstName == "Alicia" && second.image == "https://cdn.example.com/a.png")
            }
        }
    }
}
