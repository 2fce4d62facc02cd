import HTTPTypes
import ServiceKit
import Testing
import TokenVerification

@Suite struct ServiceCredentialsTests {
    static let key = "svc_2f9c1a7e5b3d4c6a8e0f1b2c3d4e5f60"

    @Test func acceptsOnlyConfiguredKeys() throws {
        let credentials = try ServiceCredentials(EnvironmentReader(["SERVICE_API_KEYS": "\(Self.key), svc_other_key_that_is_long_enough_000"]))
        #expect(credentials.isEnabled)
        #expect(credentials.accepts(Self.key))
        #expect(credentials.accepts("svc_other_key_that_is_long_enough_000"))
        #expect(!credentials.accepts(Self.key + "x"))
        #expect(!credentials.accepts(""))
        #expect(!ServiceCredentials.none.accepts(Self.key))
        #expect(throws: ConfigurationError.self) { try ServiceCredentials(EnvironmentReader(["SERVICE_API_KEYS": "short"])) }
    }

    @Test func tokensComeFromTheBearerHeaderThenTheCookie() {
        #expect(RequestCredentials.token(in: [.authorization: "Bearer abc.def.ghi"]) == "abc.def.ghi")
        #expect(RequestCredentials.token(in: [.authorization: "bearer   abc  "]) == "abc")
        #expect(RequestCredentials.token(in: [.cookie: "theme=dark; access_token=tok; other=1"]) == "tok")
        #expect(RequestCredentials.token(in: [.authorization: "Bearer header", .cookie: "access_token=cookie"]) == "header")
        #expect(RequestCredentials.token(in: [.authorization: "Basic dXNlcjpwYXNz"]) == nil)
        #expect(RequestCredentials.token(in: [.cookie: "access_token="]) == nil)
        #expect(RequestCredentials.token(in: [:]) == nil)
    }
}
