import Foundation
import MessagingProtocol

/// `{"conversation":{…},"exportedAt":"…","messages":[…]}`: the conversation and its messages as the
/// HTTP API returns them.
struct JSONConversationExport: ConversationExportFormat {
    var contentType: String { "application/json; charset=utf-8" }
    var fileExtension: String { "json" }

    func opening(_ conversation: ConversationDto, exportedAt: Date) -> String {
        let header = (try? MessagingJSON.encodeString(conversation)) ?? "{}"
        return #"{"conversation":"# + header + #","exportedAt":""# + ISO8601Timestamp.format(exportedAt) + #"","messages":["#
    }

    func messages(_ messages: [ConversationMessageDto], continuing: Bool) -> String {
        let encoded = messages.compactMap { try? MessagingJSON.encodeString($0) }.joined(separator: ",")
        guard !encoded.isEmpty else { return "" }
        return continuing ? "," + encoded : encoded
    }

    func closing() -> String { "]}" }
}
