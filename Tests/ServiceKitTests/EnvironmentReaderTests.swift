import MessagingRedis
import NIOCore
import ServiceKit
import Testing
import TokenVerification

@Suite struct EnvironmentReaderTests {
    @Test func defaultsApplyWhenUnsetOrEmpty() throws {
        let common = try CommonConfiguration(EnvironmentReader(["PORT": " ", "LOG_LEVEL": ""]), service: "gateway", defaultPort: 8090)
        #expect(common.host == "127.0.0.1")
        #expect(common.port == 8090)
        #expect(common.instanceID.hasPrefix("gateway-"))
        #expect(common.logLevel == .info)
        #expect(common.logFormat == .text)
        #expect(common.redis.host == "127.0.0.1" && common.redis.port == 6379)
        #expect(common.redis.keyPrefix == "inkstudio:")
        #expect(common.eventLoopThreads == System.coreCount)
    }

    @Test func readsEverySetting() throws {
        let common = try CommonConfiguration(
            EnvironmentReader([
                "HOST": "0.0.0.0", "PORT": "9000", "INSTANCE_ID": "gw-a", "LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json",
                "REDIS_URL": "redis://:pw@redis:6380/1", "REDIS_KEY_PREFIX": "staging:", "REDIS_COMMAND_TIMEOUT_MS": "250",
                "EVENT_LOOP_THREADS": "1",
            ]), service: "gateway", defaultPort: 8090)
        #expect(common.eventLoopThreads == 1)
        #expect(common.host == "0.0.0.0" && common.port == 9000 && common.instanceID == "gw-a")
        #expect(common.logLevel == .debug && common.logFormat == .json)
        #expect(common.redis.password == "pw" && common.redis.database == 1 && common.redis.keyPrefix == "staging:")
        #expect(common.redis.commandTimeout == .milliseconds(250))
        let split = try CommonConfiguration(
            EnvironmentReader(["REDIS_URL": "redis://redis:6379", "REDIS_USERNAME": "store", "REDIS_PASSWORD": "9f2c4e81a7d35b60"]), service: "store", defaultPort: 8082)
        #expect(split.redis.username == "store" && split.redis.password == "9f2c4e81a7d35b60" && split.redis.host == "redis")
    }

    @Test(arguments: [
        (["PORT": "eighty"], "PORT: \"eighty\" is not an integer"),
        (["PORT": "0"], "PORT: 0 is outside 1…65535"),
        (["LOG_LEVEL": "loud"], "LOG_LEVEL: \"loud\" is not one of trace, debug, info, notice, warning, error, critical"),
        (["LOG_FORMAT": "xml"], "LOG_FORMAT: \"xml\" is not one of text, json"),
        (["REDIS_URL": "localhost:6379"], "REDIS_URL: invalid Redis URL (it must start with redis://)"),
        (["INSTANCE_ID": "gw a"], "INSTANCE_ID: \"gw a\" may only hold"),
        (["REDIS_CONNECT_TIMEOUT_MS": "-5"], "REDIS_CONNECT_TIMEOUT_MS: -5 is outside"),
        (["EVENT_LOOP_THREADS": "0"], "EVENT_LOOP_THREADS: 0 is outside 1…256"),
        (["EVENT_LOOP_THREADS": "many"], "EVENT_LOOP_THREADS: \"many\" is not an integer"),
    ])
    func aBadValueIsOneClearLineNamingTheVariable(environment: [String: String], expected: String) {
        #expect {
            _ = try CommonConfiguration(EnvironmentReader(environment), service: "gateway", defaultPort: 8090)
        } throws: { error in
            let line = "\(error)"
            return line.hasPrefix("invalid configuration: \(expected)") && !line.contains("\n")
        }
    }

    @Test func verifierConfiguration() throws {
        let defaults = try TokenVerifierConfiguration(EnvironmentReader([:]))
        #expect(defaults.keySource == .jwksURL(URLFor("http://127.0.0.1:8081/.well-known/jwks.json")))
        #expect(defaults.issuer == "inkstudio-auth" && defaults.audience == "inkstudio-messaging")
        let secret = String(repeating: "s", count: 32)
        #expect(try TokenVerifierConfiguration(EnvironmentReader(["JWT_HS256_SECRET": secret])).keySource == .hs256(secret: secret))
        #expect(throws: ConfigurationError.self) { try TokenVerifierConfiguration(EnvironmentReader(["JWT_HS256_SECRET": "short"])) }
        #expect(throws: ConfigurationError.self) { try TokenVerifierConfiguration(EnvironmentReader(["JWT_JWKS_URL": "ftp://x/keys"])) }
        #expect(throws: ConfigurationError.self) {
            try TokenVerifierConfiguration(EnvironmentReader(["JWT_HS256_SECRET": secret, "JWT_JWKS_URL": "http://a/b"]))
        }
    }

    @Test func listsAndBooleans() throws {
        let environment = EnvironmentReader(["CORS_ORIGINS": " http://a.test , ,http://b.test", "SECURE": "yes", "BAD": "maybe"])
        #expect(environment.list("CORS_ORIGINS", default: []) == ["http://a.test", "http://b.test"])
        #expect(environment.list("MISSING", default: ["http://localhost:3000"]) == ["http://localhost:3000"])
        #expect(try environment.bool("SECURE", default: false))
        #expect(throws: ConfigurationError.self) { try environment.bool("BAD", default: false) }
    }
}
