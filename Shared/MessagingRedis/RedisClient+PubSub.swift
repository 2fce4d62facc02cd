public import NIOCore

extension RedisClient {
    /// Subscribes to channels (unprefixed names) for the duration of `body`.
    ///
    /// Returns from the subscribe once Redis confirmed it, so a message published after `body`
    /// starts is received. Channels can be added and removed at run time through the
    /// ``RedisSubscription``. After a reconnection every channel is subscribed again. When `body`
    /// ends, channels no other local subscription needs are unsubscribed.
    public func subscribe<Result>(
        to channels: [String],
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        let id = nextSubscriptionID.wrappingAdd(1, ordering: .relaxed).oldValue
        let (stream, continuation) = AsyncStream.makeStream(of: [RedisPushMessage].self)
        router.registry.withLock {
            $0.register(id: id, sink: continuation)
            $0.add(channels, to: id)
        }
        let subscription = RedisSubscription(id: id, client: self, stream: stream)
        do {
            try await synchronise(channels)
            let result = try await body(subscription)
            await endSubscription(id: id)
            return result
        } catch {
            await endSubscription(id: id)
            throw error
        }
    }

    /// Publishes a payload on a channel (unprefixed name); returns how many subscribers got it.
    @discardableResult
    public func publish(_ payload: ByteBuffer, to channel: String) async throws -> Int {
        do {
            let reply = try await send(RedisCommand([.string("PUBLISH"), key(channel), .bytes(payload)]), timeout: nil)
            guard let receivers = reply.int else {
                throw RedisClientError(.unexpectedReply, message: "PUBLISH answered \(reply)")
            }
            return receivers
        } catch let error as RedisClientError {
            throw error.with(command: "PUBLISH", channel: channel)
        }
    }

    /// Publishes text on a channel.
    @discardableResult
    public func publish(_ text: String, to channel: String) async throws -> Int {
        try await publish(ByteBuffer(string: text), to: channel)
    }

    func changeSubscription(id: Int, adding: [String], removing: [String]) async throws {
        router.registry.withLock {
            $0.add(adding, to: id)
            $0.remove(removing, from: id)
        }
        try await synchronise(adding + removing)
    }

    private func endSubscription(id: Int) async {
        guard let (sink, channels) = router.registry.withLock({ $0.unregister(id: id) }) else { return }
        sink.finish()
        do {
            try await synchronise(Array(channels))
        } catch {
            logger.debug("unsubscribe after a subscription ended failed", metadata: ["error": "\(error)"])
        }
    }

    /// Makes Redis' side of these channels match the registry: subscribed while listened to,
    /// unsubscribed otherwise. The commands are queued under the registry's lock, so whatever the
    /// interleaving of callers, the last command on the wire for a channel matches its last state.
    private func synchronise(_ channels: [String]) async throws {
        guard !channels.isEmpty else { return }
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.connectTimeout
        while true {
            let connection = try await subscriber.connection()
            let pending = router.registry.withLock { registry -> EventLoopFuture<[RESPValue]> in
                let listened = channels.filter { registry.isListened($0) || $0 == router.healthChannel }
                let dropped = channels.filter { !registry.isListened($0) && $0 != router.healthChannel }
                var commands = [RedisCommand]()
                if !listened.isEmpty { commands.append(RedisCommand([.string("SUBSCRIBE")] + listened.map(key))) }
                if !dropped.isEmpty { commands.append(RedisCommand([.string("UNSUBSCRIBE")] + dropped.map(key))) }
                return connection.enqueue(.many(commands), expectedReplies: listened.count + dropped.count)
            }
            do {
                let replies = try await pending.get()
                if let failure = replies.first(where: { if case .error = $0 { true } else { false } }) {
                    throw RedisClientError(.errorReply, message: "\(failure)", command: "SUBSCRIBE", channel: channels.first)
                }
                return
            } catch let error as RedisClientError where error.code == .connectionClosed && clock.now < deadline {
                // The connection dropped under us; the next one re-subscribes everything. Try again on it.
                continue
            }
        }
    }

    /// Called on every new subscriber connection before anyone else may use it.
    func resubscribeAll(on connection: RedisConnection) async throws {
        let pending = router.registry.withLock { registry -> EventLoopFuture<[RESPValue]> in
            let channels = registry.channels + [router.healthChannel]
            return connection.enqueue(
                .one(RedisCommand([.string("SUBSCRIBE")] + channels.map(key))), expectedReplies: channels.count)
        }
        _ = try await pending.get()
        let count = router.registry.withLock { $0.channels.count }
        logger.debug("redis subscriber (re)subscribed", metadata: ["redis.channels": "\(count)"])
        let observers = subscriberSessions.withLock { sessions in
            sessions.count += 1
            return sessions.count > 1 ? sessions.observers : []
        }
        for observer in observers { observer() }
    }
}
