import MessagingRedis
import Synchronization

/// Lets the broker (built first) route to the handler (built after the hub it needs).
final class RoutingBox: Sendable {
    private let handler = Mutex<MessagingEventHandler?>(nil)

    func set(_ handler: MessagingEventHandler) { self.handler.withLock { $0 = handler } }

    func route(_ target: RoomChannel, _ message: RedisPushMessage) {
        handler.withLock { $0 }?.route(target, message)
    }
}
