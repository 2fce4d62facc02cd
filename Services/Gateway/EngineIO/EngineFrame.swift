package import NIOCore

/// One Engine.IO packet ready for the wire: the text form's bytes (`4…`, `2`, …) or a binary
/// message. A broadcast is encoded once into one frame and the same buffer goes to every socket.
package enum EngineFrame: Sendable {
    case text(ByteBuffer)
    case binary(ByteBuffer)

    static let ping = EngineFrame.text(ByteBuffer(string: "2"))
    static let noop = EngineFrame.text(ByteBuffer(string: "6"))
    static let close = EngineFrame.text(ByteBuffer(string: "1"))

    /// A message packet carrying a Socket.IO packet's text.
    package static func message(_ socketIOText: String) -> EngineFrame {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(socketIOText.utf8.count + 1)
        buffer.writeInteger(UInt8(ascii: "4"))
        buffer.writeString(socketIOText)
        return .text(buffer)
    }

    /// Frames joined as one long-polling payload (`\u{1e}` between records, binary as `b<base64>`).
    static func pollingPayload(_ frames: [EngineFrame]) -> ByteBuffer {
        var payload = ByteBuffer()
        payload.reserveCapacity(frames.reduce(0) { $0 + $1.size + 1 })
        for (index, frame) in frames.enumerated() {
            if index > 0 { payload.writeInteger(EngineIOPayloadCodec.separator) }
            switch frame {
            case .text(let buffer):
                payload.writeImmutableBuffer(buffer)
            case .binary(let buffer):
                var record = [UInt8]()
                EngineIOPayloadCodec.append(.binary(Array(buffer.readableBytesView)), to: &record)
                payload.writeBytes(record)
            }
        }
        return payload
    }

    var size: Int {
        switch self {
        case .text(let buffer), .binary(let buffer): buffer.readableBytes
        }
    }
}
