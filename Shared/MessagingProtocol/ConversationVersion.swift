/// Where a conversation stands, for a client's cache: its last `seq` and how many changes (edits,
/// deletes, reactions) it had. On the wire, opaque text `"<seq>.<changes>"`: a client keeps the
/// latest it got and asks what changed since (`GET /api/conversations/{id}/changes?since=`).
public struct ConversationVersion: Sendable, Hashable, CustomStringConvertible {
    /// The last message's `seq` covered.
    public var seq: Int
    /// The changes covered.
    public var changes: Int

    /// Creates a version.
    public init(seq: Int, changes: Int) {
        self.seq = seq
        self.changes = changes
    }

    /// Nothing yet: everything is new after it.
    public static let start = ConversationVersion(seq: 0, changes: 0)

    /// Reads `"<seq>.<changes>"` (both whole numbers, 0 or more); `nil` otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 18 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let seq = Int(parts[0]), let changes = Int(parts[1])
        else { return nil }
        self.init(seq: seq, changes: changes)
    }

    public var description: String { "\(seq).\(changes)" }
}
