/// A client's file name made safe to keep and to send back in `Content-Disposition`: its last
/// path component, without control characters or characters file systems and headers trip on,
/// without leading dots, at most ``maximumBytes`` UTF-8 bytes (cut on a character); `file` when
/// nothing is left.
enum FileNameSanitizer {
    static let maximumBytes = 200

    static func sanitize(_ name: String?) -> String {
        guard let name else { return "file" }
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = ""
        for scalar in last.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator
            {
                continue
            }
            cleaned.unicodeScalars.append("\"<>:|?*;".unicodeScalars.contains(scalar) ? "_" : scalar)
        }
        cleaned = String(cleaned.drop { $0 == "." || $0 == " " })
        while cleaned.last == " " || cleaned.last == "." { cleaned.removeLast() }
        var result = ""
        for character in cleaned {
            guard result.utf8.count + String(character).utf8.count <= maximumBytes else { break }
            result.append(character)
        }
        return result.isEmpty ? "file" : result
    }
}
