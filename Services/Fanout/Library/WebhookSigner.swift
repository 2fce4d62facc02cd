import Crypto
public import Foundation

/// Signs a webhook body so the platform can trust it: `X-InkStudio-Signature: t=<unix seconds>,v1=<hex>`,
/// where `v1` is HMAC-SHA256 over `"<t>.<body>"` with the shared secret (the timestamp lets the
/// receiver refuse replays).
public struct WebhookSigner: Sendable {
    /// The header's name.
    public static let headerName = "X-InkStudio-Signature"

    let key: SymmetricKey

    /// Creates a signer.
    public init(secret: [UInt8]) {
        self.key = SymmetricKey(data: secret)
    }

    /// The header value for `body` sent at `date`.
    public func signature(body: [UInt8], at date: Date) -> String {
        let timestamp = Int(date.timeIntervalSince1970)
        return "t=\(timestamp),v1=\(mac(body: body, timestamp: timestamp))"
    }

    /// How far a signature's timestamp may be from the receiver's clock (5 minutes): an older one is
    /// a replay, whatever its MAC.
    public static let defaultTolerance: TimeInterval = 300

    /// Whether `header` is a valid signature of `body`, made within `tolerance` of `now` (for
    /// receivers and tests): a captured request replayed later is refused.
    public func verify(header: String, body: [UInt8], now: Date = Date(), tolerance: TimeInterval = WebhookSigner.defaultTolerance) -> Bool {
        var timestamp: Int?
        var provided: String?
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { provided = pair[1] }
        }
        guard let timestamp, let provided, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = mac(body: body, timestamp: timestamp)
        return expected.utf8.count == provided.utf8.count && zip(expected.utf8, provided.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func mac(body: [UInt8], timestamp: Int) -> String {
        var message = Array("\(timestamp).".utf8)
        message += body
        let code = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
