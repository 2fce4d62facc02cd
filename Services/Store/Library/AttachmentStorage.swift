import NIOCore

/// Where uploaded files' bytes live: the local disk (the embedded default) or an S3-compatible
/// bucket. Keys are the store's own (`attachments/<id>`), never a client's.
protocol AttachmentStorage: Sendable {
    /// Stores an object (replacing one with the same key).
    func put(_ key: String, bytes: ByteBuffer, contentType: String) async throws
    /// An object's bytes; `nil` when there is none.
    func get(_ key: String) async throws -> ByteBuffer?
    /// Removes an object; no error when it is already gone.
    func delete(_ key: String) async throws
}
