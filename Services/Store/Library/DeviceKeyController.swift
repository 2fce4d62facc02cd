import Crypto
import Foundation
import Hummingbird
import Logging
import MessagingDatabase
import MessagingProtocol
import ServiceKit
import WebPush

/// The public-key directory of end-to-end encryption (`SPEC.md` §6): each user publishes one
/// ECDH P-256 public key per device; the participants of a conversation read each other's to
/// encrypt a message once per device. The store keeps public keys only, never a private one.
struct DeviceKeyController: Sendable {
    /// The most devices one user publishes keys for.
    static let maximumDevices = 20

    let database: any Database
    let callers: StoreCallers
    let logger: Logger

    func add(to router: Router<BasicRequestContext>) {
        router.put("/api/keys/devices/:deviceId") { request, context in try await put(request, context: context) }
        router.delete("/api/keys/devices/:deviceId") { request, context in try await delete(request, context: context) }
        router.get("/api/users/:id/keys") { request, context in try await keys(request, context: context) }
    }

    func put(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let user = try await callers.requireUser(request)
        try callers.admitWrite(by: user)
        let deviceID = try context.parameters.require("deviceId")
        try MessageValidator.identifier(deviceID, name: "deviceId")
        let body = try await HTTPJSON.decode(DeviceKeyRequest.self, from: request, limit: 4 * 1024)
        guard let raw = Base64URL.decode(body.publicKey), raw.count == 65, raw.first == 0x04,
            (try? P256.KeyAgreement.PublicKey(x963Representation: raw)) != nil
        else {
            throw MessagingError(.validationFailed, "publicKey must be base64url of an uncompressed P-256 public key (65 bytes)")
        }
        guard let device = try await StoreRepository(executor: database).putDeviceKey(
            userID: user.id, deviceID: deviceID, publicKey: body.publicKey, maximum: Self.maximumDevices, now: Date())
        else {
            throw MessagingError(.validationFailed, "at most \(Self.maximumDevices) devices per user: remove one first")
        }
        logger.info("device key published", metadata: ["user.id": "\(user.id)", "device.id": "\(deviceID)"])
        return try HTTPJSON.response(DeviceKeyResponse(device: device))
    }

    func delete(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let user = try await callers.requireUser(request)
        try callers.admitWrite(by: user)
        let deviceID = try context.parameters.require("deviceId")
        try MessageValidator.identifier(deviceID, name: "deviceId")
        if try await StoreRepository(executor: database).deleteDeviceKey(userID: user.id, deviceID: deviceID) {
            logger.info("device key withdrawn", metadata: ["user.id": "\(user.id)", "device.id": "\(deviceID)"])
        }
        return Response(status: .noContent)
    }

    /// A user's keys: for themselves and those who share a conversation with them; anyone else
    /// gets 404, as for a user with no keys.
    func keys(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let user = try await callers.requireUser(request)
        let target = try context.parameters.require("id")
        try MessageValidator.identifier(target, name: "user id")
        let repository = StoreRepository(executor: database)
        var visible = target == user.id
        if !visible { visible = try await repository.shareAConversation(user.id, target) }
        guard visible else {
            throw MessagingError(.notFound, "user not found")
        }
        return try HTTPJSON.response(UserKeysResponse(userId: target, devices: try await repository.deviceKeys(of: target)))
    }
}
