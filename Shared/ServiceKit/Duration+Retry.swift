extension Duration {
    /// Whole seconds, rounded up, at least 1: the wait a `RATE_LIMITED` answer tells ("try again in N s").
    public var retrySeconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
