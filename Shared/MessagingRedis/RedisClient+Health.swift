import NIOCore

extension RedisClient {
    /// Whether Redis works end to end for this client: publishes a random token on the client's
    /// private health channel through the command connection and waits for the subscriber to
    /// receive it, within ``RedisConfiguration/healthCheckTimeout``.
    ///
    /// `false` when either connection is down (or not up within the timeout) or the subscriber is
    /// deaf (subscribed in our books but not in Redis'). Cheap enough for a readiness probe.
    public func checkHealth() async -> Bool {
        let token = Self.randomToken()
        let arrivals = router.expectPing(token)
        defer { router.forgetPing(token) }
        let timeout = configuration.healthCheckTimeout
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in arrivals { return true }
                return false
            }
            group.addTask {
                do {
                    _ = try await self.subscriber.connection()
                    try await self.publish(ByteBuffer(string: token), to: self.router.healthChannel)
                } catch {
                    return false
                }
                // Published: the answer is the arrival or the timer, whichever comes first.
                try? await Task.sleep(for: .seconds(86_400))
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            defer { group.cancelAll() }
            return await group.next() ?? false
        }
    }
}
