import Synchronization

/// Holds the running instance of a service a test restarts from inside concurrent closures.
public final class ServiceSlot: Sendable {
    private let value: Mutex<ServiceProcess>

    /// Holds `process`.
    public init(_ process: ServiceProcess) { value = Mutex(process) }

    /// The running instance.
    public var current: ServiceProcess {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
