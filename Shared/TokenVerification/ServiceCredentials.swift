import Crypto
import Foundation
public import ServiceKit

/// The credential the platform's own backend uses to post `SYSTEM` messages over HTTP:
/// `Authorization: Bearer <key>` with one of the keys in `SERVICE_API_KEYS` (comma-separated, each
/// at least 32 characters; several at once so a key can be rotated). Compared by SHA-256 digest in
/// constant time; the keys themselves are not kept.
public struct ServiceCredentials: Sendable {
    private let digests: [[UInt8]]

    /// No service credential configured: every key is refused.
    public static let none = ServiceCredentials(digests: [])

    private init(digests: [[UInt8]]) { self.digests = digests }

    /// Accepts these keys.
    public init(keys: [String]) {
        self.digests = keys.map { Array(SHA256.hash(data: Data($0.utf8))) }
    }

    /// Reads `SERVICE_API_KEYS`.
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        let keys = environment.list("SERVICE_API_KEYS", default: [])
        if let short = keys.first(where: { $0.count < 32 }) {
            throw ConfigurationError(key: "SERVICE_API_KEYS", problem: "a key of \(short.count) characters is too short (at least 32)")
        }
        for key in keys { try environment.refuseExampleSecret("SERVICE_API_KEYS", key) }
        self.init(keys: keys)
    }

    /// Whether any key is configured.
    public var isEnabled: Bool { !digests.isEmpty }

    /// Whether `key` is one of the configured keys.
    public func accepts(_ key: String) -> Bool {
        let digest = Array(SHA256.hash(data: Data(key.utf8)))
        var matched = false
        for candidate in digests {
            var difference: UInt8 = 0
            for index in 0..<candidate.count { difference |= candidate[index] ^ digest[index] }
            matched = matched || difference == 0
        }
        return matched
    }
}
