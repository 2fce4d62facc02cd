import Foundation
import MessagingProtocol
import Testing

@testable import MessageStore

/// What one `PUBLISH unread` of a batch carries: each user's last count, from every kind of
/// outbound that changes one.
@Suite struct UnreadChangesTests {
    let sender = UserSummary(id: "a", role: .client)

    func message(_ seq: Int, in conversation: String = "c") -> MessagingMessage {
        MessagingMessage(
            id: "m\(seq)", conversationId: conversation, seq: seq, content: "x", senderId: "a", type: .user, isRead: false, createdAt: Date(),
            sender: sender)
    }

    func created(_ seq: Int, in conversation: String = "c", _ counts: [(String, Int, Int)]) -> Outbound {
        .messageCreated(
            message(seq, in: conversation), recipients: counts.map { RecipientUnread(userId: $0.0, totalUnread: $0.1, conversationUnread: $0.2) },
            eventID: "r\(seq)", occurredAt: Date(), replyTo: "g1")
    }

    func event(_ event: DomainEvent) -> Outbound {
        .event(DomainEventEnvelope(eventId: UUID().uuidString, occurredAt: Date(), event: event))
    }

    @Test func aBatchGivesEachUserItsLastCountInTheOrderOfThoseLastCounts() {
        let changes = UnreadChanges.latest(in: [
            created(1, [("b", 1, 1), ("c", 1, 1)]),
            .reply(gateway: "g1", header: CommandReplyHeader(requestId: "r1"), body: "{}"),
            created(2, [("b", 2, 2), ("c", 2, 2)]),
            event(.messagesRead(conversationId: "c", readerId: "b", messageIds: ["m1", "m2"], readAt: Date(), reader: RecipientUnread(userId: "b", totalUnread: 3, conversationUnread: 0))),
            created(1, in: "d", [("e", 1, 1)]),
            event(.userProfileUpdated(sender)),
            .broadcast(channel: RedisNames.room("c"), event: .userTyping, body: "{}"),
        ])
        #expect(changes == [
            UserUnreadCount(userId: "c", payload: UnreadCountUpdatedPayload(totalUnread: 2, conversationId: "c", conversationUnread: 2)),
            UserUnreadCount(userId: "b", payload: UnreadCountUpdatedPayload(totalUnread: 3, conversationId: "c", conversationUnread: 0)),
            UserUnreadCount(userId: "e", payload: UnreadCountUpdatedPayload(totalUnread: 1, conversationId: "d", conversationUnread: 1)),
        ])
    }

    @Test func aDeleteLowersTheCountsOfThoseWhoHadNotReadIt() {
        let changes = UnreadChanges.latest(in: [
            event(.messageDeleted(conversationId: "c", messageId: "m2", deletedAt: Date(), recipients: [RecipientUnread(userId: "b", totalUnread: 4, conversationUnread: 1)]))
        ])
        #expect(changes == [UserUnreadCount(userId: "b", payload: UnreadCountUpdatedPayload(totalUnread: 4, conversationId: "c", conversationUnread: 1))])
    }

    @Test func nothingThatChangesNoCountPublishesNone() {
        #expect(UnreadChanges.latest(in: [created(1, [])]).isEmpty)
        #expect(UnreadChanges.latest(in: [.reply(gateway: "g1", header: CommandReplyHeader(requestId: "r1"), body: "{}")]).isEmpty)
    }

    @Test func theListIsJSONEveryGatewayReadsBack() throws {
        let counts = [
            UserUnreadCount(userId: "b", payload: UnreadCountUpdatedPayload(totalUnread: 3, conversationId: "c", conversationUnread: 1)),
            UserUnreadCount(userId: "d", payload: UnreadCountUpdatedPayload(totalUnread: 0)),
        ]
        #expect(counts.jsonString == #"[{"userId":"b","update":{"totalUnread":3,"conversationId":"c","conversationUnread":1}},{"userId":"d","update":{"totalUnread":0}}]"#)
        #expect(try [UserUnreadCount](json: counts.jsonString) == counts)
        #expect(throws: (any Error).self) { try [UserUnreadCount](json: #"[{"userId":"b"}]"#) }
    }
}
