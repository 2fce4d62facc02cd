import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceLifecycle

/// The ``RoomBroker`` over Redis pub/sub: this instance's subscriptions (`gateway:{id}` always,
/// `room:` and `user:` channels while a local socket needs them, changed in the order the
/// ``Hub`` asked), and what arrives on them handed to `deliver`.
final class RedisRoomBroker: RoomBroker, Sendable {
    private let redis: RedisClient
    private let instanceID: String
    private let queue: SubscriptionQueue
    private let logger: Logger
    private let deliver: @Sendable (RoomChannel, [UInt8]) -> Void

    init(
        redis: RedisClient, instanceID: String, queue: SubscriptionQueue, logger: Logger,
        deliver: @escaping @Sendable (RoomChannel, [UInt8]) -> Void
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
                    try await self.redis.subscribe(to: [gatewayChannel]) { subscription in
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                for await message in subscription {
                                    guard let target = RoomChannel(channel: message.channel, instanceID: self.instanceID) else { continue }
                                    self.deliver(target, Array(message.payload.readableBytesView))
                                }
                            }
                            group.addTask {
                                for await change in self.queue.changes {
                                    await self.apply(change, on: subscription)
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

    private func apply(_ change: SubscriptionChange, on subscription: RedisSubscription) async {
        switch change {
        case .subscribe(let channel, let confirmed):
            // The client re-subscribes after a reconnection; a failure here is retried by it.
            do { try await subscription.subscribe(to: [channel]) } catch {
                logger.warning("subscribe failed", metadata: ["channel": "\(channel)", "error": "\(error)"])
            }
            confirmed?.resume()
        case .unsubscribe(let channel):
            do { try await subscription.unsubscribe(from: [channel]) } catch {
                logger.warning("unsubscribe failed", metadata: ["channel": "\(channel)", "error": "\(error)"])
            }
        case .barrier(let confirmed):
            confirmed.resume()
        }
    }
}
