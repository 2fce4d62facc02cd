public import NIOCore

/// A message a subscriber connection received on a channel.
public struct RedisPushMessage: Sendable, Hashable {
    /// The channel, with the deployment's prefix removed.
    public var channel: String
    /// The payload, binary-safe.
    public var payload: ByteBuffer

    /// Creates a message.
    public init(channel: String, payload: ByteBuffer) {
        self.channel = channel
        self.payload = payload
    }
}
