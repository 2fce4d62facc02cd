import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceLifecycle

/// The ``RoomBroker`` over Redis pub/sub: this instance's subscriptions (`gateway:{id}` and
/// `unread` always, `room:` and `user:` channels while a local socket needs them, changed in the
/// order the ``Hub`` asked), and what arrives on them handed to `deliver`.
final class RedisRoomBroker: RoomBroker, Sendable {
    private let redis: RedisClient
    private let instanceID: String
    private let queue: SubscriptionQueue
    private let logger: Logger
    /// Gets the messages of one read together.
    private let deliver: @Sendable ([(RoomChannel, [UInt8])]) -> Void

    init(
        redis: RedisClient, instanceID: String, queue: SubscriptionQueue, logger: Logger,
        deliver: @escaping @Sendable ([(RoomChannel, [UInt8])]) -> Void
    ) {
        self.redis = redis
        self.instanceID = instanceID
        self.queue = queue
        self.logger = logger
        self.deliver = deliver
    }

    func publish(_ envelope: [UInt8], to channel: String) async throws {
        _ = try await redis.publish(ByteBuffer(bytes: envelope), to: channel)
    }

    func run() async throws {
        let gatewayChannel = RedisNames.gateway(instanceID)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown {
                    try await self.redis.subscribe(to: [gatewayChannel, RedisNames.unreadCounts]) { subscription in
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                for await batch in subscription.batches {
                                    let messages = batch.compactMap { message in
                                        RoomChannel(channel: message.channel, instanceID: self.instanceID).map { ($0, Array(message.payload.readableBytesView)) }
                                    }
                                    if !messages.isEmpty { self.deliver(messages) }
                                }
                            }
                            group.addTask {
                                for await _ in self.queue.doorbell {
                                    await self.apply(SubscriptionNet(self.queue.take()), on: subscription)
                                }
                            }
                            try await group.next()
                            group.cancelAll()
                        }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("gateway subscription failed, retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// One round trip for everything queued; the waiters resume once Redis confirmed it.
    private func apply(_ net: SubscriptionNet, on subscription: RedisSubscription) async {
        if !net.adding.isEmpty || !net.removing.isEmpty {
            // The client re-subscribes after a reconnection; a failure here is retried by it.
            do { try await subscription.change(adding: net.adding, removing: net.removing) } catch {
                logger.warning(
                    "subscription change failed",
                    metadata: ["subscribe": "\(net.adding.count)", "unsubscribe": "\(net.removing.count)", "error": "\(error)"])
            }
        }
        for confirmed in net.confirmations { confirmed.resume() }
    }
}
