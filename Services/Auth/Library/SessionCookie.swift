import Foundation

/// The `access_token` cookie: HttpOnly, SameSite=Lax, `Path=/`, Secure when configured, living as
/// long as the token.
struct SessionCookie: Sendable {
    let secure: Bool
    let domain: String?

    func set(token: String, expiresAt: Date, now: Date = Date()) -> String {
        let maxAge = max(0, Int(expiresAt.timeIntervalSince(now)))
        return attributes("access_token=\(token)", maxAge: maxAge, expires: expiresAt)
    }

    func clear() -> String {
        attributes("access_token=", maxAge: 0, expires: Date(timeIntervalSince1970: 0))
    }

    private func attributes(_ pair: String, maxAge: Int, expires: Date) -> String {
        var parts = [pair, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=\(maxAge)", "Expires=\(Self.httpDate(expires))"]
        if let domain { parts.append("Domain=\(domain)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
