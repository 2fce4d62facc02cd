import Foundation
public import MessagingDatabase
public import ServiceKit
import TokenVerification

/// The auth service's settings (besides ``CommonConfiguration``; default port 8081).
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `DATABASE_URL` | `sqlite://.data/auth.sqlite` | `postgres://…` or `sqlite:///path` |
/// | `JWT_SIGNING_KEY` | — | the active Ed25519 private key, PEM text |
/// | `JWT_SIGNING_KEY_FILE` | `.data/auth-signing-key.pem` | the same from a file; generated (mode 600) at first start when missing and no `JWT_SIGNING_KEY` is set |
/// | `JWT_HS256_SECRET` | — | sign with this shared secret (HS256, ≥ 32 bytes) instead of Ed25519, for a platform whose services verify with it; the JWKS is then empty |
/// | `JWT_PUBLISHED_KEY_FILES` | — | comma-separated PEM files of earlier keys (public or private) still published in the JWKS during a rotation |
/// | `JWT_ISSUER` / `JWT_AUDIENCE` | `inkstudio-auth` / `inkstudio-messaging` | written into every token |
/// | `TOKEN_TTL_SECONDS` | `3600` | token and cookie lifetime (60 … 604800) |
/// | `COOKIE_SECURE` | `false` | add `Secure` to the cookie (turn on behind HTTPS) |
/// | `COOKIE_DOMAIN` | — | the cookie's `Domain`, if it must span subdomains |
/// | `BCRYPT_COST` | `12` | password hashing cost (4 … 16) |
/// | `LOGIN_FREE_FAILURES` / `LOGIN_MAX_DELAY_SECONDS` | `3` / `900` | failures for one account from one address before each further try there waits (1 s, doubling, up to the maximum) |
/// | `LOGIN_ACCOUNT_FREE_FAILURES` / `LOGIN_ACCOUNT_MAX_DELAY_SECONDS` | `10` / `60` | the same for the account from every address together: a short wait, never a lock |
/// | `LOGIN_MAX_FAILURES_PER_IP` | `20` | failed logins from one address per window, over all accounts, before `RATE_LIMITED` |
/// | `LOGIN_FAILURE_WINDOW_SECONDS` | `900` | how long failures count |
/// | `HTTP_WRITE_RATE` / `HTTP_WRITE_BURST` | `5` / `20` | profile changes per second per user on this instance |
/// | `REGISTER_MAX_PER_IP` / `REGISTER_WINDOW_SECONDS` | `10` / `3600` | registrations from one address per window |
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
    /// The shared HS256 secret tokens are signed with, instead of the Ed25519 key.
    public var sharedSecret: String?
    /// Login and registration limits.
    public var attemptLimits: AttemptLimits
    /// Profile changes per user.
    public var profileWrites: TokenBucket.Rate

    /// Where the active signing key comes from.
    public enum SigningKeySource: Sendable, Hashable {
        /// PEM text.
        case pem(String)
        /// A PEM file; generated when missing if `generateIfMissing`.
        case file(path: String, generateIfMissing: Bool)
    }

    /// Login and registration limits (see ``AuthRateLimiter``).
    public struct AttemptLimits: Sendable, Hashable {
        /// Failures for one account from one address before that address waits.
        public var freeFailures: Int
        /// The longest such wait.
        public var maxDelay: Duration
        /// Failures for one account from all addresses before every try waits.
        public var accountFreeFailures: Int
        /// The longest such wait.
        public var accountMaxDelay: Duration
        /// Failures from one address per window, over all accounts.
        public var failuresPerAddress: Int
        /// How long failures count.
        public var window: Duration
        /// Registrations from one address per registration window.
        public var registrationsPerAddress: Int
        /// The registration window.
        public var registrationWindow: Duration

        /// Creates limits.
        public init(
            freeFailures: Int = 3, maxDelay: Duration = .seconds(900), accountFreeFailures: Int = 10, accountMaxDelay: Duration = .seconds(60),
            failuresPerAddress: Int = 20, window: Duration = .seconds(900), registrationsPerAddress: Int = 10, registrationWindow: Duration = .seconds(3600)
        ) {
            self.freeFailures = freeFailures
            self.maxDelay = maxDelay
            self.accountFreeFailures = accountFreeFailures
            self.accountMaxDelay = accountMaxDelay
            self.failuresPerAddress = failuresPerAddress
            self.window = window
            self.registrationsPerAddress = registrationsPerAddress
            self.registrationWindow = registrationWindow
        }

        /// The wait after the `failures`-th failure when `free` are free: none, then 1 s, 2 s, 4 s …
        /// up to `cap`.
        static func wait(afterFailures failures: Int, free: Int, cap: Duration) -> Duration? {
            guard failures >= free else { return nil }
            let doublings = min(failures - free, 30)
            return min(.seconds(1 << doublings), cap)
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
        if case .postgres(_, _, _, let password, _) = database { try environment.refuseExampleSecret("DATABASE_URL", password) }
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
        attemptLimits = AttemptLimits(
            freeFailures: try environment.int("LOGIN_FREE_FAILURES", default: 3, range: 1...1000),
            maxDelay: .seconds(try environment.int("LOGIN_MAX_DELAY_SECONDS", default: 900, range: 1...86_400)),
            accountFreeFailures: try environment.int("LOGIN_ACCOUNT_FREE_FAILURES", default: 10, range: 1...100_000),
            accountMaxDelay: .seconds(try environment.int("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", default: 60, range: 1...3600)),
            failuresPerAddress: try environment.int("LOGIN_MAX_FAILURES_PER_IP", default: 20, range: 1...100_000),
            window: .seconds(try environment.int("LOGIN_FAILURE_WINDOW_SECONDS", default: 900, range: 1...86_400)),
            registrationsPerAddress: try environment.int("REGISTER_MAX_PER_IP", default: 10, range: 1...1_000_000),
            registrationWindow: .seconds(try environment.int("REGISTER_WINDOW_SECONDS", default: 3600, range: 1...86_400)))
        profileWrites = TokenBucket.Rate(
            perSecond: Double(try environment.int("HTTP_WRITE_RATE", default: 5, range: 1...1_000_000)),
            burst: Double(try environment.int("HTTP_WRITE_BURST", default: 20, range: 1...1_000_000)))
        for retired in ["TRUST_PROXY", "LOGIN_MAX_FAILURES_PER_ACCOUNT"] where environment.optionalString(retired) != nil {
            throw ConfigurationError(
                key: retired,
                problem: retired == "TRUST_PROXY"
                    ? "is replaced by TRUSTED_PROXIES (the proxies' addresses or CIDR ranges): trusting any sender's X-Forwarded-For let clients choose their address"
                    : "is replaced by LOGIN_FREE_FAILURES and LOGIN_ACCOUNT_FREE_FAILURES (waits that grow, never a lock)")
        }
        if case .hs256(let secret) = try TokenVerifierConfiguration(environment).keySource { sharedSecret = secret } else { sharedSecret = nil }
    }
}
