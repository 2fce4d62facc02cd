import Foundation
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceKit
import TestSupport

@testable import NotificationFanout

/// A real Redis for fan-out tests, and what the store would write to it.
struct FanoutTestEnvironment: Sendable {
    let redis: RedisServer
    let folder: URL
    static let prefix = "f:"
    static let secret = "webhook-secret-that-is-at-least-32-bytes"

    static func start() async throws -> FanoutTestEnvironment {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ink-fanout-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return FanoutTestEnvironment(redis: try await RedisServer.start(), folder: folder)
    }

    func variables(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "REDIS_URL": redis.url, "REDIS_KEY_PREFIX": Self.prefix, "LOG_LEVEL": "warning", "CLAIM_IDLE_MS": "300",
            "WEBHOOK_SECRET": Self.secret, "NOTIFICATION_WINDOW_MS": "200", "WEBHOOK_RETRY_INITIAL_MS": "50",
            "WEBHOOK_RETRY_MAX_MS": "200", "WEBHOOK_TIMEOUT_MS": "2000",
        ].merging(extra) { $1 }
    }

    func configuration(_ extra: [String: String] = [:]) throws -> FanoutConfiguration {
        try FanoutConfiguration(EnvironmentReader(variables(extra)))
    }

    func client<Result: Sendable>(_ body: @Sendable (RedisClient) async throws -> Result) async throws -> Result {
        try await RedisClient.withRunning(url: redis.url, configure: { $0.keyPrefix = Self.prefix }, body)
    }

    func shutdown() async {
        await redis.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Domain events as the message store writes them.
enum Events {
    static let alice = UserSummary(id: "alice", firstName: "Alice", role: .client)

    /// `message-created` of message `number` from alice in `conversation`, `unread` for each recipient.
    static func created(_ number: Int, conversation: String = "c1", recipients: [(String, Int)]) throws -> RedisCommand {
        let message = MessagingMessage(
            id: "m\(number)", conversationId: conversation, seq: number, content: "message \(number)", senderId: alice.id,
            type: .user, isRead: false, createdAt: Date(), sender: alice)
        let event = DomainEvent.messageCreated(
            message: message, recipients: recipients.map { RecipientUnread(userId: $0.0, totalUnread: $0.1, conversationUnread: $0.1) })
        return try xadd(DomainEventEnvelope(eventId: "r\(number)", occurredAt: Date(), event: event))
    }

    static func xadd(_ envelope: DomainEventEnvelope) throws -> RedisCommand {
        var arguments: [RedisArgument] = [.string("XADD"), .prefixed(prefix: FanoutTestEnvironment.prefix, name: RedisNames.eventsStream), .string("*")]
        for (name, value) in envelope.streamFields() { arguments += [.string(name), .string(value)] }
        return RedisCommand(arguments)
    }
}

/// Waits for a condition that something else makes true (polled, bounded).
func eventually(_ what: String, timeout: Duration = .seconds(20), _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestServerError("timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
