public import Crypto
import Foundation

/// A Web Push message body encrypted for one browser subscription, as RFC 8291 says (the
/// `aes128gcm` content coding of RFC 8188, one record): the browser's push service cannot read it,
/// only the subscribed browser can. Pure but for the random key and salt a fresh call draws.
public enum WebPushEncryption {
    /// The record size written in the header; a body must fit in one record.
    public static let recordSize: UInt32 = 4096
    /// The most plaintext bytes one record carries (record size less the tag and the delimiter).
    public static let maximumPlaintext = Int(recordSize) - 16 - 1

    /// What went wrong.
    public enum Failure: Error, Equatable {
        /// The subscription's `p256dh` is not an uncompressed P-256 point.
        case invalidSubscriptionKey
        /// Its `auth` secret is not 16 bytes.
        case invalidAuthSecret
        /// The plaintext does not fit in one record.
        case tooLong
    }

    /// The body for a subscription (`p256dh`, `auth`, as the browser's `PushSubscription` gives
    /// them, decoded), with a fresh server key and salt.
    public static func encrypt(_ plaintext: [UInt8], p256dh: [UInt8], auth: [UInt8]) throws -> [UInt8] {
        var salt = [UInt8](repeating: 0, count: 16)
        for index in salt.indices { salt[index] = UInt8.random(in: 0...255) }
        return try encrypt(plaintext, p256dh: p256dh, auth: auth, serverKey: P256.KeyAgreement.PrivateKey(), salt: salt)
    }

    /// The same with the server key and salt given (tests; never reuse them).
    public static func encrypt(
        _ plaintext: [UInt8], p256dh: [UInt8], auth: [UInt8], serverKey: P256.KeyAgreement.PrivateKey, salt: [UInt8]
    ) throws -> [UInt8] {
        guard plaintext.count <= maximumPlaintext else { throw Failure.tooLong }
        guard auth.count == 16 else { throw Failure.invalidAuthSecret }
        guard p256dh.count == 65, p256dh.first == 0x04, let browserKey = try? P256.KeyAgreement.PublicKey(x963Representation: p256dh) else {
            throw Failure.invalidSubscriptionKey
        }
        let serverPublic = Array(serverKey.publicKey.x963Representation)
        let shared = try serverKey.sharedSecretFromKeyAgreement(with: browserKey)
        // IKM = HKDF(auth, ECDH, "WebPush: info" || 0 || browser key || server key, 32).
        let keyInfo = Array("WebPush: info".utf8) + [0] + p256dh + serverPublic
        let ikm = shared.hkdfDerivedSymmetricKey(using: SHA256.self, salt: auth, sharedInfo: keyInfo, outputByteCount: 32)
        let cek = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: ikm, salt: salt, info: Array("Content-Encoding: aes128gcm".utf8) + [0], outputByteCount: 16)
        let nonce = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: ikm, salt: salt, info: Array("Content-Encoding: nonce".utf8) + [0], outputByteCount: 12)
        // The only (so last) record: the plaintext, then the delimiter 2.
        let sealed = try AES.GCM.seal(plaintext + [2], using: cek, nonce: AES.GCM.Nonce(data: nonce.withUnsafeBytes { Array($0) }))
        // Header: salt, record size, key id length and key id (the server's public key).
        var body = salt
        body += withUnsafeBytes(of: recordSize.bigEndian) { Array($0) }
        body.append(UInt8(serverPublic.count))
        body += serverPublic
        body += Array(sealed.ciphertext) + Array(sealed.tag)
        return body
    }
}
