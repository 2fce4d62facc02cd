/// Settings every PostgreSQL session of a service starts with (startup parameters).
public struct PostgresSessionSettings: Sendable {
    /// `name = value` pairs, in order.
    public var parameters: [(name: String, value: String)]

    /// Short statements only: starting parallel workers costs more than they save (7 ms of a 3 ms
    /// lookup, measured), so no session plans them.
    ///
    /// Idle connections are kept alive by TCP: the server probes a session's socket after
    /// ``keepAliveIdleSeconds`` of silence, then every 10 s, and drops it after 3 unanswered probes.
    /// The probes keep the connection's entry in NAT tables and load balancers, and a server that
    /// vanished is found at the next statement, which fails as `unavailable` (its work is tried
    /// again on a new connection). The pool's own keep-alive (`SELECT 1` on a connection idle for
    /// 30 s) is off: it armed a timer at every release of a connection, a Dispatch wake-up per
    /// statement on the store's send path (a fifth of the store's CPU at 2 000 deliveries/s).
    public static let oltp = PostgresSessionSettings(parameters: [
        ("max_parallel_workers_per_gather", "0"),
        ("tcp_keepalives_idle", String(keepAliveIdleSeconds)), ("tcp_keepalives_interval", "10"), ("tcp_keepalives_count", "3"),
    ])

    /// Seconds of silence before the server's first TCP keep-alive probe on a session (below the
    /// usual NAT and load-balancer idle timeouts, 60 s and more).
    public static let keepAliveIdleSeconds = 30

    /// ``oltp``, and the statements prepared with ``PreparedSQL`` planned once: with array
    /// parameters PostgreSQL otherwise plans them again at every execution (a custom plan looks
    /// cheaper than the generic one), which was half of the store's send statement's server time,
    /// measured. A generic plan is made once per connection, possibly while the tables are empty
    /// or never analyzed, and kept until the next `ANALYZE` of its tables; made then, it reads a
    /// whole table or index in a hash or merge join (the send statement's check for retried
    /// `clientMessageId`s hashed every message: 10 ms a send after 40 000 messages, measured). So
    /// sequential scans, hash joins and merge joins are disabled (a last resort, when no other plan
    /// exists): every plan is nested index lookups driven by the statement's own small lists, right
    /// at any table size. For services whose every statement is such a lookup (the message store).
    public static let preparedIndexLookups = PostgresSessionSettings(
        parameters: oltp.parameters + [
            ("plan_cache_mode", "force_generic_plan"), ("enable_seqscan", "off"), ("enable_hashjoin", "off"), ("enable_mergejoin", "off"),
        ])
}
