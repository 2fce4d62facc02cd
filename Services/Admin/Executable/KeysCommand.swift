import ArgumentParser
import AuthService
import Foundation

/// `messaging-admin keys rotate`.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "The auth service's signing keys.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A new signing key in the key file; the old one kept beside it for the JWKS.")
        @Option(help: "The auth service's JWT_SIGNING_KEY_FILE") var keyFile: String
        @Flag(help: "Answer in JSON") var json = false

        func run() async throws {
            try await reporting {
                guard FileManager.default.fileExists(atPath: keyFile) else { throw AdminFailure.badInput("no key file at \(keyFile)") }
                let outcome: SigningKeyRotation.Outcome
                do {
                    outcome = try SigningKeyRotation.rotate(keyFile: keyFile)
                } catch {
                    throw AdminFailure.badInput("\(keyFile) cannot be rotated: \(error)")
                }
                let answer = ["kid": outcome.kid, "retiredKid": outcome.retiredKid, "retiredFile": outcome.retiredFile]
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(answer), as: UTF8.self))
                } else {
                    print("""
                        new key \(outcome.kid) in \(keyFile); the old key \(outcome.retiredKid) is now \(outcome.retiredFile)
                        next: set JWT_PUBLISHED_KEY_FILES=\(outcome.retiredFile) and restart every auth instance;
                        once the longest token lifetime has passed, remove it from JWT_PUBLISHED_KEY_FILES
                        """)
                }
            }
        }
    }
}
