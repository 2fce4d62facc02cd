/// A gateway's ``ClientLimits``, held once and referred to by every socket (a copy in each would
/// cost about 150 bytes per socket).
final class SharedClientLimits: Sendable {
    let value: ClientLimits

    init(_ value: ClientLimits) { self.value = value }

    /// The default limits (tests, sockets made without a gateway).
    static let defaults = SharedClientLimits(ClientLimits())
}
