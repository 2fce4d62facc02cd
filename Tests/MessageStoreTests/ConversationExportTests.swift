import Foundation
import MessagingProtocol
import Testing

@testable import MessageStore

@Suite struct ConversationExportTests {
    let conversation = ConversationDto(
        id: "c1", subject: "Projet <dragon>", participants: [UserSummary(id: "alice", firstName: "Élodie", role: .client), UserSummary(id: "salon", salonName: "Encre & Noire", role: .salon)],
        unreadCount: 0, createdAt: Date(timeIntervalSince1970: 1_700_000_000))

    func message(_ seq: Int, _ content: String, from sender: String = "alice", attachments: [MessagingProtocol.Attachment] = []) -> ConversationMessageDto {
        ConversationMessageDto(
            MessagingMessage(
                id: "m\(seq)", conversationId: "c1", seq: seq, content: content, senderId: sender, type: .user, isRead: false,
                createdAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(seq)), attachments: attachments,
                sender: UserSummary(id: sender, firstName: sender == "alice" ? "Élodie" : nil, salonName: sender == "salon" ? "Encre & Noire" : nil, role: .client)))
    }

    /// Writes a whole export the way the controller streams it: pages of two.
    func export(_ kind: ConversationExportKind, _ messages: [ConversationMessageDto]) -> String {
        let format = kind.format
        var text = format.opening(conversation, exportedAt: Date(timeIntervalSince1970: 1_800_000_000))
        var continuing = false
        for start in stride(from: 0, to: messages.count, by: 2) {
            text += format.messages(Array(messages[start..<min(start + 2, messages.count)]), continuing: continuing)
            continuing = true
        }
        return text + format.closing()
    }

    @Test func jsonIsOneDocumentWhateverThePages() throws {
        let text = export(.json, [message(1, "Bonjour"), message(2, "Ça va ?"), message(3, "Oui")])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let messages = try #require(document["messages"] as? [[String: Any]])
        #expect(messages.map { $0["seq"] as? Int } == [1, 2, 3])
        #expect(messages[1]["content"] as? String == "Ça va ?")
        #expect((document["conversation"] as? [String: Any])?["subject"] as? String == "Projet <dragon>")
        #expect(export(.json, []).hasSuffix(#""messages":[]}"#))
    }

    @Test func csvKeepsAccentsQuotesLinesAndDefusesFormulas() {
        let text = export(.csv, [message(1, "Café, crème \"brûlée\"\nà demain"), message(2, "=HYPERLINK(\"http://evil\")"), message(3, "-2+3", from: "salon")])
        #expect(text.hasPrefix("\u{FEFF}seq,createdAt,senderId,sender,type,content,attachments,editedAt,deletedAt,reactions\r\n"), "a BOM: Excel reads UTF-8")
        #expect(text.contains("1,2023-11-14T22:13:21.000Z,alice,Élodie,USER,\"Café, crème \"\"brûlée\"\"\nà demain\",,,,\r\n"))
        #expect(text.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","))
        #expect(text.contains(",salon,Encre & Noire,USER,'-2+3,,,,\r\n"))
        #expect(text.components(separatedBy: "\r\n").count == 5, "a header, three rows, the end")
    }

    @Test func editsTombstonesAndReactionsAreShown() {
        var edited = message(1, "Bonjour à tous")
        edited.editedAt = Date(timeIntervalSince1970: 1_700_000_100)
        edited.reactions = [Reaction(emoji: "🔥", userIds: ["salon", "alice"])]
        var deleted = message(2, "")
        deleted.deletedAt = Date(timeIntervalSince1970: 1_700_000_200)
        let csv = export(.csv, [edited, deleted])
        #expect(csv.contains(",Bonjour à tous,,2023-11-14T22:15:00.000Z,,🔥 2\r\n"))
        #expect(csv.contains(",,,,2023-11-14T22:16:40.000Z,\r\n"))
        let html = export(.html, [edited, deleted])
        #expect(html.contains("(modifié le 2023-11-14T22:15:00.000Z)") && html.contains("Message supprimé le 2023-11-14T22:16:40.000Z"))
        #expect(html.contains("<p class=\"reactions\">🔥 2</p>"))
        let json = export(.json, [edited, deleted])
        #expect(json.contains(#""deletedAt":"2023-11-14T22:16:40.000Z""#) && json.contains(#""emoji":"🔥""#))
    }

    @Test func htmlEscapesEverythingAndRunsNothing() {
        let attachment = MessagingProtocol.Attachment(id: "a1", url: "https://cdn.example.com/a.png?x=1&y=\"2\"", fileName: "<img src=x onerror=alert(1)>.png", fileSize: 10)
        let text = export(.html, [message(1, "<script>alert('x')</script>"), message(2, "Voir le croquis", attachments: [attachment])])
        #expect(!text.contains("<script>") && text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(text.contains("<title>Projet &lt;dragon&gt;</title>") && text.contains("Encre &amp; Noire"))
        #expect(text.contains("href=\"https://cdn.example.com/a.png?x=1&amp;y=&quot;2&quot;\""))
        #expect(!text.contains("<img") && text.contains("&lt;img src=x onerror=alert(1)&gt;.png"))
        #expect(text.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        #expect(text.hasSuffix("</ol>\n</body>\n</html>\n"))
    }
}
