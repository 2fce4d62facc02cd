import Foundation
import Hummingbird
import Logging
import Metrics
import MessagingDatabase
import MessagingProtocol
import MultipartKit
import NIOCore
import ServiceKit

/// Uploads and downloads of attachments (`SPEC.md` §6). A file is uploaded first (raw body, or
/// `multipart/form-data` with a `file` part), its type sniffed from its bytes and checked against
/// `ATTACHMENT_TYPES`, its name sanitized; a `send-message` then names it by id. Downloads are for
/// its uploader until it is sent, then for the participants of the conversation it was sent in;
/// anyone else gets 404, as for a file that does not exist.
struct AttachmentController: Sendable {
    let database: any Database
    let storage: any AttachmentStorage
    let configuration: AttachmentConfiguration
    let callers: StoreCallers
    let logger: Logger

    func add(to router: Router<BasicRequestContext>) {
        router.post("/api/attachments") { request, _ in try await upload(request) }
        router.get("/api/attachments/:id") { request, context in try await download(request, context: context) }
    }

    func upload(_ request: Request) async throws -> Response {
        let user = try await callers.requireUser(request)
        try callers.admitWrite(by: user)
        let limit = configuration.maximumBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit + Self.multipartAllowance {
            throw Self.tooLarge(limit)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit + Self.multipartAllowance)
        } catch {
            throw Self.tooLarge(limit)
        }
        let (bytes, named) = try Self.file(in: body, contentType: request.headers[.contentType])
        let suppliedName = named ?? request.uri.queryParameters[Substring("fileName")].map { String($0).removingPercentEncoding ?? String($0) }
        guard bytes.readableBytes > 0 else { throw MessagingError(.validationFailed, "the file is empty") }
        guard bytes.readableBytes <= limit else { throw Self.tooLarge(limit) }
        guard let mimeType = ContentSniffer.mimeType(of: bytes.readableBytesView), configuration.allowedTypes.contains(mimeType) else {
            Counter(label: "store_attachments_refused_total", dimensions: [("reason", "type")]).increment()
            let labels = ContentSniffer.known.filter { configuration.allowedTypes.contains($0.mimeType) }.map(\.label)
            throw MessagingError(.validationFailed, "this kind of file is not accepted (its content was checked): only \(labels.joined(separator: ", "))")
        }
        let id = RandomUUID.make()
        let record = UploadRecord(
            id: id, uploaderID: user.id, fileName: FileNameSanitizer.sanitize(suppliedName), mimeType: mimeType, fileSize: bytes.readableBytes,
            storageKey: "attachments/\(id)", createdAt: Date())
        try await storage.put(record.storageKey, bytes: bytes, contentType: mimeType)
        do {
            try await StoreRepository(executor: database).insertUpload(record)
        } catch {
            try? await storage.delete(record.storageKey)
            throw error
        }
        Counter(label: "store_attachments_uploaded_total").increment()
        logger.info("attachment uploaded", metadata: ["attachment.id": "\(id)", "user.id": "\(user.id)", "type": "\(mimeType)", "bytes": "\(record.fileSize)"])
        return try HTTPJSON.response(AttachmentResponse(attachment: record.attachment), status: .created)
    }

    func download(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let user = try await callers.requireUser(request)
        let id = try context.parameters.require("id")
        try MessageValidator.identifier(id, name: "attachment id")
        let repository = StoreRepository(executor: database)
        guard let upload = try await repository.uploads(ids: [id])[id], upload.orphanedAt == nil else { throw Self.notFound }
        if let conversation = upload.conversationID {
            guard try await repository.isParticipant(user.id, in: conversation) else { throw Self.notFound }
        } else {
            guard upload.uploaderID == user.id else { throw Self.notFound }
        }
        guard let bytes = try await storage.get(upload.storageKey) else {
            logger.error("attachment recorded but its file is missing", metadata: ["attachment.id": "\(id)", "key": "\(upload.storageKey)"])
            throw Self.notFound
        }
        // Never a page: downloaded, not rendered; no sniffing; a sandbox without scripts if opened.
        let headers: HTTPFields = [
            .contentType: upload.mimeType, .contentDisposition: Self.disposition(upload.fileName), .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; sandbox", .cacheControl: "private, max-age=300",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// Room for the multipart framing around the file.
    static let multipartAllowance = 16 * 1024

    static let notFound = MessagingError(.notFound, "attachment not found")

    static func tooLarge(_ limit: Int) -> MessagingError {
        Counter(label: "store_attachments_refused_total", dimensions: [("reason", "size")]).increment()
        return MessagingError(.payloadTooLarge, "the file is larger than \(limit) bytes")
    }

    /// `attachment; filename="<ASCII>"; filename*=UTF-8''<percent-encoded>` (RFC 6266).
    static func disposition(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(SigV4Signer.encode(name))"
    }

    /// The file of a raw body, or of the `file` part (else the first part with a file name) of a
    /// `multipart/form-data` one, and the name it came with.
    static func file(in body: ByteBuffer, contentType: String?) throws(MessagingError) -> (ByteBuffer, String?) {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return (body, nil) }
        guard let boundary = parameter("boundary", in: contentType), !boundary.isEmpty else {
            throw MessagingError(.validationFailed, "multipart/form-data needs a boundary")
        }
        final class Parts {
            var parts: [(headers: [(String, String)], body: ByteBuffer)] = []
            var headers: [(String, String)] = []
            var body = ByteBuffer()
        }
        let collected = Parts()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collected.headers.append((name.lowercased(), value)) }
        parser.onBody = { chunk in collected.body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            collected.parts.append((collected.headers, collected.body))
            collected.headers = []
            collected.body = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw MessagingError(.validationFailed, "the multipart body cannot be read")
        }
        let described = collected.parts.map { part in
            let disposition = part.headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            return (name: parameter("name", in: disposition), fileName: parameter("filename", in: disposition), body: part.body)
        }
        guard let chosen = described.first(where: { $0.name == "file" }) ?? described.first(where: { $0.fileName != nil }) else {
            throw MessagingError(.validationFailed, "no file part (name it \"file\")")
        }
        return (chosen.body, chosen.fileName)
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
