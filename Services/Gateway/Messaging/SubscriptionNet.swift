/// What a run of subscription changes amounts to: each channel ends subscribed or not as its last
/// change says, and every waiter resumes once that is applied (a barrier waits for the changes
/// before it, which are part of the same run).
struct SubscriptionNet {
    /// Channels to subscribe, in the order first met.
    var adding: [String] = []
    /// Channels to unsubscribe, in the order first met.
    var removing: [String] = []
    var confirmations: [CheckedContinuation<Void, Never>] = []

    init(_ changes: [SubscriptionChange]) {
        var last = [String: Bool]()  // channel → subscribed
        var order = [String]()
        for change in changes {
            switch change {
            case .subscribe(let channel, let confirmed):
                if last.updateValue(true, forKey: channel) == nil { order.append(channel) }
                if let confirmed { confirmations.append(confirmed) }
            case .unsubscribe(let channel):
                if last.updateValue(false, forKey: channel) == nil { order.append(channel) }
            case .barrier(let confirmed):
                confirmations.append(confirmed)
            }
        }
        for channel in order {
            if last[channel]! { adding.append(channel) } else { removing.append(channel) }
        }
    }
}
