import Foundation
import MessagingProtocol
import MessagingRedis
import NIOCore
import Testing
import TestSupport

@testable import NotificationFanout

/// A fan-out process killed mid-stream and started again loses no notification, and sends none twice.
// Bounded: a lost update fails its test instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct FanoutCrashTests {
    static let users = (1...20).map { "u\($0)" }
    static let perUser = 60

    @Test func aFanoutKilledMidStreamAndRestartedLosesNothing() async throws {
        let environment = try await FanoutTestEnvironment.start()
        try await withTeardown({ await environment.shutdown() }) {
            try await WebhookReceiver.with { receiver in
                let variables = environment.variables(["WEBHOOK_URL": receiver.url, "INSTANCE_ID": "fanout-k", "EVENT_BATCH_SIZE": "10"])
                try await environment.client { redis in
                    // What a consumer of this name read and never acknowledged before an earlier crash.
                    try await redis.xgroupCreate(RedisNames.eventsStream, group: RedisNames.fanoutConsumerGroup, start: "0")
                    var number = 0
                    func burst(_ rounds: ClosedRange<Int>) throws -> [RedisCommand] {
                        try rounds.flatMap { round in
                            try Self.users.map { user in
                                number += 1
                                return try Events.created(number, conversation: "c-\(user)", recipients: [(user, round)])
                            }
                        }
                    }
                    _ = try await redis.send(batch: try burst(1...5))
                    let orphaned = try await redis.xreadgroup(RedisNames.eventsStream, group: RedisNames.fanoutConsumerGroup, consumer: "fanout-k", count: 50)
                    #expect(orphaned.count == 50)

                    // Every message in exactly one notification (a repeat after a crash has the same id).
                    let expected = Dictionary(uniqueKeysWithValues: Self.users.map { ($0, Self.perUser) })
                    @Sendable func notified() throws -> [String: Int] {
                        var perNotification = [String: WebhookNotification]()
                        for call in receiver.all {
                            let notification = try WebhookNotification(json: call.body)
                            perNotification[notification.id] = notification
                        }
                        var messages = [String: Int]()
                        for notification in perNotification.values { messages[notification.recipientId, default: 0] += notification.messageCount }
                        return messages
                    }
                    let fanout = ServiceSlot(try await ServiceProcess.start("messaging-fanout", environment: variables, logFolder: environment.folder))
                    try await withTeardown({ await fanout.current.stop() }) {
                        _ = try await redis.send(batch: try burst(6...30))
                        // Killed at work: it has collected notifications, and more events wait.
                        try await eventually("the fan-out at work") { try await redis.send(RedisCommand("ZCARD", "f:notify:due")).int ?? 0 > 0 }
                        await fanout.current.process.stop(signal: SIGKILL)
                        // The stream goes on while it is down.
                        _ = try await redis.send(batch: try burst(31...Self.perUser))
                        fanout.current = try await ServiceProcess.start("messaging-fanout", environment: variables, logFolder: environment.folder)
                        try await eventually("every message notified", timeout: .seconds(90)) { try notified() == expected }
                        try await eventually("nothing left due") { try await redis.send(RedisCommand("ZCARD", "f:notify:due")).int == 0 }
                    }
                    let pending = try await redis.send(RedisCommand("XPENDING", "f:events", "fanout"))
                    #expect(pending.array?.first == .integer(0), "every event acknowledged")

                    #expect(try notified() == expected)
                }
            }
        }
    }
}
