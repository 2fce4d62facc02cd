public import Foundation
public import MessagingProtocol

/// A token whose signature, expiry, issuer, audience and revocation were checked.
public struct VerifiedToken: Sendable, Hashable {
    /// The user, from the claims.
    public var user: UserSummary
    /// The token id (`jti`).
    public var tokenID: String
    /// When it expires.
    public var expiresAt: Date
    /// When it was issued.
    public var issuedAt: Date

    /// Creates it.
    public init(user: UserSummary, tokenID: String, expiresAt: Date, issuedAt: Date) {
        self.user = user
        self.tokenID = tokenID
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
    }
}
