/// An event a client emitted, as the application sees it: a name and raw JSON arguments (no
/// packets, no namespace, no ack id).
struct IncomingEvent: Sendable {
    var name: String
    /// Raw JSON of each argument.
    var arguments: [String]
    /// Binary attachments the packet carried (none of the messaging events takes any).
    var attachments: [[UInt8]]
}
