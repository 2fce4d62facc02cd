/// The metadata of a file attached to a message (the file itself lives elsewhere).
public struct Attachment: Codable, Sendable, Hashable {
    /// The attachment id.
    public var id: String
    /// Where the file can be downloaded.
    public var url: String
    /// The original file name.
    public var fileName: String
    /// The size in bytes.
    public var fileSize: Int

    /// Creates attachment metadata.
    public init(id: String, url: String, fileName: String, fileSize: Int) {
        self.id = id
        self.url = url
        self.fileName = fileName
        self.fileSize = fileSize
    }
}
