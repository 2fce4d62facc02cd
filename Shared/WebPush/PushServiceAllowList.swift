public import Foundation
public import ServiceKit

/// The push services a subscription may point at (`PUSH_SERVICE_ORIGINS`): the fan-out POSTs to a
/// subscription's endpoint, so an endpoint a user could choose freely would make it send requests
/// into the platform's own network. Origins are `scheme://host[:port]`; a host `*.example.com`
/// matches its subdomains, a port `*` any port; without a port, the scheme's default.
public struct PushServiceAllowList: Sendable, Hashable {
    /// One allowed origin.
    struct Origin: Sendable, Hashable {
        var scheme: String
        /// The host, or the suffix (with its leading dot) of a `*.` pattern.
        var host: String
        var isSuffix: Bool
        /// `nil`: any port.
        var port: Int?

        func matches(scheme: String, host: String, port: Int) -> Bool {
            guard scheme == self.scheme, self.port == nil || self.port == port else { return false }
            return isSuffix ? host.hasSuffix(self.host) && host.count > self.host.count : host == self.host
        }
    }

    /// The browsers' push services (Chrome, Firefox, Edge, Safari).
    public static let browserPushServices = [
        "https://fcm.googleapis.com", "https://updates.push.services.mozilla.com", "https://*.push.services.mozilla.com",
        "https://*.notify.windows.com", "https://web.push.apple.com", "https://*.push.apple.com",
    ]

    let origins: [Origin]

    /// The list from its origins; a pattern that is not `scheme://host[:port]` is an error.
    public init(_ patterns: [String], key: String = "PUSH_SERVICE_ORIGINS") throws(ConfigurationError) {
        var origins = [Origin]()
        for pattern in patterns {
            guard let origin = Self.origin(pattern.lowercased()) else {
                throw ConfigurationError(key: key, problem: "\"\(pattern)\" is not an origin like https://push.example.com[:port] (host may start with *., port may be *)")
            }
            origins.append(origin)
        }
        self.origins = origins
    }

    /// Reads `PUSH_SERVICE_ORIGINS` (comma-separated; default: the browsers' push services).
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        try self.init(environment.list("PUSH_SERVICE_ORIGINS", default: Self.browserPushServices))
    }

    /// Whether a push to `url` is allowed.
    public func allows(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", let host = url.host?.lowercased(), url.user == nil
        else { return false }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return origins.contains { $0.matches(scheme: scheme, host: host, port: port) }
    }

    private static func origin(_ pattern: String) -> Origin? {
        let parts = pattern.components(separatedBy: "://")
        guard parts.count == 2, parts[0] == "https" || parts[0] == "http" else { return nil }
        var rest = parts[1]
        if rest.hasSuffix("/") { rest.removeLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@") else { return nil }
        var host = rest
        var port: Int? = parts[0] == "https" ? 443 : 80
        if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            let text = rest[rest.index(after: colon)...]
            if text == "*" {
                port = nil
            } else if let number = Int(text), (1...65535).contains(number) {
                port = number
            } else {
                return nil
            }
        }
        let isSuffix = host.hasPrefix("*.")
        if isSuffix { host.removeFirst() }
        guard !host.isEmpty, !host.contains("*") else { return nil }
        return Origin(scheme: parts[0], host: host, isSuffix: isSuffix, port: port)
    }
}
