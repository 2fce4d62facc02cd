import Crypto
import CryptoExtras
import Foundation
import JSONCoding
import JWTKit
import ServiceKit

/// The active Ed25519 signing key and every key published in the JWKS (the active one first).
///
/// A key id (`kid`) is the first 16 characters of the base64url SHA-256 of the raw public key, so
/// the same key always has the same id on every instance.
struct SigningKeys: Sendable {
    struct PublishedKey: Sendable {
        let kid: String
        let publicKey: Curve25519.Signing.PublicKey
    }

    /// The active key's id; `nil` when tokens are signed with a shared HS256 secret (no key ids).
    let activeKid: String?
    let signer: JWTKeyCollection
    let published: [PublishedKey]

    /// Signing with the platform's shared HS256 secret (`JWT_HS256_SECRET`), which the other
    /// services then verify with: nothing is published in the JWKS.
    static func sharedSecret(_ secret: String) async -> SigningKeys {
        SigningKeys(activeKid: nil, signer: await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256), published: [])
    }

    /// The JWKS document.
    var jwksJSON: String {
        var json = JSONWriter(capacity: 160 * published.count + 16)
        json.object { document in
            document.key("keys")
            document.array { keys in
                for key in published {
                    keys.object { jwk in
                        jwk.key("kty"); jwk.value("OKP")
                        jwk.key("crv"); jwk.value("Ed25519")
                        jwk.key("use"); jwk.value("sig")
                        jwk.key("alg"); jwk.value("EdDSA")
                        jwk.key("kid"); jwk.value(key.kid)
                        jwk.key("x"); jwk.value(Base64URL.encode(key.publicKey.rawRepresentation))
                    }
                }
            }
        }
        return json.string
    }

    static func load(_ source: AuthConfiguration.SigningKeySource, publishedFiles: [String]) async throws -> SigningKeys {
        let active: Curve25519.Signing.PrivateKey
        switch source {
        case .pem(let text):
            active = try Curve25519.Signing.PrivateKey(pemRepresentation: text)
        case .file(let path, let generateIfMissing):
            if !FileManager.default.fileExists(atPath: path) && generateIfMissing {
                try generate(at: path)
            }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigurationError(key: "JWT_SIGNING_KEY_FILE", problem: "cannot read \(path)")
            }
            do {
                active = try Curve25519.Signing.PrivateKey(pemRepresentation: text)
            } catch {
                throw ConfigurationError(key: "JWT_SIGNING_KEY_FILE", problem: "\(path) holds no Ed25519 private key in PEM")
            }
        }
        var published = [PublishedKey(kid: kid(of: active.publicKey), publicKey: active.publicKey)]
        for file in publishedFiles {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let publicKey: Curve25519.Signing.PublicKey
            if let privateKey = try? Curve25519.Signing.PrivateKey(pemRepresentation: text) {
                publicKey = privateKey.publicKey
            } else {
                publicKey = try Curve25519.Signing.PublicKey(pemRepresentation: text)
            }
            let id = kid(of: publicKey)
            if !published.contains(where: { $0.kid == id }) { published.append(PublishedKey(kid: id, publicKey: publicKey)) }
        }
        let activeKid = published[0].kid
        let signer = await JWTKeyCollection().add(eddsa: EdDSA.PrivateKey(backing: active), kid: JWKIdentifier(string: activeKid))
        return SigningKeys(activeKid: activeKid, signer: signer, published: published)
    }

    /// Writes a new private key (mode 600).
    static func generate(at path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pem = Curve25519.Signing.PrivateKey().pemRepresentation
        guard FileManager.default.createFile(atPath: path, contents: Data(pem.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError(key: "JWT_SIGNING_KEY_FILE", problem: "cannot write a new key to \(path)")
        }
    }

    static func kid(of key: Curve25519.Signing.PublicKey) -> String {
        String(Base64URL.encode(SHA256.hash(data: key.rawRepresentation)).prefix(16))
    }
}
