public import Foundation

/// An S3-compatible bucket for attachments (see ``AttachmentConfiguration``).
public struct S3Configuration: Sendable, Hashable {
    /// The bucket.
    public var bucket: String
    /// `https://s3.<region>.amazonaws.com`, or a MinIO / Ceph / loopback endpoint.
    public var endpoint: URL
    /// The signing region.
    public var region: String
    /// Credentials.
    public var accessKeyID: String
    public var secretAccessKey: String
    /// `<endpoint>/<bucket>/<key>` rather than `<bucket>.<host>/<key>`.
    public var pathStyle: Bool
    /// The largest object read back.
    public var maximumObjectBytes: Int

    /// Creates the settings.
    public init(
        bucket: String, endpoint: URL, region: String, accessKeyID: String, secretAccessKey: String, pathStyle: Bool, maximumObjectBytes: Int
    ) {
        self.bucket = bucket
        self.endpoint = endpoint
        self.region = region
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.pathStyle = pathStyle
        self.maximumObjectBytes = maximumObjectBytes
    }

    var signer: SigV4Signer { SigV4Signer(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, region: region) }

    /// The URL, `Host` header and path (as signed) of an object.
    func location(of key: String) -> (url: String, host: String, path: String) {
        let scheme = endpoint.scheme ?? "https"
        let port = endpoint.port.map { ":\($0)" } ?? ""
        let baseHost = endpoint.host ?? ""
        let host = (pathStyle ? baseHost : "\(bucket).\(baseHost)") + port
        let path = (pathStyle ? "/\(bucket)/" : "/") + key
        return ("\(scheme)://\(host)\(SigV4Signer.encodePath(path))", host, path)
    }
}
