import MessagingProtocol
import Synchronization

/// A ``RoomBroker`` within one process: a publish reaches this instance's own subscriptions only.
/// For a single gateway without Redis between instances, and for tests of the gateway's logic.
final class InMemoryRoomBroker: RoomBroker, Sendable {
    private let queue: SubscriptionQueue
    private let instanceID: String
    private let deliver: @Sendable ([(RoomChannel, [UInt8])]) -> Void
    private let subscribed = Mutex<Set<String>>([])

    init(queue: SubscriptionQueue, instanceID: String, deliver: @escaping @Sendable ([(RoomChannel, [UInt8])]) -> Void) {
        self.queue = queue
        self.instanceID = instanceID
        self.deliver = deliver
    }

    func run() async throws {
        for await _ in queue.doorbell {
            let net = SubscriptionNet(queue.take())
            subscribed.withLock { subscribed in
                subscribed.formUnion(net.adding)
                subscribed.subtract(net.removing)
            }
            for confirmed in net.confirmations { confirmed.resume() }
        }
    }

    func publish(_ envelope: [UInt8], to channel: String) async throws {
        // `unread` is always listened to, like on Redis.
        guard channel == RedisNames.unreadCounts || subscribed.withLock({ $0.contains(channel) }),
            let target = RoomChannel(channel: channel, instanceID: instanceID)
        else { return }
        deliver([(target, envelope)])
    }

    /// Whether this instance listens to a channel now.
    func isSubscribed(_ channel: String) -> Bool {
        subscribed.withLock { $0.contains(channel) }
    }
}
