import ServiceKit
import Testing
import TokenVerification

@Suite struct ExampleSecretsTests {
    @Test(arguments: [
        ["SERVICE_API_KEYS": "local-only-service-key-change-me-0123456789"],
        ["SERVICE_API_KEYS": "a-real-key-of-thirty-two-characters-ok,change-me-to-a-random-key-of-32-characters-or-more"],
        ["JWT_HS256_SECRET": "CHANGE-ME-this-is-a-placeholder-of-32-bytes"],
        ["REDIS_URL": "redis://gateway:inkstudio-local-only@redis:6379"],
        ["REDIS_USERNAME": "gateway", "REDIS_PASSWORD": "change-me"],
    ])
    func examplesStopTheServiceOutsideDevelopmentMode(settings: [String: String]) throws {
        #expect(throws: ConfigurationError.self) { try Self.read(settings) }
        try Self.read(settings.merging(["DEVELOPMENT_MODE": "true"]) { $1 })
    }

    @Test func ownSecretsAreAccepted() throws {
        try Self.read(["SERVICE_API_KEYS": "9f2c4e81a7d35b60c1e8f4a2d7b93c05", "JWT_HS256_SECRET": "4b1d9e7a0c3f5e82d6a4b9c1e0f7a3d5", "REDIS_URL": "redis://gateway:s3cr3t-0f9a@redis:6379"])
        #expect(!ExampleSecrets.isExample("9f2c4e81a7d35b60c1e8f4a2d7b93c05"))
        #expect(ExampleSecrets.isExample("change-me"))
    }

    /// Reads what every service reads: the common settings, token verification and service keys.
    static func read(_ settings: [String: String]) throws {
        let environment = EnvironmentReader(settings)
        _ = try CommonConfiguration(environment, service: "store", defaultPort: 8082)
        _ = try TokenVerifierConfiguration(environment)
        _ = try ServiceCredentials(environment)
    }
}
