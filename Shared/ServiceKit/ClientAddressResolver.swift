import Foundation
public import HTTPTypes

/// The client's address of a request: the peer's, unless the peer is a trusted proxy
/// (`TRUSTED_PROXIES`), in which case `X-Forwarded-For` is read from the right, past every trusted
/// proxy, to the first address a trusted proxy saw (what a client writes there itself is never
/// believed). `X-Real-IP` counts only when the peer is trusted and there is no `X-Forwarded-For`.
public struct ClientAddressResolver: Sendable, Hashable {
    /// The proxies whose forwarding headers are believed.
    public let trusted: [AddressRange]

    /// Believes forwarding headers only from these ranges (none by default).
    public init(trusted: [AddressRange] = []) { self.trusted = trusted }

    /// Reads `TRUSTED_PROXIES` (comma-separated addresses or CIDR ranges).
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        var ranges = [AddressRange]()
        for entry in environment.list("TRUSTED_PROXIES", default: []) {
            guard let range = AddressRange(entry) else {
                throw ConfigurationError(key: "TRUSTED_PROXIES", problem: "\"\(entry)\" is not an IP address or CIDR range")
            }
            ranges.append(range)
        }
        self.init(trusted: ranges)
    }

    /// Whether an address is a trusted proxy.
    public func isTrusted(_ address: String) -> Bool { trusted.contains { $0.contains(address) } }

    /// The client's address, given the peer's and the request's headers.
    public func clientAddress(peer: String?, headers: HTTPFields) -> String {
        guard let peer else { return "unknown" }
        guard isTrusted(peer) else { return peer }
        let forwarded = headers[values: .xForwardedFor].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if !forwarded.isEmpty {
            for hop in forwarded.reversed() where !isTrusted(hop) {
                return AddressRange.bytes(of: hop) == nil ? peer : hop
            }
            return forwarded.first.flatMap { AddressRange.bytes(of: $0) == nil ? nil : $0 } ?? peer
        }
        if let real = headers[.xRealIP]?.trimmingCharacters(in: .whitespaces), AddressRange.bytes(of: real) != nil { return real }
        return peer
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    public static var xForwardedFor: Self { Self("X-Forwarded-For")! }
    /// `X-Real-IP`.
    public static var xRealIP: Self { Self("X-Real-IP")! }
}
