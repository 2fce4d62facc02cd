import AuthService
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MessagingProtocol
import NIOCore
import ServiceKit
import Testing
import TestSupport

/// Builds configurations for tests: a real Redis, a real database, a fresh key file, bcrypt cost 4.
struct AuthTestEnvironment: Sendable {
    let redis: RedisServer
    let postgres: PostgresServer?
    let folder: URL

    static func start(_ database: TestDatabase) async throws -> AuthTestEnvironment {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ink-auth-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let redis = try await RedisServer.start()
        do {
            let postgres = database == .postgres ? try await PostgresServer.start(creating: "auth") : nil
            return AuthTestEnvironment(redis: redis, postgres: postgres, folder: folder)
        } catch {
            await redis.shutdown()  // nothing started here outlives a failed start
            throw error
        }
    }

    var databaseURL: String {
        postgres?.url(database: "auth") ?? "sqlite://\(folder.appendingPathComponent("auth.sqlite").path)"
    }

    var keyFile: String { folder.appendingPathComponent("signing-key.pem").path }

    func variables(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "REDIS_URL": redis.url, "DATABASE_URL": databaseURL, "BCRYPT_COST": "4", "LOG_LEVEL": "warning",
            "REDIS_KEY_PREFIX": "test:",
        ].merging(extra) { $1 }
    }

    /// The configuration; the signing key file is generated in the test's folder on first use, as
    /// the service does with its default path.
    func configuration(_ extra: [String: String] = [:]) throws -> AuthConfiguration {
        var configuration = try AuthConfiguration(EnvironmentReader(variables(extra)))
        if extra["JWT_SIGNING_KEY_FILE"] == nil && extra["JWT_SIGNING_KEY"] == nil {
            configuration.signingKey = .file(path: keyFile, generateIfMissing: true)
        }
        return configuration
    }

    func shutdown() async {
        await redis.shutdown()
        await postgres?.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}

extension TestClientProtocol {
    /// Sends a JSON body.
    @discardableResult
    func send<Body: Encodable>(
        _ method: HTTPRequest.Method, _ uri: String, json body: Body, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(bytes: try MessagingJSON.encode(body)))
    }

    /// Sends raw text as the body, as `application/json` unless `headers` say otherwise.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, raw: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: raw))
    }
}

/// The `access_token=…` pair of a Set-Cookie header.
func cookiePair(_ response: TestResponse) -> String? {
    response.headers[.setCookie]?.split(separator: ";").first.map(String.init)
}
