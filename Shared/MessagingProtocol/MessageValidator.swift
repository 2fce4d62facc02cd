import Foundation

/// The rules a client's input follows (`SPEC.md` §2), shared by the gateway (which refuses bad
/// input before anything reaches Redis) and the store (which checks again, for the HTTP API and
/// whatever a gateway let through); pure.
///
/// Every string that reaches the database is bounded in UTF-8 bytes (index keys have a byte limit)
/// and free of NUL, which PostgreSQL's `text` refuses: one such command would otherwise fail the
/// whole batch it was committed with.
public enum MessageValidator {
    /// The most characters (UTF-16 units, as the browser counts them) in a message.
    public static let maximumLength = 10_000
    public static let maximumAttachments = 10
    /// The most UTF-8 bytes in an id (conversation, message, `clientMessageId`, attachment).
    public static let maximumIdentifierBytes = 100
    public static let maximumFileNameBytes = 255

    /// A `send-message` payload: its content trimmed, or the error to answer.
    public static func validate(_ request: SendMessageRequest) throws(MessagingError) -> String {
        try identifier(request.conversationId, name: "conversationId")
        if let clientID = request.clientMessageId { try identifier(clientID, name: "clientMessageId") }
        return try validate(content: request.content, attachments: request.attachments ?? [])
    }

    /// An `edit-message` payload: the new content trimmed (an edit needs text: to remove a message,
    /// delete it), or the error to answer.
    public static func validate(_ request: EditMessageRequest) throws(MessagingError) -> String {
        try identifier(request.messageId, name: "messageId")
        return try validate(content: request.content, attachments: [])
    }

    /// The most bytes of one reaction's emoji (a long ZWJ family sequence fits).
    public static let maximumEmojiBytes = 64

    /// An `add-reaction` / `remove-reaction` payload: one emoji grapheme, as emoji are drawn (an
    /// emoji-presentation character, or one made emoji by U+FE0F, a keycap, a flag, a ZWJ sequence,
    /// a skin tone); a letter, a digit alone, two emoji or text is refused.
    public static func validate(_ request: ReactionRequest) throws(MessagingError) {
        try identifier(request.messageId, name: "messageId")
        guard isEmoji(request.emoji) else { throw MessagingError(.validationFailed, "emoji must be one emoji") }
    }

    /// Whether `text` is exactly one emoji grapheme.
    public static func isEmoji(_ text: String) -> Bool {
        guard text.count == 1, text.utf8.count <= maximumEmojiBytes, let first = text.unicodeScalars.first, first.properties.isEmoji else {
            return false
        }
        let scalars = Array(text.unicodeScalars)
        // Every scalar is part of an emoji: emoji, joiner, variation selector 16, keycap, tag.
        let allowed = scalars.allSatisfy { scalar in
            scalar.properties.isEmoji || scalar.value == 0x200D || scalar.value == 0xFE0F || scalar.value == 0x20E3
                || (0xE0020...0xE007F).contains(scalar.value)
        }
        guard allowed else { return false }
        // Drawn as an emoji: by default, or made so by U+FE0F or a keycap, or a sequence of several.
        return first.properties.isEmojiPresentation || scalars.contains { $0.value == 0xFE0F || $0.value == 0x20E3 }
            || (scalars.count > 1 && scalars.contains { $0.properties.isEmojiPresentation })
    }

    /// A `join-conversation` payload.
    public static func validate(_ request: JoinConversationRequest) throws(MessagingError) {
        try identifier(request.conversationId, name: "conversationId")
        if let afterSeq = request.afterSeq, afterSeq < 0 { throw MessagingError(.validationFailed, "afterSeq must be 0 or more") }
    }

    /// The content trimmed, or the error to answer.
    public static func validate(content: String, attachments: [Attachment]) throws(MessagingError) -> String {
        // An encrypted envelope may be longer than text; the store checks it against its conversation.
        if EncryptedEnvelope.looksLike(content) {
            try checkAttachments(attachments)
            return content
        }
        // Cheap bound first: more UTF-8 bytes than 3 per UTF-16 unit allowed cannot fit.
        guard content.utf8.count <= 3 * maximumLength + 64 else {
            throw MessagingError(.validationFailed, "content is longer than \(maximumLength) characters")
        }
        let trimmed = needsTrimming(content) ? content.trimmingCharacters(in: .whitespacesAndNewlines) : content
        guard trimmed.utf16.count <= maximumLength else {
            throw MessagingError(.validationFailed, "content is longer than \(maximumLength) characters")
        }
        guard !trimmed.isEmpty || !attachments.isEmpty else {
            throw MessagingError(.validationFailed, "content is empty")
        }
        guard !trimmed.utf8.contains(0) else {
            throw MessagingError(.validationFailed, "content contains a NUL character")
        }
        try checkAttachments(attachments)
        return trimmed
    }

    /// At most ``maximumAttachments``, each named once by a valid id.
    static func checkAttachments(_ attachments: [Attachment]) throws(MessagingError) {
        guard attachments.count <= maximumAttachments else {
            throw MessagingError(.validationFailed, "at most \(maximumAttachments) attachments")
        }
        // Uploads are named by id; the store checks each is an upload of the sender and fills in
        // the rest (a URL a client gives is never used: no links to elsewhere).
        var seen = Set<String>()
        for attachment in attachments {
            guard isIdentifier(attachment.id) else { throw MessagingError(.validationFailed, "attachment id is invalid") }
            guard seen.insert(attachment.id).inserted else { throw MessagingError(.validationFailed, "attachment \(attachment.id) is named twice") }
        }
    }

    /// Whether `content` starts or ends with white space (most messages do not: no trimming to do).
    static func needsTrimming(_ content: String) -> Bool {
        guard let first = content.unicodeScalars.first, let last = content.unicodeScalars.last else { return false }
        return CharacterSet.whitespacesAndNewlines.contains(first) || CharacterSet.whitespacesAndNewlines.contains(last)
    }

    /// An id given by a client (conversation, message, `clientMessageId`): 1…100 UTF-8 bytes, no
    /// control character.
    public static func identifier(_ value: String, name: String) throws(MessagingError) {
        guard isIdentifier(value) else {
            throw MessagingError(.validationFailed, "\(name) is invalid (1 to \(maximumIdentifierBytes) bytes, no control character)")
        }
    }

    /// Whether `value` is a valid id.
    public static func isIdentifier(_ value: String) -> Bool {
        isLine(value, maximumBytes: maximumIdentifierBytes)
    }

    /// Non-empty, at most `maximumBytes` UTF-8 bytes, no control character.
    static func isLine(_ value: String, maximumBytes: Int) -> Bool {
        !value.utf8.isEmpty && value.utf8.count <= maximumBytes && !containsControlCharacter(value)
    }

    /// Whether `value` has a C0 control character (NUL included) or DEL. In UTF-8 those are single
    /// bytes that never occur inside another character's encoding.
    public static func containsControlCharacter(_ value: String) -> Bool {
        value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F })
    }
}
