/// The browser origins allowed to use a user's cookie (`CORS_ORIGINS`): exact `scheme://host[:port]`
/// values, or `*` for any (development only). A request without an `Origin` header is not a
/// browser's cross-site request (browsers send it on every cross-origin request and WebSocket
/// upgrade), so it is allowed; one from an origin not listed is not.
public struct OriginPolicy: Sendable, Hashable {
    /// The allowed origins, lowercased.
    public let origins: Set<String>
    /// Whether `*` was listed.
    public let allowsAny: Bool

    /// Checks and keeps the list; throws the first entry that is not an origin.
    public init(origins: [String]) throws(OriginPolicyError) {
        var allowed = Set<String>()
        var any = false
        for entry in origins {
            if entry == "*" {
                any = true
                continue
            }
            guard Self.isOrigin(entry) else { throw OriginPolicyError(entry: entry) }
            allowed.insert(entry.lowercased())
        }
        self.origins = allowed
        self.allowsAny = any
    }

    /// Any origin (`*`).
    public static let any = OriginPolicy(origins: [], allowsAny: true)

    private init(origins: Set<String>, allowsAny: Bool) {
        self.origins = origins
        self.allowsAny = allowsAny
    }

    /// Whether a request with this `Origin` header (or none) may act with the user's cookie.
    public func allows(_ origin: String?) -> Bool {
        guard let origin else { return true }
        return allowsAny || origins.contains(origin.lowercased())
    }

    /// Whether the request's origin is listed (a missing one is not): for answers that reflect it.
    public func lists(_ origin: String) -> Bool {
        allowsAny || origins.contains(origin.lowercased())
    }

    /// The list as configured (`*` last when listed), for the CORS answers and logs.
    public var entries: [String] { origins.sorted() + (allowsAny ? ["*"] : []) }

    /// `http(s)://host[:port]`, nothing after.
    static func isOrigin(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") {
            rest = lowered.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            rest = lowered.dropFirst(7)
        } else {
            return false
        }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else { return false }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard let host = parts.first, !host.isEmpty, parts.count <= 2 else { return false }
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65535).contains(port) else { return false }
        }
        return host.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
    }
}

/// A `CORS_ORIGINS` entry that is not an origin.
public struct OriginPolicyError: Error, Sendable {
    /// The entry.
    public var entry: String
}
