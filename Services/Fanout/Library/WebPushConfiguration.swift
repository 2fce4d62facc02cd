public import Crypto
public import ServiceKit
public import WebPush

/// Web Push to offline users' browsers (see ``FanoutConfiguration``); `nil` without `VAPID_PRIVATE_KEY`.
public struct WebPushConfiguration: Sendable {
    /// How urgent a push is to the push service (RFC 8030 §5.3).
    public enum Urgency: String, Sendable, CaseIterable {
        case veryLow = "very-low", low, normal, high
    }

    /// The server's VAPID key (ES256).
    public var key: P256.Signing.PrivateKey
    /// `mailto:` or `https:` contact given to the push services.
    public var subject: String
    /// How long a push service keeps a push for a browser that is away (`TTL`, seconds).
    public var timeToLive: Int
    /// The `Urgency` header.
    public var urgency: Urgency
    /// One attempt's deadline.
    public var timeout: Duration
    /// Attempts per subscription (a 429, a 5xx or no answer is tried again).
    public var retry: RetryPolicy
    /// Endpoints pushed to (others are never contacted).
    public var services: PushServiceAllowList

    /// Creates the settings.
    public init(
        key: P256.Signing.PrivateKey, subject: String, timeToLive: Int = 86_400, urgency: Urgency = .high, timeout: Duration = .seconds(5),
        retry: RetryPolicy = RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(500), maximumDelay: .seconds(5)),
        services: PushServiceAllowList
    ) {
        self.key = key
        self.subject = subject
        self.timeToLive = timeToLive
        self.urgency = urgency
        self.timeout = timeout
        self.retry = retry
        self.services = services
    }

    /// Reads the environment; `nil` without `VAPID_PRIVATE_KEY`.
    public init?(_ environment: EnvironmentReader) throws(ConfigurationError) {
        guard let text = environment.optionalString("VAPID_PRIVATE_KEY") else { return nil }
        guard let raw = Base64URL.decode(text), raw.count == 32, let key = try? P256.Signing.PrivateKey(rawRepresentation: raw) else {
            throw ConfigurationError(key: "VAPID_PRIVATE_KEY", problem: "must be base64url of a 32-byte P-256 private key (as web-push generate-vapid-keys prints)")
        }
        try environment.refuseExampleSecret("VAPID_PRIVATE_KEY", text)
        guard let subject = environment.optionalString("VAPID_SUBJECT"), subject.hasPrefix("mailto:") || subject.hasPrefix("https:") else {
            throw ConfigurationError(key: "VAPID_SUBJECT", problem: "required with VAPID_PRIVATE_KEY: a mailto: or https: contact for the push services")
        }
        self.init(
            key: key, subject: subject,
            timeToLive: try environment.int("PUSH_TTL_SECONDS", default: 86_400, range: 0...2_419_200),
            urgency: try environment.choice("PUSH_URGENCY", default: Urgency.high),
            timeout: try environment.milliseconds("PUSH_TIMEOUT_MS", default: .seconds(5), range: 1...60_000),
            retry: RetryPolicy(maxAttempts: try environment.int("PUSH_MAX_ATTEMPTS", default: 3, range: 1...10), initialDelay: .milliseconds(500), maximumDelay: .seconds(5)),
            services: try PushServiceAllowList(environment))
    }

    /// The longest one claimed notification may spend on its pushes.
    var worstCase: Duration {
        var total = timeout * retry.maxAttempts
        for failed in 1..<max(1, retry.maxAttempts) { total += max(retry.delay(afterFailedAttempts: failed) ?? .zero, WebPushSender.maximumRetryAfter) }
        return total
    }
}
