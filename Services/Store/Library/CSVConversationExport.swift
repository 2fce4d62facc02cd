import Foundation
import MessagingProtocol

/// RFC 4180 CSV a spreadsheet opens as is: UTF-8 with a byte order mark (so Excel keeps the
/// accents), CRLF rows, fields quoted when they must be, and cells a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@`, tab, CR first) led by an apostrophe.
struct CSVConversationExport: ConversationExportFormat {
    static let columns = ["seq", "createdAt", "senderId", "sender", "type", "content", "attachments", "editedAt", "deletedAt", "reactions"]

    var contentType: String { "text/csv; charset=utf-8" }
    var fileExtension: String { "csv" }

    func opening(_ conversation: ConversationDto, exportedAt: Date) -> String {
        "\u{FEFF}" + Self.row(Self.columns)
    }

    func messages(_ messages: [ConversationMessageDto], continuing: Bool) -> String {
        var text = ""
        for message in messages {
            text += Self.row([
                String(message.seq), ISO8601Timestamp.format(message.createdAt), message.senderId, message.sender.displayName,
                message.type.rawValue, message.content, message.attachments.map(\.url).joined(separator: " "),
                message.editedAt.map(ISO8601Timestamp.format) ?? "", message.deletedAt.map(ISO8601Timestamp.format) ?? "",
                message.reactions.map { "\($0.emoji) \($0.count)" }.joined(separator: " "),
            ])
        }
        return text
    }

    func closing() -> String { "" }

    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One cell: defused if a spreadsheet would take it for a formula, quoted if it holds a comma, a
    /// quote or a line break.
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
