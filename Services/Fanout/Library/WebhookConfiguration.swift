public import Foundation
public import ServiceKit

/// Where and how offline notifications are delivered (see ``FanoutConfiguration``).
public struct WebhookConfiguration: Sendable, Hashable {
    /// The platform's endpoint.
    public var url: URL
    /// The HMAC key.
    public var secret: [UInt8]
    /// One attempt's deadline.
    public var timeout: Duration
    /// Capped exponential back-off between attempts.
    public var retry: RetryPolicy

    /// Creates a configuration.
    public init(url: URL, secret: [UInt8], timeout: Duration, retry: RetryPolicy) {
        self.url = url
        self.secret = secret
        self.timeout = timeout
        self.retry = retry
    }

    /// Reads the environment; `nil` without `WEBHOOK_URL`.
    public init?(_ environment: EnvironmentReader) throws(ConfigurationError) {
        guard let url = try environment.httpURL("WEBHOOK_URL", default: nil) else { return nil }
        guard let secret = environment.optionalString("WEBHOOK_SECRET") else {
            throw ConfigurationError(key: "WEBHOOK_SECRET", problem: "required with WEBHOOK_URL (the receiver checks the signature with it)")
        }
        guard secret.utf8.count >= 32 else {
            throw ConfigurationError(key: "WEBHOOK_SECRET", problem: "at least 32 bytes are needed, \(secret.utf8.count) given")
        }
        try environment.refuseExampleSecret("WEBHOOK_SECRET", secret)
        let initial = try environment.milliseconds("WEBHOOK_RETRY_INITIAL_MS", default: .seconds(1), range: 1...3_600_000)
        let maximum = try environment.milliseconds("WEBHOOK_RETRY_MAX_MS", default: .seconds(60), range: 1...86_400_000)
        guard maximum >= initial else {
            throw ConfigurationError(key: "WEBHOOK_RETRY_MAX_MS", problem: "must not be below WEBHOOK_RETRY_INITIAL_MS")
        }
        self.init(
            url: url, secret: Array(secret.utf8),
            timeout: try environment.milliseconds("WEBHOOK_TIMEOUT_MS", default: .seconds(5), range: 1...600_000),
            retry: RetryPolicy(
                maxAttempts: try environment.int("WEBHOOK_MAX_ATTEMPTS", default: 6, range: 1...100), initialDelay: initial, maximumDelay: maximum))
    }
}
