import Foundation
import MessagingDatabase
import MessagingProtocol

extension StoreRepository {
    static let uploadColumns = "id, uploader_id, file_name, mime_type, file_size, storage_key, created_at, message_id, conversation_id, orphaned_at"

    /// Records an upload whose bytes are stored.
    func insertUpload(_ upload: UploadRecord) async throws {
        try await executor.query(
            """
            INSERT INTO attachments (id, uploader_id, file_name, mime_type, file_size, storage_key, created_at)
            VALUES (\(bind: upload.id), \(bind: upload.uploaderID), \(bind: upload.fileName), \(bind: upload.mimeType), \(bind: upload.fileSize),
                \(bind: upload.storageKey), \(bind: upload.createdAt.milliseconds))
            """)
    }

    /// Uploads by id. With `locking` (inside a send's transaction on PostgreSQL) their rows are
    /// locked, so the collector cannot remove one between this check and the link.
    func uploads(ids: [String], locking: Bool = false) async throws -> [String: UploadRecord] {
        guard !ids.isEmpty else { return [:] }
        var query = SQLQuery(unsafeSQL: "SELECT \(Self.uploadColumns) FROM attachments WHERE id ") + "\(anyOf: ids)"
        if locking && executor.dialect == .postgres { query += " FOR UPDATE" }
        let rows = try await executor.query(query)
        return Dictionary(try rows.map(Self.upload).map { ($0.id, $0) }) { first, _ in first }
    }

    /// The uploads now carried by a message.
    func link(uploads ids: [String], to messageID: String, in conversationID: String) async throws {
        guard !ids.isEmpty else { return }
        try await executor.query(
            "UPDATE attachments SET message_id = \(bind: messageID), conversation_id = \(bind: conversationID) WHERE message_id IS NULL AND id "
                + "\(anyOf: ids)")
    }

    /// A deleted message's files: no longer downloadable, and collected.
    func orphanAttachments(of messageID: String, at date: Date) async throws {
        try await executor.query(
            "UPDATE attachments SET orphaned_at = \(bind: date.milliseconds) WHERE message_id = \(bind: messageID) AND orphaned_at IS NULL")
    }

    /// Uploads to collect: never sent before `unsentBefore`, or whose message was deleted.
    func collectableUploads(unsentBefore cutoff: Date, limit: Int) async throws -> [UploadRecord] {
        let rows = try await executor.query(
            SQLQuery(unsafeSQL: "SELECT \(Self.uploadColumns) FROM attachments")
                + " WHERE (message_id IS NULL AND created_at < \(bind: cutoff.milliseconds)) OR orphaned_at IS NOT NULL LIMIT \(bind: limit)")
        return try rows.map(Self.upload)
    }

    /// Forgets a collectable upload, unless a send took it meanwhile; whether it was forgotten
    /// (then its bytes may go).
    func forgetUpload(_ id: String, unsentBefore cutoff: Date) async throws -> Bool {
        let rows = try await executor.query(
            """
            DELETE FROM attachments WHERE id = \(bind: id)
                AND ((message_id IS NULL AND created_at < \(bind: cutoff.milliseconds)) OR orphaned_at IS NOT NULL)
            RETURNING id
            """)
        return !rows.isEmpty
    }

    /// A row of ``uploadColumns``.
    static func upload(_ row: SQLRow) throws -> UploadRecord {
        UploadRecord(
            id: try row.string("id"), uploaderID: try row.string("uploader_id"), fileName: try row.string("file_name"),
            mimeType: try row.string("mime_type"), fileSize: try row.int("file_size"), storageKey: try row.string("storage_key"),
            createdAt: Date(milliseconds: try row.int("created_at")), messageID: row.optionalString("message_id"),
            conversationID: row.optionalString("conversation_id"), orphanedAt: row.optionalInt("orphaned_at").map(Date.init(milliseconds:)))
    }
}
