import Synchronization

/// One sender's acks in flight: ack id → send time (nanoseconds since the fleet's origin).
final class PendingAcks: Sendable {
    let times = Mutex<[Int: Int64]>([:])
}
