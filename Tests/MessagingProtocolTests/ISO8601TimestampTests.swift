import Foundation
import MessagingProtocol
import Testing

@Suite struct ISO8601TimestampTests {
    @Test func formatsLikeJavaScriptToISOString() {
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 1_764_090_229.123)) == "2025-11-25T17:03:49.123Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 951_782_400.5)) == "2000-02-29T00:00:00.500Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: -1.25)) == "1969-12-31T23:59:58.750Z")
    }

    @Test func parsesWhatItFormatsAndCommonVariants() throws {
        let date = Date(timeIntervalSince1970: 1_764_090_229.123)
        let parsed = try #require(ISO8601Timestamp.parse(ISO8601Timestamp.format(date)))
        #expect(abs(parsed.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.0005)
        #expect(ISO8601Timestamp.parse("2025-11-25T17:03:49Z")?.timeIntervalSince1970 == 1_764_090_229)
        #expect(ISO8601Timestamp.parse("2025-11-25T19:03:49+02:00")?.timeIntervalSince1970 == 1_764_090_229)
        #expect(ISO8601Timestamp.parse("2025-11-25T17:03:49.123456Z") != nil)
    }

    @Test(arguments: ["", "2025-11-25", "2025-13-01T00:00:00Z", "2025-11-25T17:03:49", "2025-11-25T17:03:49.Z", "yesterday", "2025-11-25T17:03:49Zjunk"])
    func refusesWhatIsNotADateTime(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }

    @Test func everyMillisecondOfADayRoundTrips() {
        // Every 997th millisecond over several years, including leap days.
        var milliseconds: Int64 = 946_684_800_000
        while milliseconds < 1_100_000_000_000 {
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = ISO8601Timestamp.format(date)
            #expect(ISO8601Timestamp.parse(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == milliseconds)
            milliseconds += 997_000_003
        }
    }
}
