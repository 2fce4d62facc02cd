import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MessageStore
import MessagingProtocol
import NIOCore
import ServiceKit
import TestSupport

/// A real Redis and a real database for store tests.
struct StoreTestEnvironment: Sendable {
    let redis: RedisServer
    let postgres: PostgresServer?
    let folder: URL
    static let prefix = "t:"
    static let serviceKey = "svc_test_key_0123456789abcdef0123456789"

    static func start(_ database: TestDatabase) async throws -> StoreTestEnvironment {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ink-store-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let redis = try await RedisServer.start()
        do {
            let postgres = database == .postgres ? try await PostgresServer.start(creating: "store") : nil
            return StoreTestEnvironment(redis: redis, postgres: postgres, folder: folder)
        } catch {
            await redis.shutdown()  // nothing started here outlives a failed start
            throw error
        }
    }

    var databaseURL: String { postgres?.url(database: "store") ?? "sqlite://\(folder.appendingPathComponent("store.sqlite").path)" }

    /// The store's settings for a test. Another consumer's entries are claimed after 30 s, as in
    /// production: a test machine busy with every suite at once can leave a healthy store's batch
    /// pending for more than a fraction of a second, and a claim then publishes it again, which the
    /// tests reading the room's broadcasts one by one would take for a new event. The crash tests,
    /// which need claims, set their own.
    func variables(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "REDIS_URL": redis.url, "DATABASE_URL": databaseURL, "JWT_HS256_SECRET": TestTokens.secret, "LOG_LEVEL": "warning",
            "SERVICE_API_KEYS": Self.serviceKey, "CLAIM_IDLE_MS": "30000", "REDIS_KEY_PREFIX": StoreTestEnvironment.prefix,
        ].merging(extra) { $1 }
    }

    func configuration(_ extra: [String: String] = [:]) throws -> StoreConfiguration {
        try StoreConfiguration(EnvironmentReader(variables(extra)))
    }

    func shutdown() async {
        await redis.shutdown()
        await postgres?.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// People of the tests.
enum People {
    static let alice = UserSummary(id: "alice", firstName: "Alice", lastName: "Martin", role: .client, email: "alice@example.com")
    static let salon = UserSummary(id: "salon", salonName: "Ink Lab", role: .salon)
    static let carol = UserSummary(id: "carol", firstName: "Carol", role: .client)
}

extension TestClientProtocol {
    /// A JSON request as a user (HS256 bearer token) or with raw headers.
    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ uri: String, as user: UserSummary? = nil, json: (some Encodable)? = String?.none, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        if let user { headers[.authorization] = "Bearer \(try await TestTokens.hs256(user))" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try MessagingJSON.encode(json))
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }

    /// Creates a conversation between `creator` and `others`; returns its id.
    func conversation(_ creator: UserSummary, with others: [UserSummary], subject: String? = nil) async throws -> String {
        let response = try await call(.post, "/api/conversations", as: creator, json: CreateConversationRequest(participantIds: others.map(\.id), subject: subject))
        return try MessagingJSON.decode(ConversationResponse.self, from: Data(buffer: response.body)).conversation.id
    }
}
