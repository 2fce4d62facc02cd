import ArgumentParser
import Foundation
import MessageStore
import MessagingProtocol

/// `messaging-admin conversation check`.
struct ConversationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conversation", abstract: "One conversation's integrity.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "seq without gaps, counters consistent with read marks; exit 1 on a problem.")
        @OptionGroup var connections: Connections
        @Argument(help: "The conversation id") var conversation: String

        struct Answer: Encodable {
            var conversationId: String
            var lastSeq: Int
            var messages: Int
            var unread: [String: Int]
            var problems: [String]
        }

        func run() async throws {
            var sound = true
            try await reporting {
                guard MessageValidator.isIdentifier(conversation) else { throw AdminFailure.badInput("the conversation id is invalid") }
                guard let report = try await connections.withDatabase({ try await ConversationIntegrityCheck(database: $0).check(conversation) }) else {
                    throw AdminFailure.badInput("no conversation \(conversation)")
                }
                sound = report.problems.isEmpty
                let answer = Answer(conversationId: report.conversationId, lastSeq: report.lastSeq, messages: report.messages, unread: report.unread, problems: report.problems)
                try connections.print(answer) {
                    let counts = report.unread.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    let head = "\(conversation): \(report.messages) messages, last seq \(report.lastSeq), unread: \(counts)"
                    return report.problems.isEmpty ? head + "\nsound" : ([head] + report.problems.map { "problem: \($0)" }).joined(separator: "\n")
                }
            }
            // A finding is not a failure to run: its own exit status.
            if !sound { throw ExitCode(1) }
        }
    }
}
