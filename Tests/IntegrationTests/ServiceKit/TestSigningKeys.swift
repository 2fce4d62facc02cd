import Crypto
import Foundation
import JWTKit
import ServiceKit
import TokenVerification

/// Signing keys made for a test, with the JWKS that publishes their public halves.
struct TestSigningKeys {
    let signers = JWTKeyCollection()
    private(set) var jwks: [String] = []

    mutating func addEd25519(kid: String) async throws {
        let key = Curve25519.Signing.PrivateKey()
        await signers.add(eddsa: EdDSA.PrivateKey(backing: key), kid: JWKIdentifier(string: kid))
        jwks.append(#"{"kty":"OKP","crv":"Ed25519","x":"\#(Self.base64URL(key.publicKey.rawRepresentation))","kid":"\#(kid)","alg":"EdDSA","use":"sig"}"#)
    }

    mutating func addES256(kid: String) async throws {
        let key = P256.Signing.PrivateKey()
        await signers.add(ecdsa: try ES256PrivateKey(backing: key), kid: JWKIdentifier(string: kid))
        let point = key.publicKey.x963Representation.dropFirst()
        let x = Self.base64URL(point.prefix(32)), y = Self.base64URL(point.suffix(32))
        jwks.append(#"{"kty":"EC","crv":"P-256","x":"\#(x)","y":"\#(y)","kid":"\#(kid)","alg":"ES256","use":"sig"}"#)
    }

    /// The JWKS document.
    var document: String { #"{"keys":[\#(jwks.joined(separator: ","))]}"# }

    func sign(_ claims: MessagingClaims, kid: String) async throws -> String {
        try await signers.sign(claims, kid: JWKIdentifier(string: kid))
    }

    static func claims(
        user: String = "u1", role: String = "CLIENT", issuer: String = "inkstudio-auth", audience: String = "inkstudio-messaging",
        expiresIn: TimeInterval = 900, jti: String = UUID().uuidString
    ) -> MessagingClaims {
        MessagingClaims(
            sub: SubjectClaim(value: user), role: role, firstName: "Alice", lastName: "Martin", email: "alice@example.com",
            iat: IssuedAtClaim(value: Date().addingTimeInterval(min(0, expiresIn))), exp: ExpirationClaim(value: Date().addingTimeInterval(expiresIn)),
            jti: IDClaim(value: jti), iss: IssuerClaim(value: issuer), aud: AudienceClaim(value: [audience]))
    }

    static func base64URL(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A token with any header and payload, signed by HMAC-SHA256 with `secret` (for forgeries).
    static func hs256Token(header: String, payload: String, secret: some DataProtocol) -> String {
        let signingInput = base64URL(Data(header.utf8)) + "." + base64URL(Data(payload.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: SymmetricKey(data: Data(secret)))
        return signingInput + "." + base64URL(Data(mac))
    }
}
