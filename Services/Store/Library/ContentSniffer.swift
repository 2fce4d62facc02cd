/// The type of a file from its first bytes (its signature), never from what a client says: a file
/// named `photo.png` that is HTML is not an image.
enum ContentSniffer {
    /// The types recognised, and their signatures.
    static let known: [(mimeType: String, label: String)] = [
        ("image/jpeg", "JPEG"), ("image/png", "PNG"), ("image/gif", "GIF"), ("image/webp", "WebP"), ("image/heic", "HEIC"),
        ("application/pdf", "PDF"),
    ]

    /// The MIME type of `bytes`, or `nil` when none of ``known`` matches.
    static func mimeType(of bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(16))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts(Array("ftyp".utf8), at: 4), ["heic", "heix", "mif1", "msf1", "heim", "heis"].contains(where: { starts(Array($0.utf8), at: 8) }) {
            return "image/heic"
        }
        return nil
    }
}
