public import Foundation

/// Formats and parses the timestamps of the contract: ISO 8601, UTC, with milliseconds
/// (`2026-11-25T17:03:49.123Z`), the way JavaScript's `Date.prototype.toISOString` writes them.
///
/// Pure arithmetic (days from the civil calendar), so it is fast, allocation-light and `Sendable`.
/// Parsing also accepts no fraction, any number of fraction digits, and a `+hh:mm` / `-hh:mm` offset.
public enum ISO8601Timestamp {
    /// Formats a date in UTC, rounded to the nearest millisecond (a `Date` is a binary double, so
    /// `.393` may be stored as `.39299…`).
    public static func format(_ date: Date) -> String {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var days = totalMilliseconds / 86_400_000
        var millisOfDay = totalMilliseconds % 86_400_000
        if millisOfDay < 0 {
            millisOfDay += 86_400_000
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        let hour = Int(millisOfDay / 3_600_000)
        let minute = Int(millisOfDay / 60_000 % 60)
        let second = Int(millisOfDay / 1000 % 60)
        let millisecond = Int(millisOfDay % 1000)

        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        append(&bytes, year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        append(&bytes, month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        append(&bytes, day, width: 2)
        bytes.append(UInt8(ascii: "T"))
        append(&bytes, hour, width: 2)
        bytes.append(UInt8(ascii: ":"))
        append(&bytes, minute, width: 2)
        bytes.append(UInt8(ascii: ":"))
        append(&bytes, second, width: 2)
        bytes.append(UInt8(ascii: "."))
        append(&bytes, millisecond, width: 3)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses an ISO 8601 date-time; `nil` when the text is not one.
    public static func parse(_ text: String) -> Date? {
        var parser = Parser(bytes: Array(text.utf8))
        return parser.parse()
    }

    private static func append(_ bytes: inout [UInt8], _ value: Int, width: Int) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var remaining = value
        var index = width - 1
        while index >= 0 {
            digits[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            index -= 1
        }
        bytes.append(contentsOf: digits)
    }

    /// Howard Hinnant's `civil_from_days`.
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// Howard Hinnant's `days_from_civil`.
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func parse() -> Date? {
            guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
                expect("T") || expect("t") || expect(" "),
                let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2)
            else { return nil }
            guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
                return nil
            }
            var fraction = 0.0
            if expect(".") || expect(",") {
                var scale = 0.1
                var sawDigit = false
                while index < bytes.count, let digit = digit(bytes[index]) {
                    fraction += Double(digit) * scale
                    scale /= 10
                    index += 1
                    sawDigit = true
                }
                guard sawDigit else { return nil }
            }
            var offsetSeconds = 0
            if expect("Z") || expect("z") {
                offsetSeconds = 0
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = expect(":")
                guard let minutes = number(2), hours < 24, minutes < 60 else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            } else {
                return nil
            }
            guard index == bytes.count else { return nil }
            let dayCount = ISO8601Timestamp.days(year: year, month: month, day: day)
            let seconds = Double(dayCount) * 86_400 + Double(hour * 3600 + minute * 60 + second - offsetSeconds)
            return Date(timeIntervalSince1970: seconds + fraction)
        }

        mutating func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<width {
                guard let digit = digit(bytes[index + offset]) else { return nil }
                value = value * 10 + digit
            }
            index += width
            return value
        }

        func digit(_ byte: UInt8) -> Int? {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
        }
    }
}
