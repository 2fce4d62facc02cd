import Foundation
public import HTTPTypes

/// Where a user's token is found in an HTTP request: `Authorization: Bearer …`, else the
/// `access_token` cookie (the order the socket handshake also uses after its auth payload).
public enum RequestCredentials {
    /// The name of the HttpOnly cookie the auth service sets.
    public static let cookieName = "access_token"

    /// The raw token from the Authorization header, else from the cookie.
    public static func token(in headers: HTTPFields) -> String? {
        bearerToken(in: headers) ?? cookie(named: cookieName, in: headers)
    }

    /// The token of an `Authorization: Bearer …` header.
    public static func bearerToken(in headers: HTTPFields) -> String? {
        guard let value = headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// A cookie's value from every `Cookie` header.
    public static func cookie(named name: String, in headers: HTTPFields) -> String? {
        for header in headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let trimmed = pair.trimmingCharacters(in: .whitespaces)
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                if trimmed[..<equals] == name {
                    let value = String(trimmed[trimmed.index(after: equals)...])
                    return value.isEmpty ? nil : value
                }
            }
        }
        return nil
    }
}
