import Foundation
import MessagingProtocol

/// A page readable offline: one file, its style inline, every text escaped, and a Content Security
/// Policy that lets nothing run or load (a message written as markup stays text, whatever it says).
struct HTMLConversationExport: ConversationExportFormat {
    var contentType: String { "text/html; charset=utf-8" }
    var fileExtension: String { "html" }

    func opening(_ conversation: ConversationDto, exportedAt: Date) -> String {
        let title = conversation.subject ?? "Conversation"
        let people = conversation.participants.map { Self.escape($0.displayName) }.joined(separator: ", ")
        return """
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title))</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#222}
            ol{list-style:none;padding:0}li{border-bottom:1px solid #eee;padding:.6rem 0}
            header{color:#555;font-size:.9rem}p{white-space:pre-wrap;margin:.3rem 0}.system{color:#666;font-style:italic}
            </style>
            </head>
            <body>
            <h1>\(Self.escape(title))</h1>
            <p>Participants : \(people)</p>
            <p>Exporté le <time datetime="\(ISO8601Timestamp.format(exportedAt))">\(ISO8601Timestamp.format(exportedAt))</time></p>
            <ol>

            """
    }

    func messages(_ messages: [ConversationMessageDto], continuing: Bool) -> String {
        var html = ""
        for message in messages {
            let time = ISO8601Timestamp.format(message.createdAt)
            html += "<li id=\"m\(message.seq)\"\(message.type == .system ? " class=\"system\"" : "")>"
            html += "<header><strong>\(Self.escape(message.sender.displayName))</strong> <time datetime=\"\(time)\">\(time)</time>"
            if let editedAt = message.editedAt { html += " <em>(modifié le \(ISO8601Timestamp.format(editedAt)))</em>" }
            html += "</header>"
            if let deletedAt = message.deletedAt {
                html += "<p class=\"system\">Message supprimé le \(ISO8601Timestamp.format(deletedAt))</p>"
            } else {
                html += "<p>\(Self.escape(message.content))</p>"
            }
            if !message.reactions.isEmpty {
                html += "<p class=\"reactions\">" + message.reactions.map { "\(Self.escape($0.emoji)) \($0.count)" }.joined(separator: " · ") + "</p>"
            }
            if !message.attachments.isEmpty {
                html += "<ul>"
                for attachment in message.attachments {
                    let link = attachment.url.hasPrefix("https://") || attachment.url.hasPrefix("http://") ? attachment.url : "#"
                    html += "<li><a href=\"\(Self.escape(link))\" rel=\"noopener noreferrer\">\(Self.escape(attachment.fileName))</a></li>"
                }
                html += "</ul>"
            }
            html += "</li>\n"
        }
        return html
    }

    func closing() -> String { "</ol>\n</body>\n</html>\n" }

    /// Text safe in an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
