import Foundation
import MessagingDatabase
import MessagingProtocol
import Testing

@testable import MessageStore

/// Every statement the store prepares has one text on PostgreSQL whatever its values: an instance
/// whose text differed from its postgresSQL would be refused at run time.
struct PreparedStatementTextTests {
    private func text(_ statement: some PreparedSQL) -> String { statement.query.render(for: .postgres).sql }

    @Test func valuesNeverChangeTheText() {
        let message = MessagingMessage(
            id: "m1", conversationId: "c1", seq: 0, content: "salut", senderId: "ana", type: .user, isRead: false, createdAt: Date(),
            clientMessageId: "k1", sender: UserSummary(id: "ana", role: .client))
        #expect(
            text(NewMessagesStatement(
                messages: [(message, "r1"), (message, nil)], recipients: ["bo", "salon"],
                now: Date())) == NewMessagesStatement.postgresSQL)
        #expect(text(NewMessageStatement(message: message, requestID: "r1", recipients: ["bo", "salon"], now: Date())) == NewMessageStatement.postgresSQL)
        #expect(
            text(NewMessageStatement(message: MessagingMessage(
                id: "m2", conversationId: "c2", seq: 0, content: "", senderId: "bo", type: .system, isRead: false, createdAt: Date(),
                sender: UserSummary(id: "bo", role: .salon)), requestID: nil, recipients: [], now: Date())) == NewMessageStatement.postgresSQL)
        #expect(text(StoredMessagesStatement(requestIDs: ["r1", "r2"], keys: [("ana", "c1", "k1")])) == StoredMessagesStatement.postgresSQL)
        #expect(text(UnreadCountsStatement(users: ["ana", "bo", "salon"])) == UnreadCountsStatement.postgresSQL)
        #expect(text(ParticipationStatement(userID: "ana", conversationID: "c1")) == ParticipationStatement.postgresSQL)
        #expect(text(HistoryPageStatement(conversationID: "c1", beforeSeq: 7, limit: 50)) == HistoryPageStatement.postgresSQL)
        #expect(text(ParticipationsStatement(pairs: [("c1", "ana"), ("c2", "bo")])) == ParticipationsStatement.postgresSQL)
        #expect(text(LatestPagesStatement(conversationIDs: ["c1", "c2"], limit: 50)) == LatestPagesStatement.postgresSQL)
    }

    @Test func namesAreDistinctAndFitPostgreSQLIdentifiers() {
        let names = [
            NewMessagesStatement.name, NewMessageStatement.name, StoredMessagesStatement.name, UnreadCountsStatement.name, ParticipationStatement.name, HistoryPageStatement.name,
            ParticipationsStatement.name, LatestPagesStatement.name,
        ]
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.utf8.count <= 63 })
    }
}
