import Foundation
import Logging
import MessagingDatabase
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceKit
import Testing
import TestSupport

@testable import MessageStore

/// Crashes at the worst moments lose nothing acknowledged and store nothing twice.
// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct StoreCrashTests {
    let logger = Logger(label: "test.store-crash")

    @Test func anEntryRedeliveredAfterACrashBetweenCommitAndAcknowledgeIsNotStoredTwice() async throws {
        let environment = try await StoreTestEnvironment.start(.sqlite)
        try await withTeardown({ await environment.shutdown() }) {
            let variables = environment.variables(["INSTANCE_ID": "store-x", "CLAIM_IDLE_MS": "200"])

            // A first run creates the schema and a conversation.
            let store = ServiceSlot(try await ServiceProcess.start("messaging-store", environment: variables, logFolder: environment.folder))
            let conversation = try await createConversation(base: store.current.baseURL)
            await store.current.stop()

            try await RedisClient.withRunning(url: environment.redis.url, configure: { $0.keyPrefix = StoreTestEnvironment.prefix }) { redis in
                try await CommandClient.with(redis: redis) { commands in
                    // The store read the entry, committed its effect, and died before publishing and acknowledging.
                    let requestId = try await commands.enqueue(.sendMessage(SendMessageRequest(conversationId: conversation, content: "once")), as: People.alice)
                    let read = try await redis.xreadgroup(RedisNames.commandsStream, group: RedisNames.storeConsumerGroup, consumer: "store-x", count: 10)
                    let envelope = try CommandEnvelope(streamFields: try #require(read.first).stringFields)
                    let database = try await SQLiteDatabase.open(try DatabaseURL(environment.databaseURL), logger: logger)
                    let committed = try await database.transaction { transaction in
                        try await CommandProcessor(eventsMaxLength: 1000, profiles: ProfileCache()).process([envelope], in: transaction)
                    }
                    await database.close()
                    guard case .message(let first) = committed.outcomes[requestId] else { Issue.record("the commit should store the message"); return }

                    // The same consumer comes back: it re-reads its pending entry, answers with the stored message.
                    store.current = try await ServiceProcess.start("messaging-store", environment: variables, logFolder: environment.folder)
                    let reply = try await commands.reply(to: requestId)
                    #expect(try reply.decode(MessagingMessage.self).id == first.id)
                    let page = try await messages(base: store.current.baseURL, conversation: conversation)
                    #expect(page.messages.count == 1)
                    #expect(try await redis.send(RedisCommand("XPENDING", "t:commands", "store")).array?.first == .integer(0))
                }
            }
            await store.current.stop()
        }
    }

    @Test func aStoreKilledMidBatchLosesNothingThatWasAcknowledged() async throws {
        let environment = try await StoreTestEnvironment.start(.sqlite)
        try await withTeardown({ await environment.shutdown() }) {
            let variables = environment.variables(["INSTANCE_ID": "store-k", "COMMAND_BATCH_SIZE": "50", "CLAIM_IDLE_MS": "200"])
            let store = ServiceSlot(try await ServiceProcess.start("messaging-store", environment: variables, logFolder: environment.folder))
            let conversation = try await createConversation(base: store.current.baseURL)

            try await RedisClient.withRunning(url: environment.redis.url, configure: { $0.keyPrefix = StoreTestEnvironment.prefix }) { redis in
                try await CommandClient.with(redis: redis) { commands in
                    var ids = [String]()
                    for index in 0..<1000 {
                        ids.append(try await commands.enqueue(.sendMessage(SendMessageRequest(conversationId: conversation, content: "n\(index)", clientMessageId: "k\(index)")), as: People.alice))
                    }
                    // Kill it (SIGKILL: no graceful shutdown) once some replies came back, mid-stream.
                    var acknowledged = [String: MessagingMessage]()
                    for id in ids.prefix(120) { acknowledged[id] = try await commands.reply(to: id).decode(MessagingMessage.self) }
                    await store.current.process.stop(signal: SIGKILL)
                    store.current = try await ServiceProcess.start("messaging-store", environment: variables, logFolder: environment.folder)
                    for id in ids.dropFirst(120) { acknowledged[id] = try await commands.reply(to: id, timeout: .seconds(60)).decode(MessagingMessage.self) }

                    let page = try await messages(base: store.current.baseURL, conversation: conversation, limit: 100)
                    #expect(page.messages.last?.seq == 1000)
                    var stored = [Int: String]()
                    var before: Int? = nil
                    repeat {
                        let next = try await messages(base: store.current.baseURL, conversation: conversation, limit: 100, before: before)
                        for message in next.messages { stored[message.seq] = message.id }
                        before = next.messages.first?.seq
                        if !next.hasMore { break }
                    } while true
                    #expect(stored.count == 1000 && Set(stored.keys) == Set(1...1000), "no gap, no duplicate")
                    #expect(Set(stored.values) == Set(acknowledged.values.map(\.id)), "every acknowledged message is stored, once")
                }
            }
            await store.current.stop()
        }
    }

    func createConversation(base: String) async throws -> String {
        let response = try await HTTP.request(
            .POST, base + "/api/conversations", token: try await TestTokens.hs256(People.alice),
            json: CreateConversationRequest(participantIds: ["salon"]))
        return try MessagingJSON.decode(ConversationResponse.self, from: Data(response.utf8)).conversation.id
    }

    func messages(base: String, conversation: String, limit: Int = 100, before: Int? = nil) async throws -> MessagePageResponse {
        let query = "?limit=\(limit)" + (before.map { "&before=\($0)" } ?? "")
        let body = try await HTTP.request(.GET, base + "/api/conversations/\(conversation)/messages" + query, token: try await TestTokens.hs256(People.alice))
        return try MessagingJSON.decode(MessagePageResponse.self, from: Data(body.utf8))
    }
}
