import NIOCore
import Synchronization

/// Routes what the subscriber connection receives: health pings to their waiters, everything else to
/// the local subscriptions listening to the channel, each getting its messages of one read in one
/// element, in order. Called on the connection's event loop.
final class RedisPushRouter: Sendable {
    typealias Sink = AsyncStream<[RedisPushMessage]>.Continuation

    /// The private channel of the subscriber self-ping.
    let healthChannel: String
    let registry = Mutex(SubscriptionRegistry<Sink>())
    private let pings = Mutex<[String: AsyncStream<Void>.Continuation]>([:])

    init(healthChannel: String) {
        self.healthChannel = healthChannel
    }

    func deliver(_ messages: [RedisPushMessage]) {
        var batches = [(id: Int, sink: Sink, messages: [RedisPushMessage])]()
        var pinged = [String]()
        registry.withLock { registry in
            for message in messages {
                if message.channel == healthChannel {
                    pinged.append(String(buffer: message.payload))
                    continue
                }
                for (id, sink) in registry.sinks(for: message.channel) {
                    if let index = batches.firstIndex(where: { $0.id == id }) {
                        batches[index].messages.append(message)
                    } else {
                        batches.append((id, sink, [message]))
                    }
                }
            }
        }
        for token in pinged { pings.withLock { $0[token] }?.yield() }
        for batch in batches { batch.sink.yield(batch.messages) }
    }

    /// Registers a ping token; the stream yields when the token comes back through the subscriber.
    func expectPing(_ token: String) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        pings.withLock { $0[token] = continuation }
        return stream
    }

    func forgetPing(_ token: String) {
        pings.withLock { $0.removeValue(forKey: token) }?.finish()
    }

    /// Ends every subscription's stream (the client shut down).
    func finishAll() {
        let sinks = registry.withLock { $0.allSinks }
        for sink in sinks { sink.finish() }
    }
}
