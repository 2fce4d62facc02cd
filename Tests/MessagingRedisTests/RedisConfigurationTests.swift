import MessagingRedis
import Testing

@Suite struct RedisConfigurationTests {
    @Test func readsEveryPartOfTheURL() throws {
        let configuration = try RedisConfiguration(url: "redis://app:p%40ss@cache.internal:6380/3")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6380)
        #expect(configuration.username == "app")
        #expect(configuration.password == "p@ss")
        #expect(configuration.database == 3)
        #expect("\(configuration)" == "redis://***@cache.internal:6380/3")
    }

    @Test func defaultsPortAndDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://:secret@localhost")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 0)
        #expect(configuration.username == nil)
        #expect(configuration.password == "secret")
        let ipv6 = try RedisConfiguration(url: "redis://[::1]:7000")
        #expect(ipv6.host == "::1" && ipv6.port == 7000)
    }

    @Test(arguments: ["http://localhost", "redis://", "redis://host:notaport", "redis://host:70000", "redis://host/x", "redis://[::1"])
    func refusesBadURLsWithAClearError(url: String) {
        #expect {
            _ = try RedisConfiguration(url: url)
        } throws: { error in
            guard let error = error as? RedisClientError else { return false }
            return error.code == .invalidConfiguration && error.message.contains("expected redis://")
        }
    }
}
