import Testing

@testable import MessageStore

@Suite struct SearchQueryTests {
    @Test func wordsAreFoldedDedupedAndBounded() throws {
        let query = try #require(SearchQuery("  Café CRÈME, café! l'a x"))
        #expect(query.terms == ["cafe", "creme"], "one-letter words dropped, repeats once")
        #expect(query.postgresQuery == "cafe:* & creme:*")
        #expect(query.sqliteQuery == "\"cafe\"* AND \"creme\"*")
        #expect(SearchQuery("a b ' & | ! :*") == nil)
        #expect(SearchQuery(String(repeating: "mot ", count: 20) + (1...20).map { "w\($0)" }.joined(separator: " "))?.terms.count == SearchQuery.maximumTerms)
        // Nothing of the query syntax survives: only letters and digits reach the databases.
        #expect(try #require(SearchQuery("x') OR 1=1 --; \"drop\"*")).terms == ["or", "drop"])
    }

    @Test func theHighlightMarksMatchesAndEscapesTheRest() throws {
        let query = try #require(SearchQuery("cafe tatouage"))
        #expect(query.highlight("Un <b>café</b> avant le Tatouages & co") == "Un &lt;b&gt;<mark>café</mark>&lt;/b&gt; avant le <mark>Tatouages</mark> &amp; co")
        let long = String(repeating: "bla ", count: 100) + "le café est prêt " + String(repeating: "fin ", count: 100)
        let snippet = query.highlight(long, width: 60)
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…") && snippet.contains("<mark>café</mark>"))
        #expect(snippet.count < 100)
    }
}
