public import Foundation
public import ServiceKit

/// How services verify users' tokens.
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `JWT_JWKS_URL` | `http://127.0.0.1:8081/.well-known/jwks.json` | the auth service's (or another issuer's) JWKS; EdDSA and ES256 keys |
/// | `JWT_HS256_SECRET` | — | instead of a JWKS: a shared secret (at least 32 bytes) for platforms that issue HS256 tokens |
/// | `JWT_ISSUER` | `inkstudio-auth` | the required `iss` |
/// | `JWT_AUDIENCE` | `inkstudio-messaging` | the required `aud` |
/// | `JWT_LEEWAY_MS` | `30000` | clock skew allowed on `exp` |
/// | `JWKS_REFRESH_MS` | `600000` | how long fetched keys are kept before they are fetched again |
public struct TokenVerifierConfiguration: Sendable, Hashable {
    /// Where the verification keys come from.
    public enum KeySource: Sendable, Hashable {
        /// A JWKS fetched over HTTP(S), cached, fetched again on an unknown `kid`.
        case jwksURL(URL)
        /// A JWKS document given inline.
        case jwksJSON(String)
        /// A shared HS256 secret.
        case hs256(secret: String)
    }

    /// Where the keys come from.
    public var keySource: KeySource
    /// The required issuer.
    public var issuer: String
    /// The required audience.
    public var audience: String
    /// Clock skew allowed on `exp`.
    public var leeway: Duration
    /// How long fetched keys are kept.
    public var refreshInterval: Duration
    /// The shortest time between two fetches caused by unknown `kid`s (protects the issuer).
    public var minimumRefetchInterval: Duration

    /// Creates a configuration.
    public init(
        keySource: KeySource, issuer: String = "inkstudio-auth", audience: String = "inkstudio-messaging",
        leeway: Duration = .seconds(30), refreshInterval: Duration = .seconds(600), minimumRefetchInterval: Duration = .seconds(5)
    ) {
        self.keySource = keySource
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.refreshInterval = refreshInterval
        self.minimumRefetchInterval = minimumRefetchInterval
    }

    /// Reads the variables in the table above.
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        if let secret = environment.optionalString("JWT_HS256_SECRET") {
            guard secret.utf8.count >= 32 else {
                throw ConfigurationError(key: "JWT_HS256_SECRET", problem: "must be at least 32 bytes long")
            }
            try environment.refuseExampleSecret("JWT_HS256_SECRET", secret)
            if environment.optionalString("JWT_JWKS_URL") != nil {
                throw ConfigurationError(key: "JWT_HS256_SECRET", problem: "set either JWT_HS256_SECRET or JWT_JWKS_URL, not both")
            }
            keySource = .hs256(secret: secret)
        } else {
            let url = try environment.httpURL("JWT_JWKS_URL", default: "http://127.0.0.1:8081/.well-known/jwks.json")!
            keySource = .jwksURL(url)
        }
        issuer = environment.string("JWT_ISSUER", default: "inkstudio-auth")
        audience = environment.string("JWT_AUDIENCE", default: "inkstudio-messaging")
        leeway = try environment.milliseconds("JWT_LEEWAY_MS", default: .seconds(30), range: 0...600_000)
        refreshInterval = try environment.milliseconds("JWKS_REFRESH_MS", default: .seconds(600), range: 1000...86_400_000)
        minimumRefetchInterval = .seconds(5)
    }
}
