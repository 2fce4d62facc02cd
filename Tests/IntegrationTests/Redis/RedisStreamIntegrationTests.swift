import Foundation
import Logging
import MessagingRedis
import NIOCore
import StreamConsumer
import Testing
import TestSupport

// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct RedisStreamIntegrationTests {
    @Test func aSecondConsumerClaimsWhatAKilledFirstOneLeftPending() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                #expect(try await client.xgroupCreate("jobs", group: "workers"))
                #expect(try await client.xgroupCreate("jobs", group: "workers") == false)
                var ids = [String]()
                for index in 0..<5 { ids.append(try await client.xadd("jobs", fields: [("n", String(index))], maxLength: 10_000)) }

                // Consumer "a" is another process: it reads every entry and dies without acknowledging.
                let cli = try #require(Executables.find("redis-cli"))
                let output = try Executables.run(cli, ["-p", String(server.port), "XREADGROUP", "GROUP", "workers", "a", "COUNT", "10", "STREAMS", "jobs", ">"])
                #expect(output.contains(ids[4]))

                // Nothing new for "b"…
                let fresh = try await client.xreadgroup("jobs", group: "workers", consumer: "b", count: 10)
                #expect(fresh.isEmpty)
                // …but it claims what "a" left pending.
                let claimed = try await client.xautoclaim("jobs", group: "workers", consumer: "b", minIdle: .zero, count: 10)
                #expect(claimed.entries.map(\.id) == ids)
                #expect(claimed.entries.map { $0.string("n") } == ["0", "1", "2", "3", "4"])
                #expect(try await client.xack("jobs", group: "workers", ids: claimed.entries.map(\.id)) == 5)
                let pending = try await client.send(RedisCommand("XPENDING", "jobs", "workers"))
                #expect(pending.array?.first == .integer(0))
            }
        }
    }

    @Test func theTrimmerRemovesWhatEveryGroupAcknowledgedAndNothingElse() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                let trimmer = StreamTrimmer(redis: client, streams: ["events"], logger: Logger(label: "test"))
                var ids = [String]()
                for index in 0..<10 { ids.append(try await client.xadd("events", fields: [("n", String(index))])) }
                #expect(try await trimmer.trim("events") == 0, "no group yet: a consumer created later reads from the start")
                try await client.xgroupCreate("events", group: "fanout", start: "0")
                try await client.xgroupCreate("events", group: "profiles", start: "0")
                // fanout: read 6, acknowledged the first 4 (5 and 6 pending); profiles: read and acknowledged 3.
                let fanout = try await client.xreadgroup("events", group: "fanout", consumer: "f1", count: 6)
                try await client.xack("events", group: "fanout", ids: fanout.prefix(4).map(\.id))
                let profiles = try await client.xreadgroup("events", group: "profiles", consumer: "p1", count: 3)
                try await client.xack("events", group: "profiles", ids: profiles.map(\.id))

                let groups = try await client.xinfoGroups("events")
                #expect(groups.first { $0.name == "fanout" } == RedisStreamGroupInfo(
                    name: "fanout", lastDeliveredID: ids[5], pending: 2, oldestPendingID: ids[4], lag: 4))
                #expect(groups.first { $0.name == "profiles" }?.oldestPendingID == nil)
                // profiles needs everything after its 3rd: only the first two go.
                #expect(try await trimmer.trim("events") == 2)
                #expect(try await client.xlen("events") == 8)
                // profiles catches up; fanout still holds 5 and 6 pending: they stay, and all after them.
                let rest = try await client.xreadgroup("events", group: "profiles", consumer: "p1", count: 10)
                try await client.xack("events", group: "profiles", ids: rest.map(\.id))
                #expect(try await trimmer.trim("events") == 2)
                #expect(try await client.xlen("events") == 6)
                let pending = try await client.xreadgroup("events", group: "fanout", consumer: "f1", id: "0", count: 10)
                #expect(pending.map(\.id) == [ids[4], ids[5]], "what is pending was never trimmed")
                #expect(try await client.xinfoGroups("no-such-stream").isEmpty)
            }
        }
    }

    @Test func blockingReadOnADedicatedConnectionWakesOnANewEntry() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                try await client.xgroupCreate("commands", group: "store")
                let entries = try await withThrowingTaskGroup(of: [RedisStreamEntry].self) { group in
                    group.addTask {
                        try await client.withDedicatedConnection { connection in
                            try await connection.xreadgroup("commands", group: "store", consumer: "s1", count: 10, block: .seconds(10))
                        }
                    }
                    // Wait until the reader is blocked in Redis, then add.
                    while (try await client.send(RedisCommand("CLIENT", "LIST")).string ?? "").contains("cmd=xreadgroup") == false {
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    try await client.xadd("commands", fields: [("data", "{\"x\":\"\\u0000\"}")])
                    return try await group.next() ?? []
                }
                #expect(entries.count == 1)
                #expect(entries.first?.string("data") == "{\"x\":\"\\u0000\"}")
                // The shared connection was never blocked meanwhile.
                #expect(try await client.xlen("commands") == 1)
            }
        }
    }
}
