import Foundation
public import ServiceKit

/// The notification fan-out's settings (besides ``CommonConfiguration``; default port 8083).
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `EVENT_BATCH_SIZE` | `256` | domain events read at once (1 … 2000) |
/// | `COALESCE_WINDOW_MS` | `50` | after a read, wait this long for the rest of a burst (fewer, larger batches) |
/// | `CLAIM_IDLE_MS` | `30000` | events another fan-out instance left pending this long are taken over |
/// | `WEBHOOK_URL` | — | the platform's endpoint for offline notifications; unset turns them off |
/// | `WEBHOOK_SECRET` | — | HMAC-SHA256 key of the `X-InkStudio-Signature` header (≥ 32 bytes; required with a URL) |
/// | `WEBHOOK_TIMEOUT_MS` | `5000` | one delivery attempt's deadline |
/// | `WEBHOOK_MAX_ATTEMPTS` | `6` | attempts before a notification goes to the dead-letter stream |
/// | `WEBHOOK_RETRY_INITIAL_MS` | `1000` | back-off after the first failure, doubled each time |
/// | `WEBHOOK_RETRY_MAX_MS` | `60000` | back-off cap |
/// | `VAPID_PRIVATE_KEY` | — | Web Push key (base64url, 32 bytes); unset turns Web Push off |
/// | `VAPID_SUBJECT` | — | `mailto:` or `https:` contact for the push services (required with a key) |
/// | `PUSH_TTL_SECONDS` | `86400` | how long a push service keeps a push for a browser that is away |
/// | `PUSH_URGENCY` | `high` | `very-low`, `low`, `normal` or `high` |
/// | `PUSH_TIMEOUT_MS` / `PUSH_MAX_ATTEMPTS` | `5000` / `3` | one push's deadline; attempts per browser |
/// | `PUSH_SERVICE_ORIGINS` | the browsers' push services | the only endpoints ever contacted |
/// | `NOTIFICATION_WINDOW_MS` | `10000` | messages to one offline user within this window make one notification (webhook and push) |
public struct FanoutConfiguration: Sendable {
    /// Common settings.
    public var common: CommonConfiguration
    /// Events per read.
    public var batchSize: Int
    /// Wait for the rest of a burst.
    public var coalesceWindow: Duration

    /// What the fan-out reads is for offline users' notifications only (live unread counts come
    /// from the store), which wait `NOTIFICATION_WINDOW_MS` (10 s) anyway: a read waits 50 ms for
    /// the rest of a burst, so each batch's presence lookup and `XACK` serve ten times more events
    /// than with 5 ms (half the fan-out's CPU at 2 000 and 5 000 deliveries/s, measured).
    public static let defaultCoalesceWindow = Duration.milliseconds(50)
    /// Idle time before another consumer's pending events are claimed.
    public var claimIdle: Duration
    /// Offline notifications to the platform, when a webhook is configured.
    public var webhook: WebhookConfiguration?
    /// Offline notifications to browsers, when VAPID keys are configured.
    public var webPush: WebPushConfiguration?
    /// Messages to one offline user within it make one notification.
    public var notificationWindow: Duration

    /// Reads the environment.
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        common = try CommonConfiguration(environment, service: "fanout", defaultPort: 8083)
        batchSize = try environment.int("EVENT_BATCH_SIZE", default: 256, range: 1...2000)
        coalesceWindow = try environment.milliseconds("COALESCE_WINDOW_MS", default: Self.defaultCoalesceWindow, range: 0...1000)
        claimIdle = try environment.milliseconds("CLAIM_IDLE_MS", default: .seconds(30), range: 100...3_600_000)
        webhook = try WebhookConfiguration(environment)
        webPush = try WebPushConfiguration(environment)
        notificationWindow = try environment.milliseconds("NOTIFICATION_WINDOW_MS", default: .seconds(10), range: 0...86_400_000)
    }
}
