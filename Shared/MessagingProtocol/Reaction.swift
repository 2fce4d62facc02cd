/// The reactions of one emoji on a message: who (in the order they reacted) and how many.
public struct Reaction: Codable, Sendable, Hashable {
    /// The emoji (one grapheme).
    public var emoji: String
    /// How many users reacted with it.
    public var count: Int
    /// Who, first reactor first.
    public var userIds: [String]

    /// Creates it; `count` is the number of users.
    public init(emoji: String, userIds: [String]) {
        self.emoji = emoji
        self.count = userIds.count
        self.userIds = userIds
    }
}
