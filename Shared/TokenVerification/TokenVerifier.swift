public import AsyncHTTPClient
import Foundation
import JSONCoding
import JWTKit
public import Logging
public import MessagingProtocol
import ServiceKit

/// Verifies users' access tokens the same way in every service: the signature with keys from a
/// JWKS (EdDSA or ES256) or an HS256 secret, an algorithm from the allowed list only (never
/// `none`, never HS256 against a published key), expiry with leeway, issuer, audience, and — when a
/// ``RevocationChecker`` is given — revocation.
///
/// Every failure is ``MessagingError`` `.unauthorized`, except a revocation list that cannot be
/// read (`.unavailable`).
public final class TokenVerifier: Sendable {
    private enum Keys: Sendable {
        /// An HS256 secret: one key, no key ids.
        case secret(JWTKeyCollection)
        /// A JWKS given inline.
        case fixed(VerificationKeySet)
        /// A JWKS fetched from a URL.
        case fetched(JWKSCache)
    }

    /// The configuration.
    public let configuration: TokenVerifierConfiguration
    private let keys: Keys
    private let allowedAlgorithms: Set<String>
    private let revocations: (any RevocationChecker)?
    private let logger: Logger

    /// Creates a verifier. Keys from a URL are fetched on first use with `httpClient`.
    public init(
        configuration: TokenVerifierConfiguration,
        revocations: (any RevocationChecker)?,
        httpClient: HTTPClient = .shared,
        logger: Logger
    ) async throws {
        self.configuration = configuration
        self.revocations = revocations
        self.logger = logger
        switch configuration.keySource {
        case .hs256(let secret):
            keys = .secret(await JWTKeyCollection(defaultJWTParser: ClaimsJSONDecoder.parser).add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256))
            allowedAlgorithms = ["HS256"]
        case .jwksJSON(let json):
            keys = .fixed(try await VerificationKeySet(jwksJSON: json))
            allowedAlgorithms = ["EdDSA", "ES256"]
        case .jwksURL(let url):
            keys = .fetched(
                JWKSCache(
                    url: url, httpClient: httpClient, refreshInterval: configuration.refreshInterval,
                    minimumRefetchInterval: configuration.minimumRefetchInterval))
            allowedAlgorithms = ["EdDSA", "ES256"]
        }
    }

    /// Subjects no token may carry: the SYSTEM sender's id.
    public static let reservedSubjects: Set<String> = ["system"]

    /// Verifies a raw JWT (no `Bearer `) and returns who it belongs to.
    public func verify(_ token: String) async throws(MessagingError) -> VerifiedToken {
        // Three parts: two dots, counted as bytes (a split by `Character` showed in connect profiles).
        guard token.utf8.count <= 8192, token.utf8.lazy.filter({ $0 == UInt8(ascii: ".") }).count == 2 else {
            throw MessagingError(.unauthorized, "malformed token")
        }
        guard let header = Self.header(of: token), let algorithm = header.alg, allowedAlgorithms.contains(algorithm) else {
            throw MessagingError(.unauthorized, "token algorithm not accepted")
        }
        let claims: MessagingClaims
        do {
            claims = try await verifySignature(token, kid: header.kid)
        } catch let error as MessagingError {
            throw error
        } catch {
            logger.debug("token refused", metadata: ["reason": "\(error)"])
            throw MessagingError(.unauthorized, "invalid token")
        }
        let now = Date()
        let leeway = Double(configuration.leeway.components.seconds)
        guard claims.exp.value.timeIntervalSince(now) > -leeway else { throw MessagingError(.unauthorized, "token expired") }
        guard claims.iat.value.timeIntervalSince(now) < leeway else { throw MessagingError(.unauthorized, "token issued in the future") }
        guard claims.iss.value == configuration.issuer else { throw MessagingError(.unauthorized, "token issuer not accepted") }
        guard claims.aud.value.contains(configuration.audience) else { throw MessagingError(.unauthorized, "token audience not accepted") }
        guard let role = UserRole(rawValue: claims.role), !claims.sub.value.isEmpty, !claims.jti.value.isEmpty else {
            throw MessagingError(.unauthorized, "token claims incomplete")
        }
        // `system` is the sender of SYSTEM messages (a service key's actor): no user token may claim it.
        guard !Self.reservedSubjects.contains(claims.sub.value.lowercased()) else {
            throw MessagingError(.unauthorized, "token subject is reserved")
        }
        if let revocations, try await revocations.isRevoked(tokenID: claims.jti.value, userID: claims.sub.value, issuedAt: claims.iat.value) {
            throw MessagingError(.unauthorized, "token revoked")
        }
        let user = UserSummary(
            id: claims.sub.value, firstName: claims.firstName, lastName: claims.lastName, salonName: claims.salonName,
            image: claims.image, role: role, email: claims.email)
        return VerifiedToken(user: user, tokenID: claims.jti.value, expiresAt: claims.exp.value, issuedAt: claims.iat.value)
    }

    private func verifySignature(_ token: String, kid: String?) async throws -> MessagingClaims {
        switch keys {
        case .secret(let collection):
            return try await collection.verify(token, as: MessagingClaims.self)
        case .fixed(let keySet):
            return try await Self.verify(token, kid: kid, with: keySet)
        case .fetched(let cache):
            var keySet: VerificationKeySet
            do {
                keySet = try await cache.current()
            } catch {
                logger.warning("verification keys unavailable", metadata: ["error": "\(error)"])
                throw MessagingError(.unavailable, "cannot verify tokens right now")
            }
            if let kid, !keySet.kids.contains(kid), let refreshed = try? await cache.refetchForUnknownKey() {
                // Maybe the issuer rotated keys: fetch again (rate-limited).
                keySet = refreshed
            }
            return try await Self.verify(token, kid: kid, with: keySet)
        }
    }

    /// Verifies with the key the token names; a named key that is not published is refused
    /// (jwt-kit would otherwise try its default key).
    private static func verify(_ token: String, kid: String?, with keySet: VerificationKeySet) async throws -> MessagingClaims {
        if let kid, !keySet.kids.contains(kid) {
            throw MessagingError(.unauthorized, "invalid token")
        }
        return try await keySet.collection.verify(token, as: MessagingClaims.self)
    }

    /// The `alg` and `kid` of the token's header, read without trusting anything else in it.
    static func header(of token: String) -> (alg: String?, kid: String?)? {
        guard let dot = token.utf8.firstIndex(of: UInt8(ascii: ".")), let data = Base64URL.decode(token[..<dot]) else { return nil }
        var alg: String?, kid: String?
        let read: Void? = try? JSONReader.read(String(decoding: data, as: UTF8.self)) { reader throws(JSONReader.Failure) in
            try reader.object { reader, key throws(JSONReader.Failure) in
                if key == "alg" {
                    alg = try reader.null() ? nil : try reader.string()
                } else if key == "kid" {
                    kid = try reader.null() ? nil : try reader.string()
                } else {
                    try reader.skip()
                }
            }
        }
        guard read != nil else { return nil }
        return (alg, kid)
    }
}
