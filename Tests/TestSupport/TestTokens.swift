public import Foundation
import JWTKit
public import MessagingProtocol
import ServiceKit
import TokenVerification

/// HS256 tokens for tests of services configured with `JWT_HS256_SECRET`.
public enum TestTokens {
    /// The secret the tests configure.
    public static let secret = "test-secret-that-is-at-least-32-bytes-long"

    /// A signed token for a user (with the tests' secret unless another is given: the benchmarks
    /// sign for the services they start).
    public static func hs256(
        _ user: UserSummary, expiresIn: TimeInterval = 900, jti: String = UUID().uuidString, secret: String = TestTokens.secret
    ) async throws -> String {
        let claims = MessagingClaims(
            sub: SubjectClaim(value: user.id), role: user.role.rawValue, firstName: user.firstName, lastName: user.lastName,
            salonName: user.salonName, image: user.image, email: user.email, iat: IssuedAtClaim(value: Date()),
            exp: ExpirationClaim(value: Date().addingTimeInterval(expiresIn)), jti: IDClaim(value: jti),
            iss: IssuerClaim(value: "inkstudio-auth"), aud: AudienceClaim(value: ["inkstudio-messaging"]))
        return try await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256).sign(claims)
    }
}
