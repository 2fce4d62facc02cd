import ServiceLifecycle

/// What carries room and user events between gateway instances (socket.io's adapter, centrifuge's
/// broker): it applies the ``SubscriptionQueue``'s changes in order while it runs, hands what
/// arrives on subscribed channels to the gateway, and publishes to every subscribed instance.
protocol RoomBroker: Service {
    /// Publishes an envelope on a channel (`room:{id}`, `user:{id}`).
    func publish(_ envelope: [UInt8], to channel: String) async throws
}
