import MessagingRedis
import Testing

@testable import MessagingGateway

/// How far behind the stores are, from the store group's numbers.
@Suite struct CommandBacklogTests {
    @Test func unreadPlusPendingWithTheStreamLengthWhenRedisCannotTellTheLag() {
        let group = RedisStreamGroupInfo(name: "store", lastDeliveredID: "1-0", pending: 40, oldestPendingID: "1-0", lag: 60)
        #expect(CommandBacklog.backlog(of: group, length: 5_000) == 100)
        var unknown = group
        unknown.lag = nil
        #expect(CommandBacklog.backlog(of: unknown, length: 5_000) == 5_040)
    }
}
