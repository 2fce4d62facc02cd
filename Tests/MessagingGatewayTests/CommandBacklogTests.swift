import Logging
import MessagingProtocol
import MessagingRedis
import Testing
import TestSupport

@testable import MessagingGateway

/// How far behind the stores are, from the store group's numbers.
@Suite(.timeLimit(.minutes(3))) struct CommandBacklogTests {
    @Test func unreadPlusPendingWithTheStreamLengthWhenRedisCannotTellTheLag() {
        let group = RedisStreamGroupInfo(name: "store", lastDeliveredID: "1-0", pending: 40, oldestPendingID: "1-0", lag: 60)
        #expect(CommandBacklog.backlog(of: group, length: 5_000) == 100)
        var unknown = group
        unknown.lag = nil
        #expect(CommandBacklog.backlog(of: unknown, length: 5_000) == 5_000)
    }

    @Test func neverMoreThanTheStreamHoldsWhateverRedisSaysItsLagIs() {
        let group = RedisStreamGroupInfo(name: "store", lastDeliveredID: "9-0", pending: 0, oldestPendingID: nil, lag: 105_934)
        #expect(CommandBacklog.backlog(of: group, length: 1) == 1)
        #expect(group.unread(streamLength: 1) == 1)
    }

    /// Redis 7.0 reports a `lag` above what is left once a stream was trimmed past entries the group
    /// had not read (redis/redis#13957): the gateways must not take it for a store that is behind.
    @Test func aWrongLagFromRedisAfterATrimDoesNotRefuseCommands() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { redis in
                let stream = RedisNames.commandsStream
                for index in 0..<5 { _ = try await redis.xadd(stream, fields: [("n", String(index))]) }
                try await redis.xgroupCreate(stream, group: RedisNames.storeConsumerGroup, start: "0")
                let first = try await redis.xreadgroup(stream, group: RedisNames.storeConsumerGroup, consumer: "s1", count: 1)
                _ = try await redis.send(RedisCommand([.string("XTRIM"), redis.key(stream), .string("MAXLEN"), .string("1")]))
                let rest = try await redis.xreadgroup(stream, group: RedisNames.storeConsumerGroup, consumer: "s1", count: 10)
                try await redis.xack(stream, group: RedisNames.storeConsumerGroup, ids: (first + rest).map(\.id))
                let group = try #require(try await redis.xinfoGroups(stream).first)
                // The store has everything: nothing unread, nothing pending, one entry left.
                #expect(group.pending == 0)
                #expect(try await redis.xlen(stream) == 1)
                if let lag = group.lag { #expect(group.unread(streamLength: 1) <= 1, "Redis said lag \(lag)") }

                let backlog = CommandBacklog(redis: redis, limit: 2, logger: Logger(label: "test"))
                await backlog.check()
                #expect(!backlog.isOverLimit, "Redis' lag was \(group.lag.map(String.init) ?? "unknown")")
            }
        }
    }
}
