import Foundation
import NIOCore
import NIOPosix

/// Files in a directory of the store's host (`ATTACHMENT_STORAGE=file:///path`, the default
/// `.data/attachments`): for one store instance, or several sharing a volume. Written to a
/// temporary name and renamed, so a reader never sees half a file; file I/O runs on NIO's thread pool.
struct DiskAttachmentStorage: AttachmentStorage {
    let directory: URL

    func put(_ key: String, bytes: ByteBuffer, contentType: String) async throws {
        let target = try path(of: key)
        try await NIOThreadPool.singleton.runIfActive {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes.readableBytesView).write(to: target, options: [.atomic])
        }
    }

    func get(_ key: String) async throws -> ByteBuffer? {
        let source = try path(of: key)
        return try await NIOThreadPool.singleton.runIfActive {
            guard FileManager.default.fileExists(atPath: source.path) else { return nil }
            return ByteBuffer(data: try Data(contentsOf: source))
        }
    }

    func delete(_ key: String) async throws {
        let target = try path(of: key)
        try await NIOThreadPool.singleton.runIfActive {
            do {
                try FileManager.default.removeItem(at: target)
            } catch CocoaError.fileNoSuchFile {
                return
            }
        }
    }

    /// The file of a key: its segments under the directory, never outside it.
    func path(of key: String) throws -> URL {
        let segments = key.split(separator: "/")
        guard !segments.isEmpty, segments.allSatisfy({ $0 != ".." && $0 != "." && !$0.contains("\u{0}") }) else {
            throw CocoaError(.fileReadInvalidFileName)
        }
        return segments.reduce(directory) { $0.appendingPathComponent(String($1)) }
    }
}
