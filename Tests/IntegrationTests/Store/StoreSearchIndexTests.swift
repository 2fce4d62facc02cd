import Foundation
import Logging
import MessagingDatabase
import MessagingProtocol
import Testing
import TestSupport

@testable import MessageStore

/// PostgreSQL's search index takes each message's words straight into its tree (no pending list a
/// later send would have to merge), its function is compiled once per session, and a message is
/// found the moment its send committed.
@Suite(.timeLimit(.minutes(3))) struct StoreSearchIndexTests {
    let logger = Logger(label: "test.store-search-index")

    @Test func theSearchIndexInsertsDirectlyAndFindsAMessageAsSoonAsItIsStored() async throws {
        let environment = try await StoreTestEnvironment.start(.postgres)
        try await withTeardown({ await environment.shutdown() }) {
            let database = try await DatabaseFactory.make(try DatabaseURL(environment.databaseURL), settings: .preparedIndexLookups, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await database.run() }  // the pool's connections
                // A message stored before the function became PL/pgSQL is found after it too.
                let plpgsql = "store-0013-search-vector-plpgsql"
                _ = try await Migrator.migrate(database, StoreMigrations.all.filter { $0.id != plpgsql })
                let repository = StoreRepository(executor: database)
                try await repository.createConversation(id: "c1", subject: nil, appointmentID: nil, participants: ["alice", "salon"], now: Date())
                let processor = CommandProcessor(eventsMaxLength: 1000, profiles: ProfileCache())
                func send(_ content: String) async throws {
                    let command = CommandEnvelope(
                        requestId: UUID().uuidString, replyTo: "gw", issuedAt: Date(), actor: People.alice,
                        command: .sendMessage(SendMessageRequest(conversationId: "c1", content: content)))
                    _ = try await processor.process([command], in: database)
                }
                try await send("Avant : le dessin est prêt")
                _ = try await Migrator.migrate(database, StoreMigrations.all)
                let language = try await database.query(
                    "SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = 'inkstudio_search_vector'")
                #expect(try language.first?.string("lanname") == "plpgsql", "compiled once per session, not parsed per statement")
                let options = try await database.query("SELECT array_to_string(reloptions, ',') AS options FROM pg_class WHERE relname = 'messages_search'")
                let reloptions = try options.first?.string("options")
                #expect(reloptions == "fastupdate=off")

                try await send("Le tatouage est prêt à être retouché")
                let found = try await repository.search(try #require(SearchQuery("pret retouch")), for: "salon", in: nil, limit: 10, offset: 0)
                #expect(found.messages.map(\.content) == ["Le tatouage est prêt à être retouché"])
                let both = try await repository.search(try #require(SearchQuery("pret")), for: "salon", in: nil, limit: 10, offset: 0)
                #expect(Set(both.messages.map(\.content)) == ["Avant : le dessin est prêt", "Le tatouage est prêt à être retouché"])
                group.cancelAll()
            }
        }
    }
}
