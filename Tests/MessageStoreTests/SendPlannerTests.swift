import Foundation
import MessagingProtocol
import Testing

@testable import MessageStore

/// The store's decisions for a group of sends, with no database.
struct SendPlannerTests {
    let members: [String: Set<String>] = ["c1": ["alice", "bob"], "c2": ["carol"], "c3": ["alice"]]

    func send(_ requestID: String, from sender: String, to conversation: String = "c1", content: String = "Bonjour", clientID: String? = nil) -> CommandEnvelope {
        CommandEnvelope(
            requestId: requestID, replyTo: "gw-1", issuedAt: Date(), actor: UserSummary(id: sender, role: .client),
            command: .sendMessage(SendMessageRequest(conversationId: conversation, content: content, clientMessageId: clientID)))
    }

    func stored(_ id: String, seq: Int) -> MessagingMessage {
        MessagingMessage(
            id: id, conversationId: "c1", seq: seq, content: "x", senderId: "alice", type: .user, isRead: false, createdAt: Date(),
            sender: UserSummary(id: "alice", role: .client))
    }

    func decide(_ commands: [CommandEnvelope], byRequest: [String: MessagingMessage] = [:], byClientID: [String: MessagingMessage] = [:]) -> [SendPlanner.Decision] {
        let (valid, rejected) = SendPlanner.validate(commands)
        #expect(rejected.isEmpty)
        return SendPlanner.decide(valid, storedByRequest: byRequest, storedByClientID: byClientID, members: members, system: "system")
    }

    @Test func invalidSendsAreRefusedBeforeAnythingIsLookedUp() {
        let (valid, rejected) = SendPlanner.validate([
            send("r1", from: "alice", content: "   "), send("r2", from: "alice", to: ""), send("r3", from: "alice", clientID: String(repeating: "k", count: 1000)),
            send("r4", from: "alice"),
        ])
        #expect(valid.map(\.command.requestId) == ["r4"])
        #expect(rejected.map(\.command.requestId) == ["r1", "r2", "r3"])
        #expect(rejected.allSatisfy { $0.error.code == .validationFailed })
    }

    @Test func participantsCreateOthersGetNotFoundAsForAMissingConversation() {
        let decisions = decide([send("r1", from: "alice"), send("r2", from: "carol"), send("r3", from: "alice", to: "nope"), send("r4", from: "system", to: "c2")])
        #expect(decisions == [.create, .reject(MessagingError.conversationNotFound), .reject(MessagingError.conversationNotFound), .create])
    }

    @Test func aRedeliveredCommandAndARetriedClientIDAnswerWithTheStoredMessage() {
        let first = stored("m1", seq: 1)
        let retried = stored("m2", seq: 2)
        let decisions = decide(
            [send("r1", from: "alice"), send("r2", from: "alice", clientID: "k2"), send("r3", from: "bob", clientID: "k2")],
            byRequest: ["r1": first], byClientID: [SendPlanner.clientKey(sender: "alice", conversation: "c1", clientMessageID: "k2"): retried])
        // bob's k2 is his own: a new message.
        #expect(decisions == [.redelivered(first), .retried(retried), .create])
        // alice's k2 in another conversation is not a retry of the stored one.
        let otherConversation = decide(
            [send("r4", from: "alice", to: "c3", clientID: "k2")],
            byClientID: [SendPlanner.clientKey(sender: "alice", conversation: "c1", clientMessageID: "k2"): retried])
        #expect(otherConversation == [.create])
    }

    @Test func aClientIDRepeatedInOneGroupAnswersWithTheFirstSend() {
        let decisions = decide([send("r1", from: "alice", clientID: "k"), send("r2", from: "bob"), send("r3", from: "alice", clientID: "k")])
        #expect(decisions == [.create, .create, .sameAs(0)])
        // The same id in another conversation is another message.
        let elsewhere = decide([send("r1", from: "alice", clientID: "k"), send("r2", from: "alice", to: "c3", clientID: "k")])
        #expect(elsewhere == [.create, .create])
        // The first one refused: its repeats follow it (the processor answers them NOT_FOUND).
        let refused = decide([send("r1", from: "carol", clientID: "k"), send("r2", from: "carol", clientID: "k")])
        #expect(refused == [.reject(MessagingError.conversationNotFound), .sameAs(0)])
    }
}

/// What a new message may hold, by its conversation.
@Suite struct ContentByConversationTests {
    static let envelope = #"{"v":1,"from":"a","ciphertexts":{"b":"AAEC"}}"#

    @Test func anEncryptedConversationTakesEnvelopesOnly() throws {
        try SendPlanner.checkContent(Self.envelope, attachments: [], encrypted: true)
        #expect(throws: MessagingError.self) { try SendPlanner.checkContent("en clair", attachments: [], encrypted: true) }
        #expect(throws: MessagingError.self) { try SendPlanner.checkContent(Self.envelope, attachments: [Attachment(id: "f")], encrypted: true) }
    }

    @Test func aPlainConversationTakesTextUpToItsLimit() throws {
        try SendPlanner.checkContent("Bonjour", attachments: [], encrypted: false)
        try SendPlanner.checkContent(Self.envelope, attachments: [], encrypted: false)
        let long = #"{"v":1,"ciphertexts":{"b":""# + String(repeating: "A", count: 12_000) + #""}}"#
        #expect(throws: MessagingError.self) { try SendPlanner.checkContent(long, attachments: [], encrypted: false) }
    }
}
