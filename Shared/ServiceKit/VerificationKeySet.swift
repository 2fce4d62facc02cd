import Foundation
import JWTKit

/// Verification keys from one JWKS document, and the key ids it names.
///
/// jwt-kit falls back to its default key for a `kid` it does not hold; the verifier needs to know
/// which ids are published to fetch again on an unknown one and never to try the wrong key.
struct VerificationKeySet: Sendable {
    let collection: JWTKeyCollection
    let kids: Set<String>

    init(jwksJSON json: String) async throws {
        let collection = try await JWTKeyCollection().add(jwksJSON: json)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let keys = object?["keys"] as? [[String: Any]] ?? []
        self.collection = collection
        self.kids = Set(keys.compactMap { $0["kid"] as? String })
    }
}
