import Foundation
import JWTKit
import MessagingProtocol
import ServiceKit
import TokenVerification

/// Signs users' access tokens with the active key.
struct TokenIssuer: Sendable {
    let keys: SigningKeys
    let issuer: String
    let audience: String
    let lifetime: Duration

    /// Signs a token for the user; times are whole seconds (JWT NumericDate), so the cookie's
    /// `Max-Age` is exactly the lifetime.
    func issue(for user: UserSummary, now: Date = Date()) async throws -> (token: String, issuedAt: Date, expiresAt: Date) {
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let expiresAt = now.addingTimeInterval(Double(lifetime.components.seconds))
        let claims = MessagingClaims(
            sub: SubjectClaim(value: user.id), role: user.role.rawValue, firstName: user.firstName, lastName: user.lastName,
            salonName: user.salonName, image: user.image, email: user.email,
            iat: IssuedAtClaim(value: now), exp: ExpirationClaim(value: expiresAt), jti: IDClaim(value: UUID().uuidString),
            iss: IssuerClaim(value: issuer), aud: AudienceClaim(value: [audience]))
        let token = try await keys.signer.sign(claims, kid: keys.activeKid.map { JWKIdentifier(string: $0) })
        return (token, now, expiresAt)
    }
}
