/// The life of a kept connection, without I/O: connecting, connected, backing off, shut down; and
/// the callers waiting for a connection. The owner carries out the actions it returns.
///
/// Generic over the connection and the waiter so it can be tested with plain values.
struct RedisConnectionStateMachine<Connection, Waiter> {
    enum State {
        case connecting
        case connected(Connection)
        case backingOff
        case shutDown
    }

    enum WaitAction {
        /// Use this connection now.
        case resume(Connection)
        /// Keep the waiter until a connection is up.
        case wait
        /// The client is shut down: fail the waiter.
        case fail
    }

    enum ConnectedAction {
        /// Hand the connection to every waiter.
        case resumeWaiters([Waiter], Connection)
        /// Shut down meanwhile: close the new connection.
        case close(Connection)
    }

    enum ClosedAction {
        /// Back off this long, then connect again.
        case reconnect(after: Duration)
        /// Shut down: stop.
        case stop
    }

    enum ShutdownAction {
        case failWaiters([Waiter], close: Connection?)
    }

    private(set) var state: State = .connecting
    private var waiters: [Int: Waiter] = [:]
    private var backoff: ReconnectBackoff

    init(backoff: ReconnectBackoff) {
        self.backoff = backoff
    }

    /// The connection, when one is up.
    var connection: Connection? {
        if case .connected(let connection) = state { return connection }
        return nil
    }

    mutating func addWaiter(id: Int, _ waiter: Waiter) -> WaitAction {
        switch state {
        case .connected(let connection): return .resume(connection)
        case .shutDown: return .fail
        case .connecting, .backingOff:
            waiters[id] = waiter
            return .wait
        }
    }

    /// A waiter gave up (timeout or cancellation); returns it if it was still waiting.
    mutating func removeWaiter(id: Int) -> Waiter? {
        waiters.removeValue(forKey: id)
    }

    mutating func connectStarted() {
        if case .backingOff = state { state = .connecting }
    }

    mutating func connected(_ connection: Connection) -> ConnectedAction {
        if case .shutDown = state { return .close(connection) }
        state = .connected(connection)
        backoff.reset()
        let resumed = Array(waiters.values)
        waiters.removeAll()
        return .resumeWaiters(resumed, connection)
    }

    /// A connection attempt failed, or an open connection closed.
    mutating func disconnected(jitter: Double = Double.random(in: 0.5...1.0)) -> ClosedAction {
        if case .shutDown = state { return .stop }
        state = .backingOff
        return .reconnect(after: backoff.nextDelay(jitter: jitter))
    }

    mutating func shutdown() -> ShutdownAction {
        let connection = self.connection
        state = .shutDown
        let failed = Array(waiters.values)
        waiters.removeAll()
        return .failWaiters(failed, close: connection)
    }
}
