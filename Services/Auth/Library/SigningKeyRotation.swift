import Crypto
import CryptoExtras
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Rotates the auth service's Ed25519 signing key in place (`messaging-admin keys rotate`): the
/// key file gets a new key, and the old one is kept beside it, to be published in the JWKS
/// (`JWT_PUBLISHED_KEY_FILES`) until every token it signed has expired.
public enum SigningKeyRotation {
    /// What a rotation did.
    public struct Outcome: Sendable, Hashable {
        /// The new key's `kid`.
        public var kid: String
        /// The retired key's `kid`.
        public var retiredKid: String
        /// Where the retired key now is.
        public var retiredFile: String
    }

    /// Moves the key of `keyFile` to a `.retired-<time>.pem` beside it and writes a new one in its place.
    public static func rotate(keyFile: String, now: Date = Date()) throws -> Outcome {
        let url = URL(fileURLWithPath: keyFile)
        let current = try Curve25519.Signing.PrivateKey(pemRepresentation: String(contentsOf: url, encoding: .utf8))
        let stamp = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withYear, .withMonth, .withDay, .withTime])
            .replacingOccurrences(of: ":", with: "")
        let retired = url.deletingPathExtension().path + ".retired-\(stamp).pem"
        try write(current.pemRepresentation, to: retired)
        let fresh = Curve25519.Signing.PrivateKey()
        let temporary = keyFile + ".new"
        try write(fresh.pemRepresentation, to: temporary)
        // rename(2): the key file holds the old key or the new one, never neither.
        guard rename(temporary, keyFile) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: keyFile])
        }
        return Outcome(kid: SigningKeys.kid(of: fresh.publicKey), retiredKid: SigningKeys.kid(of: current.publicKey), retiredFile: retired)
    }

    private static func write(_ pem: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(pem.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
