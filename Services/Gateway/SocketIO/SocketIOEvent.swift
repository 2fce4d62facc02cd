/// An event a client emitted, as the application sees it: a name and raw JSON arguments (no
/// packets, no namespace, no ack id).
package struct SocketIOEvent: Sendable {
    /// The event's name.
    package var name: String
    /// Raw JSON of each argument after the name.
    package var arguments: [String]
    /// Binary attachments the packet carried.
    package var attachments: [[UInt8]]

    package init(name: String, arguments: [String], attachments: [[UInt8]] = []) {
        self.name = name
        self.arguments = arguments
        self.attachments = attachments
    }
}
