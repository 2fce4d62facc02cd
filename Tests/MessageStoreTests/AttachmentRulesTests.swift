import Foundation
import NIOCore
import Testing

@testable import MessageStore

/// Attachments' pure rules: types from content, safe names, multipart bodies, the download
/// headers, and S3 request signing against AWS's own worked example.
@Suite struct AttachmentRulesTests {
    @Test func theTypeComesFromTheContentNotTheName() {
        #expect(ContentSniffer.mimeType(of: [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == "image/jpeg")
        #expect(ContentSniffer.mimeType(of: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == "image/png")
        #expect(ContentSniffer.mimeType(of: Array("GIF89a...".utf8)) == "image/gif")
        #expect(ContentSniffer.mimeType(of: Array("RIFF\u{4}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == "image/webp")
        #expect(ContentSniffer.mimeType(of: Array("%PDF-1.7\n".utf8)) == "application/pdf")
        #expect(ContentSniffer.mimeType(of: [0, 0, 0, 0x18] + Array("ftypheic".utf8)) == "image/heic")
        #expect(ContentSniffer.mimeType(of: Array("<html><script>alert(1)</script>".utf8)) == nil)
        #expect(ContentSniffer.mimeType(of: Array("<svg xmlns=".utf8)) == nil, "SVG can carry scripts: never accepted")
        #expect(ContentSniffer.mimeType(of: [0xFF, 0xD8]) == nil)
        #expect(ContentSniffer.mimeType(of: []) == nil)
    }

    @Test func fileNamesAreMadeSafe() {
        #expect(FileNameSanitizer.sanitize("../../etc/passwd") == "passwd")
        #expect(FileNameSanitizer.sanitize("C:\\Users\\me\\tatouage.png") == "tatouage.png")
        #expect(FileNameSanitizer.sanitize("a\u{0}b\r\nc.png") == "abc.png")
        #expect(FileNameSanitizer.sanitize("x\"; filename=evil.html") == "x__ filename=evil.html")
        #expect(FileNameSanitizer.sanitize("photo\u{202E}gnp.exe") == "photognp.exe", "no right-to-left override")
        #expect(FileNameSanitizer.sanitize("...hidden") == "hidden")
        #expect(FileNameSanitizer.sanitize("Épaule pivoine.jpg") == "Épaule pivoine.jpg")
        #expect(FileNameSanitizer.sanitize("") == "file" && FileNameSanitizer.sanitize(nil) == "file" && FileNameSanitizer.sanitize("/") == "file")
        let long = FileNameSanitizer.sanitize(String(repeating: "é", count: 300))
        #expect(long.utf8.count == 200 && long.allSatisfy { $0 == "é" })
    }

    @Test func aMultipartBodyGivesItsFilePart() throws {
        let body = ByteBuffer(string: [
            "--XyZ", "Content-Disposition: form-data; name=\"note\"", "", "hello",
            "--XyZ", "Content-Disposition: form-data; name=\"file\"; filename=\"flash.png\"", "Content-Type: image/png", "", "PNGDATA",
            "--XyZ--", "",
        ].joined(separator: "\r\n"))
        let (file, name) = try AttachmentController.file(in: body, contentType: "multipart/form-data; boundary=XyZ")
        #expect(String(buffer: file) == "PNGDATA" && name == "flash.png")
        let (raw, none) = try AttachmentController.file(in: ByteBuffer(string: "RAW"), contentType: "image/png")
        #expect(String(buffer: raw) == "RAW" && none == nil)
        #expect(throws: (any Error).self) { try AttachmentController.file(in: body, contentType: "multipart/form-data") }
        #expect(throws: (any Error).self) { try AttachmentController.file(in: ByteBuffer(string: "--XyZ\r\nbroken"), contentType: "multipart/form-data; boundary=Q") }
    }

    @Test func aDownloadIsAnAttachmentWithItsNameInBothForms() {
        #expect(AttachmentController.disposition("flash.png") == "attachment; filename=\"flash.png\"; filename*=UTF-8''flash.png")
        #expect(AttachmentController.disposition("Épaule.jpg") == "attachment; filename=\"_paule.jpg\"; filename*=UTF-8''%C3%89paule.jpg")
    }

    /// AWS's worked example "GET Object" (Signature Version 4, S3 documentation).
    @Test func s3RequestsAreSignedAsAWSDocumentsIt() {
        let signer = SigV4Signer(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
        let headers = signer.sign(
            method: "GET", path: "/test.txt", headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")],
            payloadHash: SigV4Signer.payloadHash([]), date: Date(timeIntervalSince1970: 1_369_353_600))
        let authorization = headers.first { $0.0 == "Authorization" }?.1 ?? ""
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"))
        #expect(authorization.contains("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date"))
        #expect(authorization.hasSuffix("Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"))
        #expect(headers.contains { $0 == ("x-amz-date", "20130524T000000Z") })
    }

    @Test func s3ObjectsAreAddressedPathOrHostStyle() {
        var bucket = S3Configuration(
            bucket: "ink", endpoint: URL(string: "http://127.0.0.1:9000")!, region: "eu-west-3", accessKeyID: "k", secretAccessKey: "s",
            pathStyle: true, maximumObjectBytes: 1)
        #expect(bucket.location(of: "attachments/a b") == ("http://127.0.0.1:9000/ink/attachments/a%20b", "127.0.0.1:9000", "/ink/attachments/a b"))
        bucket.endpoint = URL(string: "https://s3.eu-west-3.amazonaws.com")!
        bucket.pathStyle = false
        #expect(bucket.location(of: "attachments/x") == ("https://ink.s3.eu-west-3.amazonaws.com/attachments/x", "ink.s3.eu-west-3.amazonaws.com", "/attachments/x"))
    }
}
