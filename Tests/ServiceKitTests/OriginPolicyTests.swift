import HTTPTypes
import MessagingProtocol
import ServiceKit
import Testing

@Suite struct OriginPolicyTests {
    @Test func allowsListedOriginsAndRequestsWithoutOne() throws {
        let policy = try OriginPolicy(origins: ["http://localhost:3000", "https://App.InkStudio.example"])
        #expect(policy.allows(nil))
        #expect(policy.allows("http://localhost:3000"))
        #expect(policy.allows("https://app.inkstudio.example"))
        #expect(!policy.allows("http://localhost:3001"))
        #expect(!policy.allows("https://evil.example"))
        #expect(!policy.allows("null"))
        #expect(!policy.lists("https://evil.example"))
        #expect(policy.entries == ["http://localhost:3000", "https://app.inkstudio.example"])
        #expect(OriginPolicy.any.allows("https://evil.example"))
    }

    @Test(arguments: ["localhost:3000", "http://", "http://host/path", "ftp://host", "http://host:99999", "http://user@host", "https://host:1:2"])
    func refusesWhatIsNotAnOrigin(entry: String) {
        #expect(throws: OriginPolicyError.self) { try OriginPolicy(origins: [entry]) }
    }

    @Test func aBadCORSOriginsStopsTheServiceAtStart() {
        #expect(throws: ConfigurationError.self) {
            try CommonConfiguration(EnvironmentReader(["CORS_ORIGINS": "http://localhost:3000,evil"]), service: "auth", defaultPort: 8081)
        }
    }

    @Test func writesFromOtherOriginsOrNotInJSONAreRefused() throws {
        let policy = try OriginPolicy(origins: ["http://localhost:3000"])
        func check(_ method: HTTPRequest.Method, _ headers: HTTPFields) -> ErrorCode? {
            do {
                try policy.checkWrite(method: method, headers: headers)
                return nil
            } catch {
                return error.code
            }
        }
        let json: HTTPFields = [.contentType: "application/json; charset=utf-8", .contentLength: "2"]
        #expect(check(.post, json) == nil)
        #expect(check(.post, json + [.origin: "http://localhost:3000"]) == nil)
        #expect(check(.post, json + [.origin: "http://evil.example"]) == .forbidden)
        #expect(check(.delete, [.origin: "http://evil.example"]) == .forbidden)
        #expect(check(.get, [.origin: "http://evil.example"]) == nil, "reads are answered (CORS keeps them from the page)")
        #expect(check(.post, [.contentType: "text/plain", .contentLength: "2"]) == .validationFailed)
        #expect(check(.patch, [.contentType: "application/x-www-form-urlencoded", .transferEncoding: "chunked"]) == .validationFailed)
        #expect(check(.post, [.contentLength: "2"]) == .validationFailed)
        #expect(check(.post, [.contentLength: "0"]) == nil, "a write without a body (logout) needs no type")
    }

    @Test func uploadsTakeAnyBodyButACookieOneNeedsAnAllowedOrigin() throws {
        let policy = try OriginPolicy(origins: ["http://localhost:3000"])
        func check(_ headers: HTTPFields) -> ErrorCode? {
            do {
                try policy.checkUpload(method: .post, headers: headers)
                return nil
            } catch {
                return error.code
            }
        }
        let form: HTTPFields = [.contentType: "multipart/form-data; boundary=x", .contentLength: "10"]
        #expect(check(form + [.authorization: "Bearer t"]) == nil)
        #expect(check(form + [.cookie: "access_token=t", .origin: "http://localhost:3000"]) == nil)
        #expect(check(form + [.cookie: "access_token=t"]) == .forbidden, "a form without Origin cannot upload with the cookie")
        #expect(check(form + [.cookie: "access_token=t", .origin: "http://evil.example"]) == .forbidden)
        #expect(check(form) == nil, "no credentials: the route answers 401")
    }
}

private func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
    var all = lhs
    all.append(contentsOf: rhs)
    return all
}
