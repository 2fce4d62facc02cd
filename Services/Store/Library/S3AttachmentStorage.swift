import AsyncHTTPClient
import Foundation
import NIOCore

/// Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, …), signed with SigV4: for any number
/// of store instances. Path-style (`<endpoint>/<bucket>/<key>`) or virtual-hosted
/// (`<bucket>.<endpoint host>/<key>`) addressing.
struct S3AttachmentStorage: AttachmentStorage {
    let configuration: S3Configuration
    let httpClient: HTTPClient

    func put(_ key: String, bytes: ByteBuffer, contentType: String) async throws {
        let response = try await send("PUT", key: key, body: bytes, extraHeaders: [("content-type", contentType)])
        guard (200..<300).contains(response.status) else { throw S3Error(operation: "PUT", status: response.status, body: response.body) }
    }

    func get(_ key: String) async throws -> ByteBuffer? {
        let response = try await send("GET", key: key, body: nil)
        if response.status == 404 { return nil }
        guard (200..<300).contains(response.status) else { throw S3Error(operation: "GET", status: response.status, body: response.body) }
        return response.body
    }

    func delete(_ key: String) async throws {
        let response = try await send("DELETE", key: key, body: nil)
        guard (200..<300).contains(response.status) || response.status == 404 else {
            throw S3Error(operation: "DELETE", status: response.status, body: response.body)
        }
    }

    private func send(_ method: String, key: String, body: ByteBuffer?, extraHeaders: [(String, String)] = []) async throws -> (status: Int, body: ByteBuffer) {
        let (url, host, path) = configuration.location(of: key)
        let payloadHash = SigV4Signer.payloadHash(body.map { Array($0.readableBytesView) } ?? [])
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        let signed = [("host", host)] + extraHeaders
        for (name, value) in extraHeaders { request.headers.add(name: name, value: value) }
        for (name, value) in configuration.signer.sign(method: method, path: path, headers: signed, payloadHash: payloadHash, date: Date()) {
            request.headers.add(name: name, value: value)
        }
        if let body { request.body = .bytes(body) }
        let response = try await httpClient.execute(request, timeout: .seconds(30))
        let collected = try await response.body.collect(upTo: configuration.maximumObjectBytes + 64 * 1024)
        return (Int(response.status.code), collected)
    }
}

/// An S3 answer that was not a success.
struct S3Error: Error, CustomStringConvertible {
    var operation: String
    var status: Int
    var body: ByteBuffer

    var description: String { "S3 \(operation) answered \(status): \(String(buffer: body).prefix(300))" }
}
