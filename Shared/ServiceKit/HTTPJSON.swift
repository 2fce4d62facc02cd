import Foundation
public import Hummingbird
public import MessagingProtocol
import NIOCore

/// JSON in and out of HTTP routes, with the contract's errors.
public enum HTTPJSON {
    /// Reads the body as `Value`: a body over `limit` bytes is `PAYLOAD_TOO_LARGE`, anything that is
    /// not the expected JSON is `VALIDATION_FAILED` with what was wrong.
    public static func decode<Value: Decodable>(
        _ type: Value.Type, from request: Request, limit: Int = 64 * 1024
    ) async throws(MessagingError) -> Value {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw MessagingError(.payloadTooLarge, "the body is larger than \(limit) bytes")
        }
        do {
            return try MessagingJSON.decode(type, from: Data(buffer: buffer))
        } catch let DecodingError.keyNotFound(key, _) {
            throw MessagingError(.validationFailed, "missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw MessagingError(.validationFailed, "wrong type for \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw MessagingError(.validationFailed, "invalid value for \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw MessagingError(.validationFailed, "the body is not valid JSON")
        }
    }

    /// A JSON response.
    public static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try MessagingJSON.encode(value))))
    }
}
