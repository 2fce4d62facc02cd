import Foundation
import Logging
import MessagingDatabase
import MessagingProtocol
import Testing
import TestSupport

@testable import MessageStore

/// A batch of read-only commands answered together (PostgreSQL: a statement for all unread counts,
/// two for all plain joins) gives each command the answer it would get alone.
@Suite(.timeLimit(.minutes(3))) struct StoreReadBatchTests {
    let logger = Logger(label: "test.store-reads")

    private func envelope(_ command: StoreCommand, as actor: UserSummary) -> CommandEnvelope {
        CommandEnvelope(requestId: UUID().uuidString, replyTo: "gw", issuedAt: Date(), actor: actor, command: command)
    }

    @Test(arguments: TestDatabase.allCases)
    func joinsAndCountsOfABatchAreEachAnsweredAsAlone(database kind: TestDatabase) async throws {
        let environment = try await StoreTestEnvironment.start(kind)
        try await withTeardown({ await environment.shutdown() }) {
            let database = try await DatabaseFactory.make(
                try DatabaseURL(environment.databaseURL), settings: .preparedIndexLookups, logger: logger)
            try await withTeardown({ if let sqlite = database as? SQLiteDatabase { await sqlite.close() } }) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    if database is PostgresDatabase { group.addTask { try await database.run() } }  // the pool's connections
                    _ = try await Migrator.migrate(database, StoreMigrations.all)
                    let repository = StoreRepository(executor: database)
                    try await repository.createConversation(
                        id: "c1", subject: nil, appointmentID: nil, participants: ["alice", "salon"], now: Date())
                    try await repository.createConversation(
                        id: "c2", subject: nil, appointmentID: nil, participants: ["alice", "carol"], now: Date())
                    let processor = CommandProcessor(eventsMaxLength: 1000, profiles: ProfileCache())
                    let send = { (conversation: String, content: String, actor: UserSummary) in
                        _ = try await processor.process(
                            [self.envelope(.sendMessage(SendMessageRequest(conversationId: conversation, content: content)), as: actor)],
                            in: database)
                    }
                    for index in 1...3 { try await send("c1", "c1-\(index)", People.alice) }
                    try await send("c2", "c2-1", People.carol)

                    let commands = [
                        envelope(.joinConversation(JoinConversationRequest(conversationId: "c1")), as: People.salon),
                        envelope(.unreadCount, as: People.salon),
                        envelope(.joinConversation(JoinConversationRequest(conversationId: "c2")), as: People.salon),  // not a participant
                        envelope(.joinConversation(JoinConversationRequest(conversationId: "c2")), as: People.alice),
                        envelope(.unreadCount, as: People.alice),
                        envelope(.joinConversation(JoinConversationRequest(conversationId: "c1", afterSeq: 2)), as: People.alice),
                        envelope(.joinConversation(JoinConversationRequest(conversationId: "")), as: People.alice),  // invalid
                        envelope(.joinConversation(JoinConversationRequest(conversationId: "no-such")), as: People.alice),
                    ]
                    let result = try await processor.processReads(commands, on: database, concurrency: 4)
                    func outcome(_ index: Int) -> CommandOutcome? { result.outcomes[commands[index].requestId] }
                    guard case .history(let salonC1) = outcome(0), case .history(let aliceC2) = outcome(3),
                        case .history(let aliceAfter) = outcome(5)
                    else {
                        Issue.record("expected histories: \(result.outcomes)"); return
                    }
                    #expect(salonC1.messages.map(\.content) == ["c1-1", "c1-2", "c1-3"] && !salonC1.hasMore && salonC1.lastSeq == 3)
                    #expect(aliceC2.messages.map(\.content) == ["c2-1"] && aliceC2.lastSeq == 1)
                    #expect(aliceAfter.messages.map(\.seq) == [3])
                    func total(_ index: Int) -> Int? { if case .unread(let count) = outcome(index) { count.totalUnread } else { nil } }
                    func refusal(_ index: Int) -> MessagingError? { if case .failure(let error) = outcome(index) { error } else { nil } }
                    #expect(total(1) == 3 && total(4) == 1)
                    #expect(refusal(2) == MessagingError.conversationNotFound && refusal(7) == MessagingError.conversationNotFound)
                    #expect(refusal(6)?.code == .validationFailed)
                    #expect(result.outbound.count == commands.count, "one reply each")
                    group.cancelAll()
                }
            }
        }
    }
}
