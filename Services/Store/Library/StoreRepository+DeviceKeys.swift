import Foundation
import MessagingDatabase
import MessagingProtocol

extension StoreRepository {
    /// Publishes (or replaces) a device's public key; `nil` when the user already has
    /// `maximum` other devices.
    func putDeviceKey(userID: String, deviceID: String, publicKey: String, maximum: Int, now: Date) async throws -> DeviceKeyDto? {
        let existing = try await executor.query("SELECT device_id FROM device_keys WHERE user_id = \(bind: userID)").map { try $0.string("device_id") }
        guard existing.contains(deviceID) || existing.count < maximum else { return nil }
        let rows = try await executor.query(
            """
            INSERT INTO device_keys (user_id, device_id, public_key, created_at, updated_at)
            VALUES (\(bind: userID), \(bind: deviceID), \(bind: publicKey), \(bind: now.milliseconds), \(bind: now.milliseconds))
            ON CONFLICT (user_id, device_id) DO UPDATE SET public_key = excluded.public_key,
                updated_at = CASE WHEN device_keys.public_key = excluded.public_key THEN device_keys.updated_at ELSE excluded.updated_at END
            RETURNING device_id, public_key, created_at, updated_at
            """)
        return try rows.first.map(Self.deviceKey)
    }

    /// Withdraws a device's key; whether it was there.
    func deleteDeviceKey(userID: String, deviceID: String) async throws -> Bool {
        let rows = try await executor.query(
            "DELETE FROM device_keys WHERE user_id = \(bind: userID) AND device_id = \(bind: deviceID) RETURNING device_id")
        return !rows.isEmpty
    }

    /// A user's devices' keys, oldest first.
    func deviceKeys(of userID: String) async throws -> [DeviceKeyDto] {
        try await executor.query(
            "SELECT device_id, public_key, created_at, updated_at FROM device_keys WHERE user_id = \(bind: userID) ORDER BY created_at, device_id"
        ).map(Self.deviceKey)
    }

    /// Whether two users take part in a conversation together.
    func shareAConversation(_ userID: String, _ otherID: String) async throws -> Bool {
        try await !executor.query(
            """
            SELECT 1 AS shared FROM participants a JOIN participants b ON b.conversation_id = a.conversation_id
            WHERE a.user_id = \(bind: userID) AND b.user_id = \(bind: otherID) LIMIT 1
            """
        ).isEmpty
    }

    static func deviceKey(_ row: SQLRow) throws -> DeviceKeyDto {
        DeviceKeyDto(
            deviceId: try row.string("device_id"), publicKey: try row.string("public_key"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}
