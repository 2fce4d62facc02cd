@testable import MessagingRedis
import NIOCore
import Testing

@Suite struct HiredisReplyReaderTests {
    static let wire = "+OK\r\n-ERR bad\r\n:42\r\n$5\r\na\r\nbc\r\n$-1\r\n*2\r\n$7\r\nmessage\r\n*1\r\n:1\r\n*0\r\n"
    static let expected: [RESPValue] = [
        .simpleString("OK"), .error("ERR bad"), .integer(42), .bulkString(ByteBuffer(string: "a\r\nbc")), .null,
        .array([.bulkString(ByteBuffer(string: "message")), .array([.integer(1)])]), .array([]),
    ]

    @Test func decodesEveryReplyType() throws {
        let reader = HiredisReplyReader()
        try reader.feed(ByteBuffer(string: Self.wire))
        var values = [RESPValue]()
        while let value = try reader.next() { values.append(value) }
        #expect(values == Self.expected)
    }

    @Test func everySplitOfTheInputGivesTheSameReplies() throws {
        let bytes = Array(Self.wire.utf8)
        for split in 1..<bytes.count {
            let reader = HiredisReplyReader()
            var values = [RESPValue]()
            for part in [bytes[..<split], bytes[split...]] {
                try reader.feed(ByteBuffer(bytes: part))
                while let value = try reader.next() { values.append(value) }
            }
            #expect(values == Self.expected, "split at \(split)")
        }
    }

    @Test func garbageIsAProtocolViolation() throws {
        let reader = HiredisReplyReader()
        #expect(throws: RedisClientError.self) {
            try reader.feed(ByteBuffer(string: "?what\r\n"))
            _ = try reader.next()
        }
    }
}
