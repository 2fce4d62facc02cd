import Foundation
import MessagingProtocol
import Testing

@testable import MessageStore

struct UnreadEffectsTests {
    private func message(_ conversation: String, from sender: String) -> MessagingMessage {
        MessagingMessage(
            id: UUID().uuidString, conversationId: conversation, seq: 0, content: "x", senderId: sender, type: .user, isRead: false,
            createdAt: Date(), sender: UserSummary(id: sender, role: .client))
    }

    private let messages = [
        ("c2", "ana"), ("c1", "salon"), ("c2", "bo"), ("c2", "ana"), ("c1", "salon"),
    ]

    @Test func eachSenderMovesByWhatItSentThereOnly() {
        let sent = UnreadEffects.sent(by: messages.map { message($0.0, from: $0.1) })
        #expect(sent.map { "\($0.conversationID)/\($0.userID)=\($0.count)" } == ["c1/salon=2", "c2/ana=2", "c2/bo=1"])
    }

    @Test func everyMemberWhoDidNotSendAllOfItIsRaised() {
        let members: [String: Set<String>] = ["c2": ["salon", "ana", "bo"], "c1": ["salon", "ana"]]
        // c1: only salon sent, so ana is raised; c2: ana and bo sent some of three, salon none.
        #expect(UnreadEffects.raised(by: messages.map { message($0.0, from: $0.1) }, members: members) == ["ana", "bo", "salon"])
        #expect(UnreadEffects.raised(by: [message("c1", from: "ana")], members: ["c1": ["ana"]]).isEmpty)
        #expect(UnreadEffects.raised(by: [MessagingMessage](), members: [:]).isEmpty)
    }

    @Test func aSystemMessageRaisesEveryMemberAndMovesNoBaseThatExists() {
        let system = [message("c1", from: SystemSender.user.id)]
        #expect(UnreadEffects.raised(by: system, members: ["c1": ["salon", "ana"]]) == ["ana", "salon"])
        #expect(UnreadEffects.sent(by: system).map(\.userID) == [SystemSender.user.id])
    }
}
