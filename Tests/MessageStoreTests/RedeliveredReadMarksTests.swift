import Foundation
import Logging
import MessagingDatabase
import MessagingProtocol
import Testing

@testable import MessageStore

/// The store's processor on an in-memory SQLite: a read mark delivered again (its first delivery may
/// have died between commit and publish) announces again what it marked, and only then.
@Suite struct RedeliveredReadMarksTests {
    let alice = UserSummary(id: "alice", firstName: "Alice", role: .client)
    let salon = UserSummary(id: "salon", salonName: "Ink Lab", role: .salon)

    func envelope(_ command: StoreCommand, as actor: UserSummary, requestId: String = UUID().uuidString, issuedAt: Date = Date()) -> CommandEnvelope {
        CommandEnvelope(requestId: requestId, replyTo: "gw-1", issuedAt: issuedAt, actor: actor, command: command)
    }

    func messagesRead(_ result: CommandProcessor.Result) -> [[String]] {
        result.outbound.compactMap { outbound in
            guard case .event(let envelope) = outbound, case .messagesRead(_, _, let ids, _, _) = envelope.event else { return nil }
            return ids
        }
    }

    func roomReads(_ result: CommandProcessor.Result) -> Int {
        result.outbound.filter { outbound in
            if case .broadcast(_, .messageRead, _, _, _) = outbound { true } else { false }
        }.count
    }

    @Test func aRedeliveredMarkAnnouncesWhatItMarkedAgain() async throws {
        let database = try await SQLiteDatabase.open(.sqliteMemory, logger: Logger(label: "test"))
        do {
            _ = try await Migrator.migrate(database, StoreMigrations.all)
            let processor = CommandProcessor(eventsMaxLength: 1000, profiles: ProfileCache())
            try await StoreRepository(executor: database).createConversation(
                id: "c1", subject: nil, appointmentID: nil, participants: ["alice", "salon"], now: Date())
            var sent = [String]()
            for content in ["un", "deux"] {
                let result = try await processor.process(
                    [envelope(.sendMessage(SendMessageRequest(conversationId: "c1", content: content)), as: alice)], in: database)
                for case .message(let message) in result.outcomes.values { sent.append(message.id) }
            }
            #expect(sent.count == 2)

            let markAll = envelope(.markConversationAsRead(ConversationRef(conversationId: "c1")), as: salon, requestId: "r-read")
            let first = try await processor.process([markAll], in: database, delivery: .first)
            #expect(messagesRead(first).map(Set.init) == [Set(sent)] && roomReads(first) == 2)
            // Queued twice by a client (a first delivery): nothing is announced twice.
            #expect(messagesRead(try await processor.process([markAll], in: database, delivery: .first)).isEmpty)
            // Delivered again after a store died: the same ids, announced again.
            let again = try await processor.process([markAll], in: database, delivery: .again)
            #expect(messagesRead(again).map(Set.init) == [Set(sent)] && roomReads(again) == 2)

            let markOne = envelope(.markAsRead(MarkAsReadRequest(messageId: sent[0])), as: salon)
            #expect(messagesRead(try await processor.process([markOne], in: database, delivery: .first)).isEmpty, "read already")
            #expect(messagesRead(try await processor.process([markOne], in: database, delivery: .again)) == [[sent[0]]])
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}
