import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceKit
import Testing
import TestSupport

@testable import NotificationFanout

/// The fan-out against a real Redis and a real HTTP receiver: what the store writes on `events`
/// becomes signed webhook calls for offline users.
// Bounded: a lost update fails its test instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct FanoutServiceTests {
    let logger: Logger = {
        var logger = Logger(label: "test.fanout")
        logger.logLevel = .warning
        return logger
    }()

    func withFanout(
        _ extra: [String: String] = [:], plan: @escaping @Sendable (Int) -> Int = { _ in 204 },
        _ body: @Sendable (RedisClient, WebhookReceiver, FanoutTestEnvironment) async throws -> Void
    ) async throws {
        let environment = try await FanoutTestEnvironment.start()
        try await withTeardown({ await environment.shutdown() }) {
            try await WebhookReceiver.with(plan: plan) { receiver in
                let configuration = try environment.configuration(["WEBHOOK_URL": receiver.url].merging(extra) { $1 })
                let app = buildFanoutApplication(configuration: configuration, logger: logger)
                try await app.test(.router) { http in
                    // Ready once its Redis connections are up. One check waits at most the health
                    // check's timeout (2 s), which a loaded CI machine starting many suites at once
                    // can exceed: asked again, a bounded number of times, until it says so.
                    var ready = HTTPResponse.Status.serviceUnavailable
                    for _ in 0..<15 where ready != .ok {
                        ready = try await http.execute(uri: "/health/ready", method: .get) { $0.status }
                    }
                    #expect(ready == .ok)
                    try await environment.client { redis in try await body(redis, receiver, environment) }
                }
            }
        }
    }

    @Test func anOfflineUserGetsOneSignedNotificationForABurstAndAnOnlineOneNone() async throws {
        try await withFanout { redis, receiver, _ in
            // carol is online: a gateway keeps her presence key.
            try await redis.set(RedisNames.presence("carol"), to: ByteBuffer(string: "gw-1"), expiresIn: .seconds(60))
            _ = try await redis.send(batch: (1...5).map { try Events.created($0, recipients: [("bob", $0), ("carol", $0)]) })
            var calls = receiver.received.makeAsyncIterator()
            let call = try #require(await calls.next())
            let signer = WebhookSigner(secret: Array(FanoutTestEnvironment.secret.utf8))
            #expect(signer.verify(header: try #require(call.signature), body: call.body), "signed with the shared secret")
            let notification = try WebhookNotification(json: call.body)
            #expect(notification.recipientId == "bob" && notification.messageCount == 5 && notification.unreadCount == 5)
            #expect(notification.messageId == "m5" && notification.preview == "message 5" && notification.sender.id == "alice")
            #expect(call.notificationID == notification.id)
            try await eventually("the queue to empty") { try await redis.send(RedisCommand("ZCARD", "f:notify:due")).int == 0 }
            #expect(receiver.all.count == 1, "one call for the burst, none for the online user")
        }
    }

    /// A message deleted before its notification went out never shows in one: alone, it makes no
    /// notification; after others, it is counted out and its text is not previewed.
    @Test func aDeletedMessageIsTakenOutOfTheNotificationStillWaiting() async throws {
        try await withFanout(["NOTIFICATION_WINDOW_MS": "1500"]) { redis, receiver, _ in
            func deleted(_ number: Int, for user: String, unread: Int) throws -> RedisCommand {
                try Events.xadd(DomainEventEnvelope(
                    eventId: "d\(number)", occurredAt: Date(),
                    event: .messageDeleted(
                        conversationId: "c1", messageId: "m\(number)", deletedAt: Date(),
                        recipients: [RecipientUnread(userId: user, totalUnread: unread, conversationUnread: unread)])))
            }
            // dave: one message, deleted → nothing. erin: two messages, the last deleted → one, no preview of it.
            _ = try await redis.send(batch: [
                try Events.created(1, recipients: [("dave", 1)]), try deleted(1, for: "dave", unread: 0),
                try Events.created(2, recipients: [("erin", 1)]), try Events.created(3, recipients: [("erin", 2)]), try deleted(3, for: "erin", unread: 1),
            ])
            var calls = receiver.received.makeAsyncIterator()
            let call = try #require(await calls.next())
            let notification = try WebhookNotification(json: call.body)
            #expect(notification.recipientId == "erin" && notification.messageCount == 1 && notification.preview.isEmpty)
            #expect(!String(decoding: call.body, as: UTF8.self).contains("message 3"), "the deleted text never leaves")
            try await eventually("the queue to empty") { try await redis.send(RedisCommand("ZCARD", "f:notify:due")).int == 0 }
            #expect(receiver.all.count == 1, "none for dave, whose only message was deleted")
        }
    }

    @Test func aReceiverThatFailsTwiceGetsTheNotificationOnce() async throws {
        try await withFanout(plan: { $0 <= 2 ? 503 : 204 }) { redis, receiver, _ in
            _ = try await redis.send(batch: [try Events.created(1, recipients: [("bob", 1)])])
            var calls = receiver.received.makeAsyncIterator()
            var statuses = [Int]()
            var ids = Set<String?>()
            while let call = await calls.next() {
                statuses.append(call.status)
                ids.insert(call.notificationID)
                if call.status == 204 { break }
            }
            #expect(statuses == [503, 503, 204] && ids.count == 1)
            try await eventually("the queue to empty") { try await redis.send(RedisCommand("ZCARD", "f:notify:due")).int == 0 }
            #expect(receiver.all.count == 3)
            #expect(try await redis.xlen(RedisNames.notificationsDeadLetterStream) == 0)
        }
    }

    @Test func aReceiverThatAlwaysFailsEndsInTheDeadLetterStream() async throws {
        try await withFanout(["WEBHOOK_MAX_ATTEMPTS": "3"], plan: { _ in 500 }) { redis, receiver, _ in
            _ = try await redis.send(batch: [try Events.created(1, recipients: [("bob", 1)])])
            try await eventually("a dead letter") { try await redis.xlen(RedisNames.notificationsDeadLetterStream) == 1 }
            #expect(receiver.all.count == 3)
            let entries = try await redis.send(RedisCommand("XRANGE", "f:notifications:dead", "-", "+"))
            let fields = try #require(entries.array?.first?.array?.last?.array).compactMap(\.string)
            #expect(fields.contains("recipientId") && fields.contains("bob") && fields.contains("HTTP 500"))
            // The dispatcher writes the dead letter, then takes the notification off the queue.
            try await eventually("the queue to empty") { try await redis.send(RedisCommand("ZCARD", "f:notify:due")).int == 0 }
        }
    }

    @Test func aNotificationClaimedAgainAfterALeaseIsTheSameOneAndLaterMessagesMakeTheNext() async throws {
        let environment = try await FanoutTestEnvironment.start()
        try await withTeardown({ await environment.shutdown() }) {
            try await environment.client { redis in
                let queue = NotificationQueue(redis: redis, seenTTL: .seconds(60))
                func notification(_ number: Int) -> WebhookNotification {
                    let message = MessagingMessage(
                        id: "m\(number)", conversationId: "c", seq: number, content: "n\(number)", senderId: "alice", type: .user, isRead: false,
                        createdAt: Date(), sender: Events.alice)
                    return WebhookNotification(message: message, recipient: RecipientUnread(userId: "bob", totalUnread: number, conversationUnread: number))
                }
                let start = Date(timeIntervalSince1970: 1_800_000_000)
                #expect(try await queue.collect([("e1", notification(1)), ("e2", notification(2)), ("e2", notification(2))], dueAt: start) == 2)
                let first = try #require(try await queue.claimDue(now: start, leaseUntil: start + 30, limit: 10).first)
                #expect(first.messages == 2 && first.notification.id == "bob:m2" && first.attempt == 1)
                #expect(try await queue.claimDue(now: start + 10, leaseUntil: start + 40, limit: 10).isEmpty, "leased")
                // A message arrives while it is in flight; then the deliverer dies and the lease ends.
                #expect(try await queue.collect([("e3", notification(3))], dueAt: start + 31) == 1)
                let again = try #require(try await queue.claimDue(now: start + 31, leaseUntil: start + 60, limit: 10).first)
                #expect(again.messages == 2 && again.notification.id == "bob:m2" && again.attempt == 2, "the same notification again")
                try await queue.finish(again, nextDueAt: start + 40)
                let next = try #require(try await queue.claimDue(now: start + 40, leaseUntil: start + 70, limit: 10).first)
                #expect(next.messages == 1 && next.notification.id == "bob:m3" && next.attempt == 1)
                try await queue.finish(next, nextDueAt: start + 50)
                #expect(try await queue.depth() == 0)
            }
        }
    }
}
