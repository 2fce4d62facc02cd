public import JSONCoding

/// One Socket.IO v5 packet: `<type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]`.
///
/// `data` is the raw JSON text as it is on the wire (validated when decoded); for binary packets
/// the attachments travel as the Engine.IO binary messages that follow, each replaced in `data` by
/// `{"_placeholder":true,"num":<index>}`.
public struct SocketIOPacket: Sendable, Hashable {
    /// The type.
    public var type: SocketIOPacketType
    /// The namespace, `/` by default.
    public var namespace: String
    /// The ack id, for events that ask for an answer and for the answer itself.
    public var ackId: UInt64?
    /// The raw JSON data, if any.
    public var data: String?
    /// The data's top-level outline (set by the decoder; `nil` when there is no data).
    public var shape: JSONShape?
    /// The binary attachments (filled in by ``SocketIOPacketAssembler`` for binary packets).
    public var attachments: [[UInt8]]
    /// How many attachments a binary packet announces.
    public var attachmentCount: Int

    /// Creates a packet.
    public init(
        type: SocketIOPacketType, namespace: String = "/", ackId: UInt64? = nil, data: String? = nil,
        attachments: [[UInt8]] = []
    ) {
        self.type = type
        self.namespace = namespace
        self.ackId = ackId
        self.data = data
        self.shape = nil
        self.attachments = attachments
        self.attachmentCount = attachments.count
    }

    /// For events: the event name (the first element, a string).
    public var eventName: String? {
        guard let first = shape?.arrayElements?.first, case .string(let name) = try? JSONShape(validating: first) else {
            return nil
        }
        return name
    }

    /// For events: the raw JSON text of the arguments after the name; for acks, of every argument.
    public var arguments: [String] {
        guard let elements = shape?.arrayElements else { return [] }
        switch type {
        case .event, .binaryEvent: return Array(elements.dropFirst())
        default: return elements
        }
    }
}
