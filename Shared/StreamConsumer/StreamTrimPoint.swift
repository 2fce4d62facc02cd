public import MessagingRedis

/// Where a stream may be trimmed: below the oldest entry some consumer group still needs (one it
/// holds pending, or the first it has not been handed). Pure.
public enum StreamTrimPoint {
    /// The `MINID` to trim to, or `nil` when nothing may go (no group yet: a consumer created later
    /// reads from the start).
    public static func minID(of groups: [RedisStreamGroupInfo]) -> String? {
        guard !groups.isEmpty else { return nil }
        // A group needs its oldest pending entry, else everything after the last one it was handed
        // (that one itself is kept: `MINID` keeps ids at or above it).
        let needed = groups.map { $0.oldestPendingID ?? $0.lastDeliveredID }
        return needed.min(by: isOlder)
    }

    /// Whether stream id `a` comes before `b` (`ms-seq`, numerically).
    static func isOlder(_ a: String, _ b: String) -> Bool {
        let (aTime, aSeq) = parts(a)
        let (bTime, bSeq) = parts(b)
        return aTime != bTime ? aTime < bTime : aSeq < bSeq
    }

    private static func parts(_ id: String) -> (UInt64, UInt64) {
        let pieces = id.split(separator: "-", maxSplits: 1)
        return (UInt64(pieces.first ?? "0") ?? 0, pieces.count > 1 ? UInt64(pieces[1]) ?? 0 : 0)
    }
}
