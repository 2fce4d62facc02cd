import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceLifecycle

/// Redis between gateway instances: this instance's subscriptions (`gateway:{id}` always,
/// `room:` and `user:` channels while a local socket needs them, changed in the order the
/// ``Hub`` asked), and the routing of what arrives on them.
final class Broker: Service, Sendable {
    enum Change: Sendable {
        case subscribe(String, CheckedContinuation<Void, Never>?)
        case unsubscribe(String)
        case barrier(CheckedContinuation<Void, Never>)
    }

    let redis: RedisClient
    let instanceID: String
    private let changes: AsyncStream<Change>
    private let changesContinuation: AsyncStream<Change>.Continuation
    private let logger: Logger
    /// Where what arrives goes (the event handler, through ``RoutingBox``).
    private let router: @Sendable (RoomChannel, RedisPushMessage) -> Void

    init(redis: RedisClient, instanceID: String, logger: Logger, router: @escaping @Sendable (RoomChannel, RedisPushMessage) -> Void) {
        self.redis = redis
        self.instanceID = instanceID
        self.logger = logger
        self.router = router
        (changes, changesContinuation) = AsyncStream.makeStream(of: Change.self)
    }

    /// Queues a change (in order; applied by ``run()``).
    func request(_ change: Change) {
        changesContinuation.yield(change)
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
                                    self.router(target, message)
                                }
                            }
                            group.addTask {
                                for await change in self.changes {
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

    private func apply(_ change: Change, on subscription: RedisSubscription) async {
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
