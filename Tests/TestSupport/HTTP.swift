import AsyncHTTPClient
import Foundation
import MessagingProtocol
public import NIOHTTP1
import NIOCore

/// Plain HTTP calls to services a test started.
public enum HTTP {
    /// Sends a request (JSON body, bearer token) and returns the body text; a non-2xx status throws.
    public static func request(
        _ method: HTTPMethod, _ url: String, token: String? = nil, json: (some Encodable)? = String?.none
    ) async throws -> String {
        var request = HTTPClientRequest(url: url)
        request.method = method
        // No pooled keep-alive connection: tests restart services, sometimes on the same port.
        request.headers.add(name: "Connection", value: "close")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try MessagingJSON.encode(json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = String(buffer: try await response.body.collect(upTo: 16 << 20))
        guard (200..<300).contains(response.status.code) else {
            throw TestServerError("\(method) \(url) answered \(response.status.code): \(body)")
        }
        return body
    }
}
