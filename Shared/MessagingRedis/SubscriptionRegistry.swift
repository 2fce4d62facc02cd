/// Which local subscriptions listen to which channels, without I/O.
///
/// Redis is subscribed to a channel while at least one local subscription lists it. The registry
/// answers what to deliver a message to, and what the Redis-side subscription of a channel should be.
struct SubscriptionRegistry<Sink> {
    private var sinks: [Int: Sink] = [:]
    private var channelsBySubscription: [Int: Set<String>] = [:]
    private var subscriptionsByChannel: [String: Set<Int>] = [:]

    /// Every channel Redis should be subscribed to.
    var channels: [String] { Array(subscriptionsByChannel.keys) }

    /// Whether some local subscription lists the channel.
    func isListened(_ channel: String) -> Bool { subscriptionsByChannel[channel] != nil }

    mutating func register(id: Int, sink: Sink) {
        sinks[id] = sink
        channelsBySubscription[id] = []
    }

    /// Adds channels to a subscription.
    mutating func add(_ channels: some Sequence<String>, to id: Int) {
        guard sinks[id] != nil else { return }
        for channel in channels {
            channelsBySubscription[id, default: []].insert(channel)
            subscriptionsByChannel[channel, default: []].insert(id)
        }
    }

    /// Removes channels from a subscription.
    mutating func remove(_ channels: some Sequence<String>, from id: Int) {
        for channel in channels {
            channelsBySubscription[id]?.remove(channel)
            subscriptionsByChannel[channel]?.remove(id)
            if subscriptionsByChannel[channel]?.isEmpty == true {
                subscriptionsByChannel[channel] = nil
            }
        }
    }

    /// Drops a subscription; returns its sink and the channels it listed.
    mutating func unregister(id: Int) -> (sink: Sink, channels: Set<String>)? {
        guard let sink = sinks.removeValue(forKey: id) else { return nil }
        let channels = channelsBySubscription.removeValue(forKey: id) ?? []
        remove(channels, from: id)
        return (sink, channels)
    }

    /// The sinks a message on this channel goes to.
    func sinks(for channel: String) -> [(id: Int, sink: Sink)] {
        guard let ids = subscriptionsByChannel[channel] else { return [] }
        return ids.compactMap { id in sinks[id].map { (id, $0) } }
    }

    /// Every sink.
    var allSinks: [Sink] { Array(sinks.values) }
}
