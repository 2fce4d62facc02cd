import Foundation
import MessagingRedis
import NIOCore
import Testing
import TestSupport

/// Against a real `redis-server` started on a free loopback port for each test.
// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct RedisClientIntegrationTests {
    @Test func concurrentCallersArePipelinedOnOneConnection() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                let replies = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<1000 {
                        group.addTask { try await client.send(RedisCommand("INCR", "counter")).int ?? -1 }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(Set(replies) == Set(1...1000))
                let clients = try await client.send(RedisCommand("CLIENT", "LIST")).string ?? ""
                // One command connection and one subscriber connection, whatever the concurrency.
                #expect(clients.split(separator: "\n").count == 2)

                let batch = try await client.send(batch: (0..<500).map { RedisCommand("INCR", .string("batch-\($0 % 5)")) } + [RedisCommand("NOPE")])
                #expect(batch.count == 501)
                #expect(batch[499] == .integer(100))
                guard case .error(let message) = batch[500] else { Issue.record("expected an error reply in place"); return }
                #expect(message.contains("unknown command"))
            }
        }
    }

    /// A restarted Redis with a large append-only file answers `-LOADING` to every command while it
    /// reads it back (and `redis-cli ping` exits 0 all the same): the client waits until it is
    /// loaded instead of handing out a connection whose commands fail. A store whose first
    /// command met `LOADING` used to stop, and then never exit.
    @Test func commandsWaitWhileARestartedRedisLoadsItsData() async throws {
        let server = try await RedisServer.start(extraArguments: ["--appendonly", "yes", "--appendfsync", "always"])
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                let writes = (0..<3_000).map { RedisCommand("SET", .string("key\($0)"), .string("value")) }
                _ = try await client.send(batch: writes)
            }
            await server.stop()
            // Reading back 3 000 keys then takes about 3 s (1 ms a key).
            server.extraArguments += ["--key-load-delay", "1000"]
            try await server.start()
            let cli = try #require(Executables.find("redis-cli"))
            let early = (try? Executables.run(cli, ["-p", String(server.port), "GET", "key1"])) ?? ""

            #expect(early.contains("LOADING"), "Redis was expected to be still loading: \(early)")
            try await RedisClient.withRunning(url: server.url) { client in
                let value = try await client.send(RedisCommand("GET", .string("key2999")))
                #expect(value.string == "value")
            }
        }
    }

    @Test func argumentsAndValuesAreBinarySafe() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                let value = ByteBuffer(bytes: [0, 13, 10, 0, 255, 36, 13, 10])
                try await client.set("key\r\nwith\0nul", to: value)
                #expect(try await client.get("key\r\nwith\0nul") == value)
                #expect(try await client.get("key") == nil)
            }
        }
    }

    @Test func errorRepliesAreTypedWithTheirCommand() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                try await client.set("text", to: ByteBuffer(string: "x"))
                do {
                    _ = try await client.xadd("text", fields: [("a", "b")])
                    Issue.record("XADD on a string should fail")
                } catch let error as RedisClientError {
                    #expect(error.code == .errorReply)
                    #expect(error.command == "XADD")
                    #expect(error.channel == "text")
                    #expect(error.message.hasPrefix("WRONGTYPE"))
                }
                // The connection is still usable after an error reply.
                #expect(try await client.send(RedisCommand("PING")) == .simpleString("PONG"))
            }
        }
    }

    @Test func aReplyThatNeverComesTimesOut() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url, configure: { $0.commandTimeout = .milliseconds(300) }) { client in
                do {
                    _ = try await client.send(RedisCommand("BLPOP", "never", "5"))
                    Issue.record("BLPOP should time out")
                } catch let error as RedisClientError {
                    #expect(error.code == .timeout)
                    #expect(error.command == "BLPOP")
                }
            }
        }
    }

    @Test func keysStreamsAndChannelsCarryThePrefix() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url, configure: { $0.keyPrefix = "tenant1:" }) { client in
                try await client.xadd("commands", fields: [("v", "1")], maxLength: 1000)
                #expect(try await client.send(RedisCommand("EXISTS", "tenant1:commands")) == .integer(1))
                #expect(try await client.send(RedisCommand("EXISTS", "commands")) == .integer(0))
                try await client.subscribe(to: ["room:1"]) { subscription in
                    let receivers = try await client.send(RedisCommand("PUBLISH", "tenant1:room:1", "hello"))
                    #expect(receivers == .integer(1))
                    var iterator = subscription.makeAsyncIterator()
                    let message = await iterator.next()
                    #expect(message?.channel == "room:1")
                    #expect(message.map { String(buffer: $0.payload) } == "hello")
                }
            }
        }
    }

    @Test func parsesAndFormatsRedisURLsWithDatabase() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url + "/2") { client in
                try await client.set("in-db-2", to: ByteBuffer(string: "yes"))
                #expect(try await client.send(RedisCommand("CLIENT", "INFO")).string?.contains("db=2") == true)
            }
        }
    }
}
