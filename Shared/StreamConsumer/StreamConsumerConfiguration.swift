/// How a ``StreamGroupConsumer`` reads its stream.
public struct StreamConsumerConfiguration: Sendable, Hashable {
    /// The stream (unprefixed).
    public var stream: String
    /// The consumer group (created at start with `MKSTREAM` if missing, from the stream's start).
    public var group: String
    /// This consumer's name in the group (the instance id).
    public var consumer: String
    /// Entries read at once. Default 256.
    public var batchSize: Int = 256
    /// How long one blocking read waits. Default 1 s (also how quickly a shutdown is noticed).
    public var blockTime: Duration = .seconds(1)
    /// Entries another consumer left pending this long are claimed. Default 30 s.
    public var claimIdleTime: Duration = .seconds(30)
    /// How often to look for such entries. Default 10 s.
    public var claimInterval: Duration = .seconds(10)
    /// When set, a blocking read that returned less than a batch waits this long and reads once more
    /// without blocking, so entries written together (one pipelined burst) are handled together.
    /// Default `nil` (hand over what arrived at once).
    public var gatherTime: Duration? = nil

    /// Creates a configuration.
    public init(stream: String, group: String, consumer: String) {
        self.stream = stream
        self.group = group
        self.consumer = consumer
    }
}
