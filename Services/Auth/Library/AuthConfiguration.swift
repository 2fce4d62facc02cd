import Foundation
public import MessagingDatabase
public import ServiceKit

/// The auth service's settings (besides ``CommonConfiguration``; default port 8081).
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `DATABASE_URL` | `sqlite://.data/auth.sqlite` | `postgres://…` or `sqlite:///path` |
/// | `JWT_SIGNING_KEY` | — | the active Ed25519 private key, PEM text |
/// | `JWT_SIGNING_KEY_FILE` | `.data/auth-signing-key.pem` | the same from a file; generated (mode 600) at first start when missing and no `JWT_SIGNING_KEY` is set |
/// | `JWT_PUBLISHED_KEY_FILES` | — | comma-separated PEM files of earlier keys (public or private) still published in the JWKS during a rotation |
/// | `JWT_ISSUER` / `JWT_AUDIENCE` | `inkstudio-auth` / `inkstudio-messaging` | written into every token |
/// | `TOKEN_TTL_SECONDS` | `3600` | token and cookie lifetime (60 … 604800) |
/// | `COOKIE_SECURE` | `false` | add `Secure` to the cookie (turn on behind HTTPS) |
/// | `COOKIE_DOMAIN` | — | the cookie's `Domain`, if it must span subdomains |
/// | `BCRYPT_COST` | `12` | password hashing cost (4 … 16) |
/// | `LOGIN_MAX_FAILURES_PER_ACCOUNT` / `LOGIN_MAX_FAILURES_PER_IP` | `5` / `20` | failed logins allowed per window before `RATE_LIMITED` |
/// | `LOGIN_FAILURE_WINDOW_SECONDS` | `900` | the window |
/// | `TRUST_PROXY` | `false` | take the client address from `X-Real-IP` / `X-Forwarded-For` (behind nginx) |
public struct AuthConfiguration: Sendable {
    /// Common settings.
    public var common: CommonConfiguration
    /// The database.
    public var database: DatabaseURL
    /// Where the signing key comes from.
    public var signingKey: SigningKeySource
    /// Earlier keys still published.
    public var publishedKeyFiles: [String]
    /// The `iss` of issued tokens.
    public var issuer: String
    /// The `aud` of issued tokens.
    public var audience: String
    /// Token and cookie lifetime.
    public var tokenLifetime: Duration
    /// `Secure` on the cookie.
    public var cookieSecure: Bool
    /// The cookie's `Domain`.
    public var cookieDomain: String?
    /// bcrypt cost.
    public var bcryptCost: UInt8
    /// Login failure limits.
    public var loginLimits: LoginLimits
    /// Whether to trust `X-Real-IP` / `X-Forwarded-For`.
    public var trustProxy: Bool

    /// Where the active signing key comes from.
    public enum SigningKeySource: Sendable, Hashable {
        /// PEM text.
        case pem(String)
        /// A PEM file; generated when missing if `generateIfMissing`.
        case file(path: String, generateIfMissing: Bool)
    }

    /// Failed-login limits.
    public struct LoginLimits: Sendable, Hashable {
        /// Failures per account per window.
        public var perAccount: Int
        /// Failures per client address per window.
        public var perAddress: Int
        /// The window.
        public var window: Duration

        /// Creates limits.
        public init(perAccount: Int = 5, perAddress: Int = 20, window: Duration = .seconds(900)) {
            self.perAccount = perAccount
            self.perAddress = perAddress
            self.window = window
        }
    }

    /// Reads the environment.
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        common = try CommonConfiguration(environment, service: "auth", defaultPort: 8081)
        let databaseText = environment.string("DATABASE_URL", default: "sqlite://.data/auth.sqlite")
        do {
            database = try DatabaseURL(databaseText)
        } catch {
            throw ConfigurationError(key: "DATABASE_URL", problem: error.description)
        }
        if let pem = environment.optionalString("JWT_SIGNING_KEY") {
            signingKey = .pem(pem.replacingOccurrences(of: "\\n", with: "\n"))
        } else if let path = environment.optionalString("JWT_SIGNING_KEY_FILE") {
            signingKey = .file(path: path, generateIfMissing: false)
        } else {
            signingKey = .file(path: ".data/auth-signing-key.pem", generateIfMissing: true)
        }
        publishedKeyFiles = environment.list("JWT_PUBLISHED_KEY_FILES", default: [])
        issuer = environment.string("JWT_ISSUER", default: "inkstudio-auth")
        audience = environment.string("JWT_AUDIENCE", default: "inkstudio-messaging")
        tokenLifetime = .seconds(try environment.int("TOKEN_TTL_SECONDS", default: 3600, range: 60...604_800))
        cookieSecure = try environment.bool("COOKIE_SECURE", default: false)
        cookieDomain = environment.optionalString("COOKIE_DOMAIN")
        bcryptCost = UInt8(try environment.int("BCRYPT_COST", default: 12, range: 4...16))
        loginLimits = LoginLimits(
            perAccount: try environment.int("LOGIN_MAX_FAILURES_PER_ACCOUNT", default: 5, range: 1...1000),
            perAddress: try environment.int("LOGIN_MAX_FAILURES_PER_IP", default: 20, range: 1...100_000),
            window: .seconds(try environment.int("LOGIN_FAILURE_WINDOW_SECONDS", default: 900, range: 1...86_400)))
        trustProxy = try environment.bool("TRUST_PROXY", default: false)
    }
}
