import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MessagingDatabase
import MessagingProtocol
import ServiceKit
import TokenVerification

/// The routes of `SPEC.md` §3 for accounts and tokens.
struct AuthController: Sendable {
    let users: UserRepository
    let hasher: PasswordHasher
    let issuer: TokenIssuer
    let verifier: TokenVerifier
    let revoker: TokenRevoker
    let limiter: AuthRateLimiter
    let profiles: ProfileEventPublisher
    let cookie: SessionCookie
    let keys: SigningKeys
    let proxies: ClientAddressResolver
    /// Profile changes per user on this instance (`HTTP_WRITE_RATE`).
    let writes: RateLimiterTable<String>
    let logger: Logger
    /// A hash to verify against when the email is unknown, so both failures take the same time.
    let decoyHash: String

    func add(to router: Router<AuthRequestContext>) {
        router.post("/api/auth/register") { request, context in try await register(request, context: context) }
        router.post("/api/auth/login") { request, context in try await login(request, context: context) }
        router.post("/api/auth/logout") { request, _ in try await logout(request) }
        router.get("/api/auth/me") { request, _ in try await me(request) }
        router.patch("/api/auth/me") { request, _ in try await updateProfile(request) }
        router.get("/api/messaging/token") { request, _ in try await socketToken(request) }
        router.get("/.well-known/jwks.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: keys.jwksJSON)))
        }
    }

    /// Registers an account. An email already taken gets the same answer as a new one (after the
    /// same hashing work), with an id nobody holds, so registration tells no one which emails have
    /// accounts; the owner simply logs in.
    func register(_ request: Request, context: AuthRequestContext) async throws -> Response {
        let body = try await HTTPJSON.decode(RegisterRequest.self, from: request)
        let email = AccountValidator.normalizedEmail(body.email)
        try AccountValidator.validateEmail(email)
        try AccountValidator.validatePassword(body.password)
        try AccountValidator.selfRegisteredRole(body.role)
        let address = clientAddress(request, context: context)
        try await limiter.admitRegistration(address: address)
        let now = Date()
        let user = UserRecord(
            id: UUID().uuidString.lowercased(), email: email, passwordHash: try await hasher.hash(body.password), role: body.role,
            firstName: try AccountValidator.field(body.firstName, name: "firstName"),
            lastName: try AccountValidator.field(body.lastName, name: "lastName"),
            salonName: try AccountValidator.field(body.salonName, name: "salonName"),
            image: try AccountValidator.image(body.image), createdAt: now, updatedAt: now)
        do {
            try await users.create(user)
        } catch DatabaseError.uniqueViolation {
            logger.notice("registration for an email that has an account: answered as if new", metadata: ["client.address": "\(address)"])
            return try HTTPJSON.response(UserResponse(user: user.summary), status: .created)
        }
        logger.info("account registered", metadata: ["user.id": "\(user.id)", "user.role": "\(user.role.rawValue)"])
        await profiles.publish(user.summary)
        return try HTTPJSON.response(UserResponse(user: user.summary), status: .created)
    }

    func login(_ request: Request, context: AuthRequestContext) async throws -> Response {
        let body = try await HTTPJSON.decode(LoginRequest.self, from: request)
        let email = AccountValidator.normalizedEmail(body.email)
        guard body.password.utf8.count <= PasswordHasher.maximumBytes, email.count <= 254 else {
            throw MessagingError(.validationFailed, "email or password is too long")
        }
        let address = clientAddress(request, context: context)
        try await limiter.checkLogin(email: email, address: address)
        let user = try await users.find(email: email)
        let matches = try await hasher.verify(body.password, hash: user?.passwordHash ?? decoyHash)
        guard let user, matches else {
            await limiter.recordLoginFailure(email: email, address: address)
            logger.notice("login refused", metadata: ["client.address": "\(address)"])
            throw MessagingError(.unauthorized, "invalid email or password")
        }
        await limiter.recordLoginSuccess(email: email, address: address)
        let (token, issuedAt, expiresAt) = try await issuer.issue(for: user.summary)
        logger.info("login", metadata: ["user.id": "\(user.id)"])
        return try HTTPJSON.response(UserResponse(user: user.summary), headers: [.setCookie: cookie.set(token: token, expiresAt: expiresAt, now: issuedAt)])
    }

    func logout(_ request: Request) async throws -> Response {
        if let token = RequestCredentials.token(in: request.headers), let verified = try? await verifier.verify(token) {
            try await revoker.revoke(verified)
            logger.info("logout", metadata: ["user.id": "\(verified.user.id)"])
        }
        return try HTTPJSON.response(EmptyAckBody(), headers: [.setCookie: cookie.clear()])
    }

    func me(_ request: Request) async throws -> Response {
        let user = try await authenticatedUser(request)
        return try HTTPJSON.response(UserResponse(user: user.summary))
    }

    func updateProfile(_ request: Request) async throws -> Response {
        var user = try await authenticatedUser(request)
        if let wait = writes.take(user.id) {
            throw MessagingError(.rateLimited, "too many profile changes: try again in \(wait.retrySeconds) s")
        }
        let body = try await HTTPJSON.decode(ProfileUpdateRequest.self, from: request)
        if body.firstName != nil { user.firstName = try AccountValidator.field(body.firstName, name: "firstName") }
        if body.lastName != nil { user.lastName = try AccountValidator.field(body.lastName, name: "lastName") }
        if body.salonName != nil { user.salonName = try AccountValidator.field(body.salonName, name: "salonName") }
        if body.image != nil { user.image = try AccountValidator.image(body.image) }
        user.updatedAt = Date()
        try await users.updateProfile(user)
        await profiles.publish(user.summary)
        return try HTTPJSON.response(UserResponse(user: user.summary))
    }

    /// `{ token }` from the HttpOnly cookie, for the socket's `auth.token`.
    func socketToken(_ request: Request) async throws -> Response {
        guard let token = RequestCredentials.cookie(named: RequestCredentials.cookieName, in: request.headers) else {
            throw MessagingError(.unauthorized, "no access_token cookie")
        }
        _ = try await verifier.verify(token)
        return try HTTPJSON.response(TokenResponse(token: token), headers: [.cacheControl: "no-store"])
    }

    private func authenticatedUser(_ request: Request) async throws -> UserRecord {
        guard let token = RequestCredentials.token(in: request.headers) else { throw MessagingError(.unauthorized, "no credentials") }
        let verified = try await verifier.verify(token)
        guard let user = try await users.find(id: verified.user.id) else { throw MessagingError(.unauthorized, "unknown account") }
        return user
    }

    private func clientAddress(_ request: Request, context: AuthRequestContext) -> String {
        proxies.clientAddress(peer: context.remoteAddress?.ipAddress, headers: request.headers)
    }
}

/// `{ "ok": true }`.
struct EmptyAckBody: Encodable {
    let ok = true
}
