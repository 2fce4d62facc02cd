import CHiredis
import NIOCore

/// Decodes RESP replies with hiredis' reader (`redisReaderCreate/Feed/GetReply`) into ``RESPValue``s.
///
/// Not thread-safe: owned by one channel handler on its event loop. No hiredis type leaves this file.
final class HiredisReplyReader {
    private let reader: UnsafeMutablePointer<redisReader>
    private let allocator: ByteBufferAllocator

    init(allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        guard let reader = redisReaderCreate() else {
            fatalError("hiredis could not allocate a reply reader (out of memory)")
        }
        self.reader = reader
        self.allocator = allocator
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Gives the reader more bytes.
    func feed(_ buffer: ByteBuffer) throws(RedisClientError) {
        let status = buffer.withUnsafeReadableBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return REDIS_OK }
            return redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        if status != REDIS_OK {
            throw RedisClientError(.protocolViolation, message: currentError())
        }
    }

    /// The next complete reply, or `nil` when more bytes are needed.
    func next() throws(RedisClientError) -> RESPValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else {
            throw RedisClientError(.protocolViolation, message: currentError())
        }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return convert(raw.assumingMemoryBound(to: redisReply.self))
    }

    private func convert(_ reply: UnsafeMutablePointer<redisReply>) -> RESPValue {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_INTEGER:
            return .integer(Int(value.integer))
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_STRING:
            var buffer = allocator.buffer(capacity: value.len)
            if let bytes = value.str, value.len > 0 {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: value.len))
            }
            return .bulkString(buffer)
        case REDIS_REPLY_STATUS:
            return .simpleString(text(value))
        case REDIS_REPLY_ERROR:
            return .error(text(value))
        case REDIS_REPLY_ARRAY:
            var elements = [RESPValue]()
            elements.reserveCapacity(value.elements)
            for index in 0..<value.elements {
                if let element = value.element[index] {
                    elements.append(convert(element))
                } else {
                    elements.append(.null)
                }
            }
            return .array(elements)
        default:
            return .error("unsupported reply type \(value.type)")
        }
    }

    private func text(_ value: redisReply) -> String {
        guard let bytes = value.str, value.len > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: value.len), as: UTF8.self)
    }

    private func currentError() -> String {
        withUnsafeBytes(of: reader.pointee.errstr) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return bytes.isEmpty ? "malformed reply" : String(decoding: bytes, as: UTF8.self)
        }
    }
}
