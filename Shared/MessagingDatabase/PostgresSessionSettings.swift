/// Settings every PostgreSQL session of a service starts with (startup parameters).
public struct PostgresSessionSettings: Sendable {
    /// `name = value` pairs, in order.
    public var parameters: [(name: String, value: String)]

    /// Short statements only: starting parallel workers costs more than they save (7 ms of a 3 ms
    /// lookup, measured), so no session plans them.
    public static let oltp = PostgresSessionSettings(parameters: [("max_parallel_workers_per_gather", "0")])

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
