/// The metadata of a file attached to a message (the file itself lives in the store's attachment
/// storage). A client names an upload by its `id` only; the store fills in the rest from the upload.
public struct Attachment: Codable, Sendable, Hashable {
    /// The attachment id (the upload's).
    public var id: String
    /// Where participants download it (`/api/attachments/{id}`).
    public var url: String
    /// The file name, sanitized.
    public var fileName: String
    /// The size in bytes.
    public var fileSize: Int
    /// The type sniffed from its content (absent on attachments of messages sent before uploads).
    public var mimeType: String?

    /// Creates attachment metadata.
    public init(id: String, url: String = "", fileName: String = "", fileSize: Int = 0, mimeType: String? = nil) {
        self.id = id
        self.url = url
        self.fileName = fileName
        self.fileSize = fileSize
        self.mimeType = mimeType
    }

    private enum CodingKeys: String, CodingKey { case id, url, fileName, fileSize, mimeType }

    /// Only `id` is required: what a client sends is a reference to its upload.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), url: try container.decodeIfPresent(String.self, forKey: .url) ?? "",
            fileName: try container.decodeIfPresent(String.self, forKey: .fileName) ?? "",
            fileSize: try container.decodeIfPresent(Int.self, forKey: .fileSize) ?? 0,
            mimeType: try container.decodeIfPresent(String.self, forKey: .mimeType))
    }
}
