import Foundation

/// A search as the user typed it (`GET /api/messages/search?q=`), made safe and comparable: words
/// of letters and digits, lowercased and without accents ("Café" and "cafe" are the same word), each
/// matched as a prefix ("tatouage" finds "Tatouages"), all of them required. Pure; the databases get
/// only these folded words, so nothing the user types reaches a query's syntax.
struct SearchQuery: Sendable, Equatable {
    /// The most words a search takes.
    static let maximumTerms = 8
    /// The shortest word kept (one letter would match nearly everything).
    static let minimumTermLength = 2

    /// The folded words.
    let terms: [String]

    /// Reads what was typed; `nil` when no word of two letters or more is left.
    init?(_ text: String) {
        var terms = [String]()
        for word in Self.words(in: text) where word.count >= Self.minimumTermLength && !terms.contains(word) {
            terms.append(String(word.prefix(64)))
            if terms.count == Self.maximumTerms { break }
        }
        guard !terms.isEmpty else { return nil }
        self.terms = terms
    }

    /// PostgreSQL's `to_tsquery('simple', …)`: `cafe:* & creme:*`.
    var postgresQuery: String { terms.map { "\($0):*" }.joined(separator: " & ") }

    /// SQLite FTS5's `MATCH`: `"cafe"* AND "creme"*`.
    var sqliteQuery: String { terms.map { "\"\($0)\"*" }.joined(separator: " AND ") }

    /// A text's words, folded: lowercase, no accents, letters and digits only.
    static func words(in text: String) -> [String] {
        fold(text).split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// Lowercase and without diacritics.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "fr_FR")).lowercased()
    }

    /// Up to `width` characters of `content` around its first match, HTML-escaped, each matching
    /// word in `<mark>…</mark>` (a frontend shows it as HTML).
    func highlight(_ content: String, width: Int = 160) -> String {
        // The content's words with their ranges, in order.
        var pieces = [(range: Range<String.Index>, matches: Bool)]()
        var index = content.startIndex
        while index < content.endIndex {
            let isWord = content[index].isLetter || content[index].isNumber
            var end = content.index(after: index)
            while end < content.endIndex, (content[end].isLetter || content[end].isNumber) == isWord { end = content.index(after: end) }
            let folded = Self.fold(String(content[index..<end]))
            pieces.append((index..<end, isWord && terms.contains { folded.hasPrefix($0) }))
            index = end
        }
        let first = pieces.firstIndex { $0.matches } ?? 0
        // Start a little before the first match, on a piece boundary.
        var start = first
        var before = 0
        while start > 0, before + content[pieces[start - 1].range].count <= width / 4 {
            start -= 1
            before += content[pieces[start].range].count
        }
        var html = start > 0 ? "…" : ""
        var length = 0
        var last = start
        for position in start..<pieces.count {
            let text = String(content[pieces[position].range])
            if length + text.count > width, position > first { break }
            let escaped = HTMLConversationExport.escape(text)
            html += pieces[position].matches ? "<mark>\(escaped)</mark>" : escaped
            length += text.count
            last = position
        }
        if last < pieces.count - 1 { html += "…" }
        return html
    }
}
