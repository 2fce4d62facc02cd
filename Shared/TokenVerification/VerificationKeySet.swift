import JSONCoding
import JWTKit

/// Verification keys from one JWKS document, and the key ids it names.
///
/// jwt-kit falls back to its default key for a `kid` it does not hold; the verifier needs to know
/// which ids are published to fetch again on an unknown one and never to try the wrong key.
struct VerificationKeySet: Sendable {
    let collection: JWTKeyCollection
    let kids: Set<String>

    init(jwksJSON json: String) async throws {
        let collection = try await JWTKeyCollection(defaultJWTParser: ClaimsJSONDecoder.parser).add(jwksJSON: json)
        self.collection = collection
        self.kids = try Self.kids(inJWKS: json)
    }

    /// The `kid` of each key of a JWKS document `{"keys":[{…,"kid":"…"},…]}`.
    static func kids(inJWKS json: String) throws(JSONReader.Failure) -> Set<String> {
        try JSONReader.read(json) { reader throws(JSONReader.Failure) in
            var kids = Set<String>()
            try reader.object { reader, key throws(JSONReader.Failure) in
                guard key == "keys" else { return try reader.skip() }
                try reader.array { reader throws(JSONReader.Failure) in
                    try reader.object { reader, key throws(JSONReader.Failure) in
                        if key == "kid", let kid = try reader.optionalString() { kids.insert(kid) } else { try reader.skip() }
                    }
                }
            }
            return kids
        }
    }
}
