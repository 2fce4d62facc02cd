import Foundation
public import MessagingDatabase
public import ServiceKit
public import TokenVerification
public import WebPush

/// The message store's settings (besides ``CommonConfiguration``; default port 8082).
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `DATABASE_URL` | `sqlite://.data/store.sqlite` | `postgres://…` or `sqlite:///path` |
/// | `SERVICE_API_KEYS` | — | keys of the platform backend that may post `SYSTEM` messages |
/// | `COMMAND_BATCH_SIZE` | `256` | commands read and committed together (1 … 2000) |
/// | `CLAIM_IDLE_MS` | `30000` | commands another store instance left pending this long are taken over |
/// | `EVENTS_STREAM_MAX_LENGTH` | `1000000` | the `events` stream is trimmed to about this many entries |
/// | `EDIT_WINDOW_MS` | `900000` | how long after sending a message its sender may edit it (deleting has no limit) |
/// | `HTTP_WRITE_RATE` / `HTTP_WRITE_BURST` | `5` / `20` | HTTP writes (new conversations, posted messages) per second per user on this instance; past them `RATE_LIMITED` |
/// | `VAPID_PUBLIC_KEY` | — | the Web Push `applicationServerKey` (base64url; the public half of the fan-out's `VAPID_PRIVATE_KEY`); unset: Web Push off |
/// | `PUSH_SERVICE_ORIGINS` | the browsers' push services | origins a push subscription's endpoint may name (`https://*.push.apple.com`, `http://127.0.0.1:*`) |
/// | `ATTACHMENT_*`, `S3_*` | | uploaded files: see ``AttachmentConfiguration`` |
/// | plus the token verification variables of ``TokenVerifierConfiguration`` |
public struct StoreConfiguration: Sendable {
    /// Common settings.
    public var common: CommonConfiguration
    /// The database.
    public var database: DatabaseURL
    /// Token verification.
    public var verifier: TokenVerifierConfiguration
    /// The platform backend's keys.
    public var serviceCredentials: ServiceCredentials
    /// Commands per batch.
    public var batchSize: Int
    /// Idle time before another consumer's pending commands are claimed.
    public var claimIdle: Duration
    /// Approximate cap of the events stream.
    public var eventsMaxLength: Int
    /// HTTP writes per user.
    public var httpWrites: TokenBucket.Rate
    /// How long a message stays editable.
    public var editWindow: Duration
    /// Web Push subscriptions.
    public var push: PushSubscriptionConfiguration
    /// Uploaded files.
    public var attachments: AttachmentConfiguration

    /// Reads the environment.
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        common = try CommonConfiguration(environment, service: "store", defaultPort: 8082)
        do {
            database = try DatabaseURL(environment.string("DATABASE_URL", default: "sqlite://.data/store.sqlite"))
        } catch {
            throw ConfigurationError(key: "DATABASE_URL", problem: error.description)
        }
        if case .postgres(_, _, _, let password, _) = database { try environment.refuseExampleSecret("DATABASE_URL", password) }
        verifier = try TokenVerifierConfiguration(environment)
        serviceCredentials = try ServiceCredentials(environment)
        batchSize = try environment.int("COMMAND_BATCH_SIZE", default: 256, range: 1...2000)
        claimIdle = try environment.milliseconds("CLAIM_IDLE_MS", default: .seconds(30), range: 100...3_600_000)
        eventsMaxLength = try environment.int("EVENTS_STREAM_MAX_LENGTH", default: 1_000_000, range: 1000...100_000_000)
        editWindow = try environment.milliseconds("EDIT_WINDOW_MS", default: .seconds(15 * 60), range: 1000...31_536_000_000)
        httpWrites = TokenBucket.Rate(
            perSecond: Double(try environment.int("HTTP_WRITE_RATE", default: 5, range: 1...1_000_000)),
            burst: Double(try environment.int("HTTP_WRITE_BURST", default: 20, range: 1...1_000_000)))
        push = try PushSubscriptionConfiguration(environment)
        attachments = try AttachmentConfiguration(environment)
    }
}
