public import Foundation

/// One consumer group of a stream, as `XINFO GROUPS` and `XPENDING` tell it.
public struct RedisStreamGroupInfo: Sendable, Hashable {
    /// The group's name.
    public var name: String
    /// The last entry handed to one of its consumers.
    public var lastDeliveredID: String
    /// Entries handed out and not yet acknowledged.
    public var pending: Int
    /// The oldest of those (`nil` when none is pending).
    public var oldestPendingID: String?
    /// Entries not yet handed out (`nil` when Redis cannot tell, after a trim or a deletion).
    public var lag: Int?

    public init(name: String, lastDeliveredID: String, pending: Int, oldestPendingID: String?, lag: Int?) {
        self.name = name
        self.lastDeliveredID = lastDeliveredID
        self.pending = pending
        self.oldestPendingID = oldestPendingID
        self.lag = lag
    }

    /// Entries not yet handed out, at most `length` (the stream's): Redis' `lag` when it can tell,
    /// else the whole stream. Redis 7.0 (Debian's) can report a `lag` far above what the stream
    /// holds once it was trimmed (redis/redis#13957): a group that had read everything was seen
    /// 105 934 behind a stream of one entry. Unread entries are never trimmed (``StreamTrimmer``
    /// keeps what a group still needs), so the stream's length bounds them.
    public func unread(streamLength length: Int) -> Int {
        min(lag ?? length, length)
    }

    /// Seconds since the oldest pending entry was added (entry ids start with their Unix
    /// milliseconds); `nil` when none is pending.
    public func oldestPendingAge(now: Date) -> Double? {
        guard let id = oldestPendingID, let added = RedisStreamEntry.addedAt(id: id) else { return nil }
        return max(0, now.timeIntervalSince(added))
    }
}
