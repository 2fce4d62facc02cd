public import Foundation
public import JSONCoding
public import MessagingProtocol
public import MessagingRedis
import NIOCore
import Synchronization

/// Speaks to the message store the way a gateway does, over real Redis: `XADD commands` with a
/// reply channel, and replies read from `gateway:{instanceId}`.
public final class CommandClient: Sendable {
    /// A reply: the header and the raw JSON body.
    public struct Reply: Sendable {
        /// The header (with the error, if the command failed).
        public var header: CommandReplyHeader
        /// The raw JSON body.
        public var body: String

        /// The body decoded.
        public func decode<Value: JSONReadable>(_ type: Value.Type) throws -> Value {
            try Value(json: body)
        }
    }

    let redis: RedisClient
    /// The gateway instance id replies are addressed to.
    public let instanceID: String
    private let replies = Mutex<[String: Reply]>([:])
    private let waiters = Mutex<[String: CheckedContinuation<Reply?, Never>]>([:])

    init(redis: RedisClient, instanceID: String) {
        self.redis = redis
        self.instanceID = instanceID
    }

    /// Runs `body` with a client listening on its reply channel.
    public static func with<Result: Sendable>(
        redis: RedisClient, instanceID: String = "test-gateway-\(UUID().uuidString.prefix(6))",
        _ body: @Sendable (CommandClient) async throws -> Result
    ) async throws -> Result {
        let client = CommandClient(redis: redis, instanceID: instanceID)
        return try await redis.subscribe(to: [RedisNames.gateway(instanceID)]) { subscription in
            try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    for await message in subscription { client.receive(message) }
                    return nil
                }
                defer { group.cancelAll() }
                return try await body(client)
            }
        }
    }

    private func receive(_ message: RedisPushMessage) {
        guard let envelope = try? CommandReplyEnvelope(decoding: Array(message.payload.readableBytesView)) else { return }
        let reply = Reply(header: envelope.header, body: envelope.body)
        let waiter = waiters.withLock { $0.removeValue(forKey: envelope.header.requestId) }
        if let waiter {
            waiter.resume(returning: reply)
        } else {
            replies.withLock { $0[envelope.header.requestId] = reply }
        }
    }

    /// Queues a command; returns its request id.
    @discardableResult
    public func enqueue(_ command: StoreCommand, as actor: UserSummary, requestId: String = UUID().uuidString) async throws -> String {
        let envelope = CommandEnvelope(requestId: requestId, replyTo: instanceID, issuedAt: Date(), actor: actor, command: command)
        try await redis.xadd(RedisNames.commandsStream, fields: envelope.streamFields())
        return requestId
    }

    /// Waits for the reply to a request, up to `timeout`.
    public func reply(to requestId: String, timeout: Duration = .seconds(20)) async throws -> Reply {
        try await withThrowingTaskGroup(of: Reply.self) { group in
            group.addTask {
                guard let reply = await self.waitForReply(to: requestId) else { throw CancellationError() }
                return reply
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TestServerError("no reply to \(requestId) within \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private func waitForReply(to requestId: String) async -> Reply? {
        await withTaskCancellationHandler {
            await waitForReplyUncancelled(to: requestId)
        } onCancel: {
            waiters.withLock { $0.removeValue(forKey: requestId) }?.resume(returning: nil)
        }
    }

    private func waitForReplyUncancelled(to requestId: String) async -> Reply? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Reply?, Never>) in
            if let reply = replies.withLock({ $0.removeValue(forKey: requestId) }) {
                continuation.resume(returning: reply)
                return
            }
            waiters.withLock { $0[requestId] = continuation }
            // It may have arrived between the two looks.
            if let reply = replies.withLock({ $0.removeValue(forKey: requestId) }), let waiter = waiters.withLock({ $0.removeValue(forKey: requestId) }) {
                waiter.resume(returning: reply)
            }
        }
    }

    /// Sends and waits.
    public func send(_ command: StoreCommand, as actor: UserSummary) async throws -> Reply {
        try await reply(to: try await enqueue(command, as: actor))
    }
}
