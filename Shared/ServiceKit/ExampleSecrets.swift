/// Secrets that were published with this project (in `docker-compose.yml`, the Kubernetes example
/// Secret, the docs) or that say they are placeholders. Anyone can read them, so a service refuses
/// to start with one outside an explicit development mode (`DEVELOPMENT_MODE=true`).
public enum ExampleSecrets {
    /// Values that shipped in the repository's deploy files.
    static let published: Set<String> = [
        "local-only-service-key-change-me-0123456789",
        "change-me-to-a-random-key-of-32-characters-or-more",
        "inkstudio-local-only",
        "change-me",
    ]

    /// Words that mark a placeholder.
    static let markers = ["change-me", "changeme", "change_me", "replace-me", "local-only", "example-secret"]

    /// Whether `value` is a published or placeholder secret.
    public static func isExample(_ value: String) -> Bool {
        let lowered = value.lowercased()
        return published.contains(value) || markers.contains { lowered.contains($0) }
    }
}

extension EnvironmentReader {
    /// `DEVELOPMENT_MODE=true`: example secrets are allowed (a developer's machine, never production).
    public var isDevelopmentMode: Bool { (try? bool("DEVELOPMENT_MODE", default: false)) ?? false }

    /// Refuses a secret anyone can read (``ExampleSecrets``) unless in development mode.
    public func refuseExampleSecret(_ key: String, _ value: String?) throws(ConfigurationError) {
        guard let value, !isDevelopmentMode, ExampleSecrets.isExample(value) else { return }
        throw ConfigurationError(
            key: key,
            problem: "holds an example secret published with this project; set one of your own (openssl rand -hex 32), or DEVELOPMENT_MODE=true on a development machine")
    }
}
