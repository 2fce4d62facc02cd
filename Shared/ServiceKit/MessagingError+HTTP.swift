public import Hummingbird
import JSONCoding
public import MessagingProtocol
import NIOCore

/// A ``MessagingError`` thrown from a route becomes `{ "error": { "code", "message" } }` with the
/// code's status: the one place where codes meet HTTP.
extension MessagingError: HTTPResponseError {
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: code.httpStatus) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ByteBuffer(bytes: HTTPErrorResponse(error: self).writtenJSON)
        var headers: HTTPFields = [.contentType: "application/json"]
        if code == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
