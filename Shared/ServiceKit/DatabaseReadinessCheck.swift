public import MessagingDatabase

/// Ready when a trivial query succeeds.
public struct DatabaseReadinessCheck: ReadinessCheck {
    let database: any Database

    /// Checks this database.
    public init(database: any Database) { self.database = database }

    public var name: String { "database" }

    public func isReady() async -> Bool { await database.isReady() }
}
