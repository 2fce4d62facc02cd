import Foundation
import MessagingProtocol

/// One way to write a conversation out (`GET /api/conversations/{id}/export?format=`): what comes
/// before the messages, each page of them as it is read, and what closes the file. Pure text: the
/// controller streams it page by page, so an export of any length takes the memory of one page.
protocol ConversationExportFormat: Sendable {
    /// The response's `Content-Type`.
    var contentType: String { get }
    /// The file name's extension.
    var fileExtension: String { get }
    /// Before the first message.
    func opening(_ conversation: ConversationDto, exportedAt: Date) -> String
    /// A page of messages, oldest first; `continuing` when pages were written before it.
    func messages(_ messages: [ConversationMessageDto], continuing: Bool) -> String
    /// After the last message.
    func closing() -> String
}

/// The formats of the export route.
enum ConversationExportKind: String, CaseIterable, Sendable {
    case json, csv, html

    /// Its writer.
    var format: any ConversationExportFormat {
        switch self {
        case .json: JSONConversationExport()
        case .csv: CSVConversationExport()
        case .html: HTMLConversationExport()
        }
    }
}
