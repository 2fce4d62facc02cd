extension Duration {
    /// The whole milliseconds in this duration (rounded down), as Redis' `BLOCK`, `PX` and idle times want.
    public var wholeMilliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
