public import Foundation
public import ServiceKit

/// Uploaded files (see ``StoreConfiguration``).
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `ATTACHMENT_STORAGE` | `.data/attachments` | a directory (`file:///srv/attachments` or a path), or `s3://<bucket>` |
/// | `S3_ENDPOINT` | `https://s3.<region>.amazonaws.com` | another S3-compatible service (MinIO, Ceph) |
/// | `S3_REGION` | `us-east-1` | the signing region |
/// | `S3_ACCESS_KEY_ID` / `S3_SECRET_ACCESS_KEY` | — | required with `s3://` |
/// | `S3_PATH_STYLE` | `true` with `S3_ENDPOINT`, else `false` | `<endpoint>/<bucket>/<key>` addressing |
/// | `ATTACHMENT_MAX_BYTES` | `10485760` | the largest file (10 MiB) |
/// | `ATTACHMENT_TYPES` | JPEG, PNG, GIF, WebP, HEIC, PDF | MIME types accepted, as sniffed from the content |
/// | `ATTACHMENT_UNSENT_TTL_MS` | `86400000` | an upload no message names after this long is collected |
/// | `ATTACHMENT_COLLECT_INTERVAL_MS` | `600000` | how often unsent uploads and deleted messages' files are collected |
public struct AttachmentConfiguration: Sendable, Hashable {
    /// Where files live.
    public enum Storage: Sendable, Hashable {
        case disk(URL)
        case s3(S3Configuration)
    }

    public var storage: Storage
    public var maximumBytes: Int
    public var allowedTypes: [String]
    public var unsentLifetime: Duration
    public var collectInterval: Duration

    /// Creates the settings.
    public init(storage: Storage, maximumBytes: Int, allowedTypes: [String], unsentLifetime: Duration, collectInterval: Duration) {
        self.storage = storage
        self.maximumBytes = maximumBytes
        self.allowedTypes = allowedTypes
        self.unsentLifetime = unsentLifetime
        self.collectInterval = collectInterval
    }

    /// Reads the environment.
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        let maximumBytes = try environment.int("ATTACHMENT_MAX_BYTES", default: 10 * 1024 * 1024, range: 1024...(100 * 1024 * 1024))
        let location = environment.string("ATTACHMENT_STORAGE", default: ".data/attachments")
        let storage: Storage
        if location.hasPrefix("s3://") {
            let bucket = String(location.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard !bucket.isEmpty, bucket.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }) else {
                throw ConfigurationError(key: "ATTACHMENT_STORAGE", problem: "s3://<bucket> needs a bucket name")
            }
            let region = environment.string("S3_REGION", default: "us-east-1")
            let custom = try environment.httpURL("S3_ENDPOINT", default: nil)
            let secret = try environment.requiredString("S3_SECRET_ACCESS_KEY")
            try environment.refuseExampleSecret("S3_SECRET_ACCESS_KEY", secret)
            storage = .s3(
                S3Configuration(
                    bucket: bucket, endpoint: custom ?? URL(string: "https://s3.\(region).amazonaws.com")!, region: region,
                    accessKeyID: try environment.requiredString("S3_ACCESS_KEY_ID"), secretAccessKey: secret,
                    pathStyle: try environment.bool("S3_PATH_STYLE", default: custom != nil), maximumObjectBytes: maximumBytes))
        } else {
            let path = location.hasPrefix("file://") ? String(location.dropFirst(7)) : location
            guard !path.isEmpty else { throw ConfigurationError(key: "ATTACHMENT_STORAGE", problem: "a directory or s3://<bucket> is needed") }
            storage = .disk(URL(fileURLWithPath: path, isDirectory: true))
        }
        let types = environment.list("ATTACHMENT_TYPES", default: ContentSniffer.known.map(\.mimeType)).map { $0.lowercased() }
        if let unknown = types.first(where: { type in !ContentSniffer.known.contains { $0.mimeType == type } }) {
            throw ConfigurationError(
                key: "ATTACHMENT_TYPES", problem: "\(unknown) cannot be recognised; known: \(ContentSniffer.known.map(\.mimeType).joined(separator: ", "))")
        }
        self.init(
            storage: storage, maximumBytes: maximumBytes, allowedTypes: types,
            unsentLifetime: try environment.milliseconds("ATTACHMENT_UNSENT_TTL_MS", default: .seconds(86_400), range: 1000...2_592_000_000),
            collectInterval: try environment.milliseconds("ATTACHMENT_COLLECT_INTERVAL_MS", default: .seconds(600), range: 100...86_400_000))
    }
}
