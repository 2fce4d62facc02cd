import Logging
import MessagingRedis
import ServiceKit
import TokenVerification

/// The messaging layer's parts, wired once: what ``buildGatewayServices(configuration:registry:logger:)``
/// runs over Redis, and what the unit tests drive with an in-memory executor and broker. What the
/// broker receives goes to the ``StoreClient`` (replies on `gateway:{id}`) or to ``RoomDelivery``.
struct MessagingGatewayParts<Broker: RoomBroker> {
    let subscriptions = SubscriptionQueue()
    let hub: Hub
    let delivery: RoomDelivery
    let store: StoreClient
    let broker: Broker
    let presence: PresenceRefresher
    let handler: MessagingEventHandler
    let namespace: MessagingNamespace

    /// - Parameter makeBroker: the broker over the hub's subscription queue, handing what arrives to the given sink.
    init(
        redis: any RedisCommandExecutor, instanceID: String, ackTimeout: Duration, typingTimeout: Duration, presenceTTL: Duration,
        verifier: TokenVerifier, metrics: GatewayMetrics, backlog: CommandBacklog? = nil, recoveryWindow: Duration? = nil,
        origins: OriginPolicy = .any, limits: ClientLimits = ClientLimits(), logger: Logger,
        makeBroker: (SubscriptionQueue, @escaping @Sendable ([(RoomChannel, [UInt8])]) -> Void) -> Broker
    ) {
        let hub = Hub(metrics: metrics, subscriptions: subscriptions)
        let delivery = RoomDelivery(hub: hub, metrics: metrics, instanceID: instanceID, offsets: recoveryWindow != nil, logger: logger)
        let store = StoreClient(redis: redis, instanceID: instanceID, timeout: ackTimeout, backlog: backlog, logger: logger)
        broker = makeBroker(subscriptions) { messages in
            // Replies to the store client; the broadcasts of one read to the delivery together.
            var broadcasts = [(RoomChannel, [UInt8])]()
            for (target, bytes) in messages {
                switch target {
                case .gateway: store.receive(bytes)
                case .room, .user, .unreadCounts: broadcasts.append((target, bytes))
                }
            }
            if !broadcasts.isEmpty { delivery.receive(broadcasts) }
        }
        presence = PresenceRefresher(redis: redis, hub: hub, instanceID: instanceID, ttl: presenceTTL, logger: logger)
        handler = MessagingEventHandler(
            hub: hub, store: store, broker: broker, delivery: delivery, typing: TypingTracker(timeout: typingTimeout), instanceID: instanceID,
            presence: presence, logger: logger)
        namespace = MessagingNamespace(
            handler: handler, verifier: verifier, hub: hub, recovery: SessionRecovery(redis: redis, window: recoveryWindow, logger: logger),
            origins: origins, limits: limits, metrics: metrics, logger: logger)
        self.hub = hub
        self.delivery = delivery
        self.store = store
    }
}
