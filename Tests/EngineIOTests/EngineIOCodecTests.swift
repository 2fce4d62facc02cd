import Foundation
import EngineIO
import Testing

@Suite struct EngineIOCodecTests {
    // The examples of the Engine.IO protocol document (v4).
    @Test(arguments: [
        ("0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\"}", EngineIOPacket.open("{\"sid\":\"lv_VI97HAXpY6yYWAAAC\"}")),
        ("1", .close),
        ("2", .ping("")),
        ("3", .pong("")),
        ("2probe", .ping("probe")),
        ("3probe", .pong("probe")),
        ("4hello", .message("hello")),
        ("4€", .message("€")),
        ("5", .upgrade),
        ("6", .noop),
    ])
    func textPacketsOfTheProtocolDocument(text: String, packet: EngineIOPacket) throws {
        #expect(try EngineIOPacketCodec.decode(text: text) == packet)
        #expect(EngineIOPacketCodec.encodeText(packet) == text)
    }

    @Test(arguments: ["", "7", "x", "a1", "1x", "5probe", "6 "])
    func invalidTextPacketsAreRefused(text: String) {
        #expect(throws: EngineIODecodingError.self) { try EngineIOPacketCodec.decode(text: text) }
    }

    @Test func pollingPayloadOfTheProtocolDocument() throws {
        // "4hello\x1e4€\x1ebAQIDBA==": two text messages and a binary one.
        let payload = Array("4hello\u{1e}4€\u{1e}bAQIDBA==".utf8)
        let packets = try EngineIOPayloadCodec.decode(payload, maxPayload: 1_000_000)
        #expect(packets == [.message("hello"), .message("€"), .binary([1, 2, 3, 4])])
        #expect(EngineIOPayloadCodec.encode(packets) == payload)
    }

    @Test func payloadLargerThanMaxPayloadIsRefusedBeforeDecoding() {
        let payload = Array(repeating: UInt8(ascii: "4"), count: 101)
        #expect(throws: EngineIODecodingError.self) { try EngineIOPayloadCodec.decode(payload, maxPayload: 100) }
        #expect((try? EngineIOPayloadCodec.decode(Array(payload.prefix(100)), maxPayload: 100))?.count == 1)
    }

    @Test(arguments: ["", "4a\u{1e}", "\u{1e}4a", "b!!!", "4a\u{1e}9"])
    func invalidPayloadsAreRefused(text: String) {
        #expect(throws: EngineIODecodingError.self) { try EngineIOPayloadCodec.decode(Array(text.utf8), maxPayload: 1000) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: EngineIODecodingError.self) { try EngineIOPayloadCodec.decode([UInt8(ascii: "4"), 0xFF, 0xFE], maxPayload: 1000) }
    }

    @Test func everyPacketRoundTripsThroughAPayload() throws {
        let packets: [EngineIOPacket] = [
            .open("{}"), .close, .ping(""), .pong("probe"), .message("42/messaging,[\"a\",\"\u{1e}?\"]"), .binary([]),
            .binary(Array(0...255)), .upgrade, .noop,
        ]
        // A record separator inside a message would split it: Socket.IO JSON never has a raw one,
        // so the round trip uses the escaped form.
        let safe = packets.map { packet -> EngineIOPacket in
            if case .message = packet { return .message("42/messaging,[\"a\",\"\\u001e?\"]") }
            return packet
        }
        #expect(try EngineIOPayloadCodec.decode(EngineIOPayloadCodec.encode(safe), maxPayload: 1_000_000) == safe)
    }

    @Test func randomBytesNeverCrashTheDecoders() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ in
                // Mostly protocol characters, so the fuzzer reaches past the first byte.
                Bool.random(using: &generator)
                    ? Array("0123456b\u{1e}[]{}\",:/-=".utf8).randomElement(using: &generator)!
                    : UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? EngineIOPayloadCodec.decode(bytes, maxPayload: 1000)
            _ = try? EngineIOPacketCodec.decode(text: String(decoding: bytes, as: UTF8.self))
        }
    }
}
