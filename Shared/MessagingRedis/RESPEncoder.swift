public import NIOCore

/// Writes commands as RESP arrays of bulk strings: `*N\r\n$len\r\nbytes\r\n…`. Pure and binary-safe.
public enum RESPEncoder {
    /// Appends one command to a buffer.
    public static func encode(_ command: RedisCommand, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "*"))
        writeDecimal(command.arguments.count, into: &buffer)
        buffer.writeCRLF()
        for argument in command.arguments {
            switch argument {
            case .string(let text):
                writeBulkHeader(text.utf8.count, into: &buffer)
                buffer.writeString(text)
            case .bytes(let bytes):
                writeBulkHeader(bytes.readableBytes, into: &buffer)
                buffer.writeImmutableBuffer(bytes)
            case .integer(let value):
                var digits = ByteBuffer()
                writeDecimal(value, into: &digits)
                writeBulkHeader(digits.readableBytes, into: &buffer)
                buffer.writeImmutableBuffer(digits)
            case .prefixed(let prefix, let name):
                writeBulkHeader(prefix.utf8.count + name.utf8.count, into: &buffer)
                buffer.writeString(prefix)
                buffer.writeString(name)
            }
            buffer.writeCRLF()
        }
    }

    private static func writeBulkHeader(_ length: Int, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "$"))
        writeDecimal(length, into: &buffer)
        buffer.writeCRLF()
    }

    /// Writes an integer in decimal without going through `String`.
    static func writeDecimal(_ value: Int, into buffer: inout ByteBuffer) {
        if value < 0 {
            buffer.writeInteger(UInt8(ascii: "-"))
        }
        var magnitude = value.magnitude
        if magnitude < 10 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while magnitude > 0 {
                raw[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[(24 - count)...]))
        }
    }
}

extension ByteBuffer {
    @inline(__always)
    fileprivate mutating func writeCRLF() {
        writeInteger(UInt16(0x0D0A))  // "\r\n" big-endian
    }
}
