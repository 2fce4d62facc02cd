import ArgumentParser
import Foundation
import NotificationFanout

/// `messaging-admin dead-letters list|replay`.
struct DeadLettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters", abstract: "Notifications the webhook refused to the end.", subcommands: [List.self, Replay.self])

    struct Item: Encodable {
        var id: String
        var recipientId: String
        var attempts: Int
        var error: String
        var notificationId: String?
        var messageCount: Int?
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The oldest dead-lettered notifications.")
        @OptionGroup var connections: Connections
        @Option(help: "How many") var count = 100

        func run() async throws {
            try await reporting {
                guard count > 0 else { throw AdminFailure.badInput("--count must be positive") }
                let entries = try await connections.withRedis { try await DeadLetterQueue(redis: $0).list(count: count) }
                let items = entries.map {
                    Item(id: $0.id, recipientId: $0.recipientId, attempts: $0.attempts, error: $0.error, notificationId: $0.notification?.id,
                        messageCount: $0.notification?.messageCount)
                }
                try connections.print(items) {
                    items.isEmpty ? "no dead letters"
                        : items.map { "\($0.id)  \($0.recipientId)  \($0.attempts) attempts  \($0.error)" }.joined(separator: "\n")
                }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue dead-lettered notifications again (all, or --id ones).")
        @OptionGroup var connections: Connections
        @Option(name: .customLong("id"), help: "An entry id (repeatable); none: all") var ids: [String] = []

        func run() async throws {
            try await reporting {
                let replayed = try await connections.withRedis { try await DeadLetterQueue(redis: $0).replay(ids: ids) }
                try connections.print(["replayed": replayed]) { "replayed \(replayed.count): \(replayed.joined(separator: ", "))" }
            }
        }
    }
}
