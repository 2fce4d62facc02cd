public import Foundation

/// `PUT /api/keys/devices/{deviceId}` body: `{ publicKey }`, base64url of the device's P-256
/// public key, uncompressed (WebCrypto's `exportKey("raw", …)` of an ECDH key).
public struct DeviceKeyRequest: Codable, Sendable, Hashable {
    /// The key.
    public var publicKey: String

    /// Creates the body.
    public init(publicKey: String) { self.publicKey = publicKey }
}

/// One device's public key, as the directory gives it.
public struct DeviceKeyDto: Codable, Sendable, Hashable {
    /// The device, as its owner named it.
    public var deviceId: String
    /// base64url of the uncompressed P-256 point.
    public var publicKey: String
    /// When it was first published.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates the DTO.
    public init(deviceId: String, publicKey: String, createdAt: Date, updatedAt: Date) {
        self.deviceId = deviceId
        self.publicKey = publicKey
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// `{ device }`.
public struct DeviceKeyResponse: Codable, Sendable, Hashable {
    /// The device's key.
    public var device: DeviceKeyDto

    /// Creates the body.
    public init(device: DeviceKeyDto) { self.device = device }
}

/// `GET /api/users/{id}/keys` answer: `{ userId, devices }`, oldest device first.
public struct UserKeysResponse: Codable, Sendable, Hashable {
    /// Whose keys.
    public var userId: String
    /// Their devices' keys.
    public var devices: [DeviceKeyDto]

    /// Creates the body.
    public init(userId: String, devices: [DeviceKeyDto]) {
        self.userId = userId
        self.devices = devices
    }
}
