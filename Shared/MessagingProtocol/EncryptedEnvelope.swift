import JSONCoding

/// The `content` of a message in an end-to-end encrypted conversation: the JSON text of
/// `{ "v": 1, "from": "<sender device>", "ciphertexts": { "<device id>": "<base64url>", … } }`,
/// one ciphertext per recipient device, which the server stores and relays without reading.
/// Only its shape and size are checked here.
public enum EncryptedEnvelope {
    /// The largest envelope (UTF-8 bytes).
    public static let maximumBytes = 64 * 1024
    /// The most devices one envelope addresses.
    public static let maximumDevices = 200
    /// The largest ciphertext (base64url characters).
    public static let maximumCiphertext = 16 * 1024
    /// What search, exports and notifications show instead of an envelope.
    public static let placeholder = "encrypted message"

    /// Whether `content` is meant as an envelope (a JSON object naming `ciphertexts`): such text
    /// may exceed the plain-text limit, and the store decides by the conversation.
    public static func looksLike(_ content: String) -> Bool {
        content.utf8.first == UInt8(ascii: "{") && content.utf8.count <= maximumBytes && content.contains("\"ciphertexts\"")
    }

    /// Checks an envelope's shape and size, else `VALIDATION_FAILED` saying what is wrong.
    public static func validate(_ content: String) throws(MessagingError) {
        guard content.utf8.count <= maximumBytes else {
            throw MessagingError(.validationFailed, "an encrypted envelope is at most \(maximumBytes) bytes")
        }
        let shape = "content must be an encrypted envelope {\"v\":1,\"from\":device,\"ciphertexts\":{device:base64url}}"
        do {
            let devices = try JSONReader.read(content) { reader throws(JSONReader.Failure) -> Int in
                var version: Int?, devices = 0
                try reader.object { reader, key throws(JSONReader.Failure) in
                    if key == "v" {
                        version = try reader.int()
                    } else if key == "from" {
                        guard MessageValidator.isIdentifier(try reader.string()) else { throw reader.failure("from") }
                    } else if key == "ciphertexts" {
                        try reader.object { reader, device throws(JSONReader.Failure) in
                            devices += 1
                            let ciphertext = try reader.string()
                            guard devices <= maximumDevices, MessageValidator.isIdentifier(device.name), !ciphertext.isEmpty,
                                ciphertext.utf8.count <= maximumCiphertext, ciphertext.utf8.allSatisfy(isBase64URL)
                            else { throw reader.failure("ciphertext") }
                        }
                    } else {
                        throw reader.failure("unknown member")
                    }
                }
                guard version == 1 else { throw reader.failure("version") }
                return devices
            }
            guard devices > 0 else { throw MessagingError(.validationFailed, shape) }
        } catch {
            throw MessagingError(.validationFailed, shape)
        }
    }

    static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "="):
            true
        default: false
        }
    }
}
