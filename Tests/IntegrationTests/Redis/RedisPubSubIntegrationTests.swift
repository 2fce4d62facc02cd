import Foundation
import MessagingRedis
import NIOCore
import Testing
import TestSupport

// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct RedisPubSubIntegrationTests {
    @Test func subscribeAndUnsubscribeAtRunTime() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                try await client.subscribe(to: ["a"]) { subscription in
                    var iterator = subscription.makeAsyncIterator()
                    #expect(try await client.publish("1", to: "a") == 1)
                    #expect(await iterator.next()?.channel == "a")

                    try await subscription.subscribe(to: ["b"])
                    #expect(try await client.publish(ByteBuffer(bytes: [0, 13, 10]), to: "b") == 1)
                    let binary = await iterator.next()
                    #expect(binary?.channel == "b")
                    #expect(binary.map { Array($0.payload.readableBytesView) } == [0, 13, 10])

                    try await subscription.unsubscribe(from: ["a"])
                    // Redis itself no longer has a subscriber on "a".
                    #expect(try await client.publish("2", to: "a") == 0)
                    #expect(try await client.publish("3", to: "b") == 1)
                    #expect(await iterator.next().map { String(buffer: $0.payload) } == "3")
                }
                // The scope ended: nothing listens any more.
                #expect(try await client.publish("4", to: "b") == 0)
            }
        }
    }

    @Test func whatOneTransactionPublishedArrivesAsOneBatchInOrder() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                try await client.subscribe(to: ["room", "unread"]) { subscription in
                    var batches = subscription.batches.makeAsyncIterator()
                    let replies = try await client.send(batch: [
                        RedisCommand("MULTI"), RedisCommand("PUBLISH", "room", "m1"), RedisCommand("PUBLISH", "elsewhere", "x"),
                        RedisCommand("PUBLISH", "unread", "c1"), RedisCommand("EXEC"),
                    ])
                    #expect(replies.last?.array?.map(\.int) == [1, 0, 1])
                    let batch = try #require(await batches.next())
                    #expect(batch.map(\.channel) == ["room", "unread"])
                    #expect(batch.map { String(buffer: $0.payload) } == ["m1", "c1"])
                    // One at a time, the same messages in the same order.
                    _ = try await client.send(batch: [
                        RedisCommand("MULTI"), RedisCommand("PUBLISH", "room", "m2"), RedisCommand("PUBLISH", "unread", "c2"), RedisCommand("EXEC"),
                    ])
                    var iterator = subscription.makeAsyncIterator()
                    #expect(await iterator.next().map { String(buffer: $0.payload) } == "m2")
                    #expect(await iterator.next().map { String(buffer: $0.payload) } == "c2")
                }
            }
        }
    }

    @Test func twoLocalSubscriptionsShareOneRedisSubscription() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                try await client.subscribe(to: ["room"]) { first in
                    try await client.subscribe(to: ["room"]) { second in
                        let receivers = try await client.publish("x", to: "room")
                        #expect(receivers == 1)
                        var firstIterator = first.makeAsyncIterator()
                        var secondIterator = second.makeAsyncIterator()
                        #expect(await firstIterator.next() != nil)
                        #expect(await secondIterator.next() != nil)
                    }
                    // The inner scope ended, the outer one still listens.
                    #expect(try await client.publish("y", to: "room") == 1)
                    var iterator = first.makeAsyncIterator()
                    // ("x" was consumed from this stream inside the inner scope.)
                    #expect(await iterator.next().map { String(buffer: $0.payload) } == "y")
                }
            }
        }
    }

    /// Whether the client's health check passes within 200 tries (each waits up to its timeout).
    static func becomesHealthy(_ client: RedisClient) async throws -> Bool {
        for _ in 0..<200 {
            if await client.checkHealth() { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    @Test func subscriberComesBackAfterRedisRestartsAndHealthSaysSoInBetween() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                // The first checks may race the connections' start on a loaded machine.
                #expect(try await Self.becomesHealthy(client), "health must say Redis works once connected")
                try await client.subscribe(to: ["room:1", "user:7"]) { subscription in
                    await server.stop()
                    var sawUnhealthy = false
                    for _ in 0..<100 where !sawUnhealthy {
                        sawUnhealthy = !(await client.checkHealth())
                    }
                    #expect(sawUnhealthy, "health must report the outage")

                    try await server.start()
                    #expect(try await Self.becomesHealthy(client), "health must come back once Redis is back")

                    // Every channel it had is subscribed again, in Redis' own books.
                    #expect(try await client.publish("after-1", to: "room:1") == 1)
                    #expect(try await client.publish("after-7", to: "user:7") == 1)
                    var iterator = subscription.makeAsyncIterator()
                    let first = await iterator.next()
                    let second = await iterator.next()
                    #expect(Set([first?.channel, second?.channel]) == ["room:1", "user:7"])
                }
            }
        }
    }

    @Test func healthIsFalseWithoutRedis() async throws {
        let port = try FreePort.make()
        try await RedisClient.withRunning(url: "redis://127.0.0.1:\(port)", configure: { $0.connectTimeout = .milliseconds(200) }) { client in
            #expect(await client.checkHealth() == false)
            do {
                _ = try await client.send(RedisCommand("PING"))
                Issue.record("PING without Redis should fail")
            } catch let error as RedisClientError {
                #expect(error.code == .unavailable)
            }
        }
    }
}
