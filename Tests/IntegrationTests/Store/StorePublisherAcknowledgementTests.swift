import Foundation
import MessagingProtocol
import MessagingRedis
import Testing
import TestSupport

@testable import MessageStore

/// The store acknowledges a batch's `commands` entries in the same transaction as what the batch
/// published: all of it, or nothing (the entries then come again).
@Suite(.timeLimit(.minutes(3))) struct StorePublisherAcknowledgementTests {
    @Test func anEntryIsAcknowledgedWithItsPublishesOrNotAtAll() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            let cli = try #require(Executables.find("redis-cli"))
            let port = String(server.port)
            // A store user that may read and acknowledge commands and publish, but not append to `events`.
            _ = try Executables.run(cli, ["-p", port, "ACL", "SETUSER", "store", "on", ">secret", "resetchannels", "&*", "~t:commands", "+@all"])
            try await RedisClient.withRunning(url: server.url, configure: { $0.keyPrefix = "t:" }) { admin in
                try await admin.xgroupCreate("commands", group: "store", start: "0")
                let id = try await admin.xadd("commands", fields: [("n", "1")])
                let read = try await admin.xreadgroup("commands", group: "store", consumer: "store-1", count: 10)
                #expect(read.map(\.id) == [id])

                let event = DomainEventEnvelope(eventId: "event-1", occurredAt: Date(), event: .userProfileUpdated(UserSummary(id: "alice", firstName: "Alice", role: .client)))
                let outbound: [Outbound] = [
                    .broadcast(channel: RedisNames.room("r1"), event: .newMessage, body: "{}", seq: 1), .event(event),
                ]
                try await RedisClient.withRunning(url: "redis://store:secret@127.0.0.1:\(port)", configure: { $0.keyPrefix = "t:" }) { redis in
                    let publisher = StorePublisher(redis: redis, instanceID: "store-1", eventsMaxLength: 1000)
                    let acknowledgement = RedisCommand([.string("XACK"), redis.key("commands"), .string("store"), .string(id)])
                    await #expect(throws: RedisClientError.self) {
                        try await publisher.publish(outbound, acknowledging: acknowledgement)
                    }
                    let length = try await admin.xlen("events")
                    let pending = try await admin.xinfoGroups("commands").first?.pending
                    #expect(length == 0)
                    #expect(pending == 1, "refused: nothing acknowledged")
                }

                // Allowed to append to `events`: published and acknowledged in one go.
                _ = try Executables.run(cli, ["-p", port, "ACL", "SETUSER", "store", "~t:events"])
                try await RedisClient.withRunning(url: "redis://store:secret@127.0.0.1:\(port)", configure: { $0.keyPrefix = "t:" }) { redis in
                    let publisher = StorePublisher(redis: redis, instanceID: "store-1", eventsMaxLength: 1000)
                    let acknowledgement = RedisCommand([.string("XACK"), redis.key("commands"), .string("store"), .string(id)])
                    try await publisher.publish(outbound, acknowledging: acknowledgement)
                    let length = try await admin.xlen("events")
                    let pending = try await admin.xinfoGroups("commands").first?.pending
                    #expect(length == 1)
                    #expect(pending == 0)
                }
            }
        }
    }
}
