import Foundation
import MessagingProtocol
import Testing

@testable import MessageStore

struct UnreadIncrementsTests {
    private func message(_ conversation: String, from sender: String) -> MessagingMessage {
        MessagingMessage(
            id: UUID().uuidString, conversationId: conversation, seq: 0, content: "x", senderId: sender, type: .user, isRead: false,
            createdAt: Date(), sender: UserSummary(id: sender, role: .client))
    }

    private func counters(_ increments: [StoreRepository.UnreadIncrement]) -> [String] {
        increments.map { "\($0.conversationID)/\($0.userID)=\($0.count)" }
    }

    @Test func eachMemberCountsWhatTheOthersSentInOrder() {
        let members: [String: Set<String>] = ["c2": ["salon", "ana", "bo"], "c1": ["salon", "ana"]]
        let messages = [
            message("c2", from: "ana"), message("c1", from: "salon"), message("c2", from: "bo"), message("c2", from: "ana"),
            message("c1", from: "salon"),
        ]
        #expect(counters(UnreadIncrements.raised(by: messages, members: members)) == ["c1/ana=2", "c2/ana=1", "c2/bo=2", "c2/salon=3"])
    }

    @Test func aSystemMessageCountsForEveryMember() {
        let messages = [message("c1", from: SystemSender.user.id)]
        #expect(counters(UnreadIncrements.raised(by: messages, members: ["c1": ["salon", "ana"]])) == ["c1/ana=1", "c1/salon=1"])
    }

    @Test func nothingIsRaisedForAConversationWithoutOtherMembers() {
        #expect(UnreadIncrements.raised(by: [message("c1", from: "ana")], members: ["c1": ["ana"]]).isEmpty)
        #expect(UnreadIncrements.raised(by: [MessagingMessage](), members: [:]).isEmpty)
    }
}
