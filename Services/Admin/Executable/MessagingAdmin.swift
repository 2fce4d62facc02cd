import ArgumentParser

/// `messaging-admin`: the operations a platform team needs at 3 a.m. (Services/Admin/README.md).
@main
struct MessagingAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messaging-admin",
        abstract: "Operate InkStudio Messaging: streams, dead letters, signing keys, users, conversations.",
        subcommands: [StreamsCommand.self, DeadLettersCommand.self, KeysCommand.self, UserCommand.self, ConversationCommand.self])
}
