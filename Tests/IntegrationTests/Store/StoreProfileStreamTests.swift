import Foundation
import Logging
import MessageStore
import MessagingProtocol
import MessagingRedis
import Testing
import TestSupport

/// Author profiles reach the store on their own stream; the group older stores kept on `events`
/// (which would hold that stream back from trimming) is gone once a store starts.
@Suite(.timeLimit(.minutes(3))) struct StoreProfileStreamTests {
    let logger = Logger(label: "test.store-profiles")

    @Test func aProfileOnTheProfilesStreamRenamesTheSenderAndTheOldGroupGoes() async throws {
        let environment = try await StoreTestEnvironment.start(.sqlite)
        try await withTeardown({ await environment.shutdown() }) {
            try await RedisClient.withRunning(url: environment.redis.url, configure: { $0.keyPrefix = StoreTestEnvironment.prefix }) { redis in
                // What an older store left: its profile group on `events`, behind an unread entry.
                _ = try await redis.send(RedisCommand("XADD", "t:events", "*", "v", "1", "type", "message-created", "data", "{}"))
                _ = try await redis.send(RedisCommand("XGROUP", "CREATE", "t:events", "store-profiles", "0"))

                let app = try await buildStoreApplication(configuration: try environment.configuration(), logger: logger)
                try await app.test(.router) { http in
                    try await CommandClient.with(redis: redis) { commands in
                        let groups = try await redis.xinfoGroups(RedisNames.eventsStream)
                        #expect(!groups.contains { $0.name == RedisNames.storeProfilesGroup }, "the former group is removed at start")

                        let conversation = try await http.conversation(People.alice, with: [People.salon])
                        _ = try await commands.send(.sendMessage(SendMessageRequest(conversationId: conversation, content: "un")), as: People.alice)
                        var renamed = People.alice
                        renamed.firstName = "Alicia"
                        renamed.email = nil
                        let event = DomainEventEnvelope(eventId: "profile:alice:1", occurredAt: Date(), event: .userProfileUpdated(renamed))
                        try await redis.xadd(RedisNames.profilesStream, fields: event.streamFields(), maxLength: 1000)
                        try await eventually("the history to show the new name") {
                            let joined = try await commands.send(.joinConversation(JoinConversationRequest(conversationId: conversation)), as: People.salon)
                            return try joined.decode(ConversationHistoryPayload.self).messages.first?.sender.firstName == "Alicia"
                        }
                    }
                }
            }
        }
    }
}
