public import JWTKit

/// The claims of a user's access token, as the auth service signs them and every service reads them.
///
/// `sub` is the user id; `role` and the display-name fields let services show the sender without
/// reading the auth tables; `jti` identifies the token for revocation.
public struct MessagingClaims: JWTPayload, Sendable, Equatable {
    /// The user id.
    public var sub: SubjectClaim
    /// `CLIENT`, `SALON` or `ADMIN`.
    public var role: String
    /// First name.
    public var firstName: String?
    /// Last name.
    public var lastName: String?
    /// Salon name.
    public var salonName: String?
    /// Avatar URL.
    public var image: String?
    /// Email.
    public var email: String?
    /// Issued at.
    public var iat: IssuedAtClaim
    /// Expires at.
    public var exp: ExpirationClaim
    /// The token id (for revocation).
    public var jti: IDClaim
    /// The issuer.
    public var iss: IssuerClaim
    /// The audience.
    public var aud: AudienceClaim

    /// Creates claims.
    public init(
        sub: SubjectClaim, role: String, firstName: String? = nil, lastName: String? = nil, salonName: String? = nil,
        image: String? = nil, email: String? = nil, iat: IssuedAtClaim, exp: ExpirationClaim, jti: IDClaim,
        iss: IssuerClaim, aud: AudienceClaim
    ) {
        self.sub = sub
        self.role = role
        self.firstName = firstName
        self.lastName = lastName
        self.salonName = salonName
        self.image = image
        self.email = email
        self.iat = iat
        self.exp = exp
        self.jti = jti
        self.iss = iss
        self.aud = aud
    }

    /// jwt-kit calls this after the signature check. Expiry (with the configured clock-skew leeway),
    /// issuer, audience and revocation are checked by ``TokenVerifier``, which knows the configuration.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
