@testable import MessagingRedis
import NIOCore
import Testing

@Suite struct RESPEncoderTests {
    @Test func encodesEveryArgumentAsABulkString() {
        var buffer = ByteBuffer()
        RESPEncoder.encode(RedisCommand("SET", "k", .integer(-42)), into: &buffer)
        #expect(String(buffer: buffer) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n-42\r\n")
    }

    @Test func binarySafeArgumentsKeepNULAndCRLF() {
        var buffer = ByteBuffer()
        let payload = ByteBuffer(bytes: [0, 13, 10, 255])
        RESPEncoder.encode(RedisCommand([.string("PUBLISH"), .prefixed(prefix: "p:", name: "a\r\nb"), .bytes(payload)]), into: &buffer)
        let expected: [UInt8] = Array("*3\r\n$7\r\nPUBLISH\r\n$6\r\np:a\r\nb\r\n$4\r\n".utf8) + [0, 13, 10, 255, 13, 10]
        #expect(Array(buffer.readableBytesView) == expected)
    }

    @Test(arguments: [0, 7, 10, 99, 12345, Int.max, Int.min + 1])
    func decimalsMatchSwiftsOwnFormatting(value: Int) {
        var buffer = ByteBuffer()
        RESPEncoder.writeDecimal(value, into: &buffer)
        #expect(String(buffer: buffer) == String(value))
    }
}
