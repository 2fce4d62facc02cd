import Foundation
public import JSONCoding
import JWTKit

extension MessagingClaims: JSONReadable {
    /// Reads the claims as jwt-kit's Foundation decoding does, for the tokens services see every
    /// time: `iat` and `exp` in whole seconds, `aud` one string or a list, the profile fields text
    /// or `null`. Anything else fails here (and ``ClaimsJSONDecoder`` leaves it to Foundation's
    /// decoder, which decides).
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var sub: String?, role: String?, jti: String?, iss: String?, aud: [String]?
        var firstName: String?, lastName: String?, salonName: String?, image: String?, email: String?
        var iat: Int?, exp: Int?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "sub" {
                sub = try reader.string()
            } else if key == "role" {
                role = try reader.string()
            } else if key == "jti" {
                jti = try reader.string()
            } else if key == "iss" {
                iss = try reader.string()
            } else if key == "aud" {
                aud = reader.next() == UInt8(ascii: "[") ? try reader.strings() : [try reader.string()]
            } else if key == "iat" {
                iat = try reader.int()
            } else if key == "exp" {
                exp = try reader.int()
            } else if key == "firstName" {
                firstName = try reader.optionalString()
            } else if key == "lastName" {
                lastName = try reader.optionalString()
            } else if key == "salonName" {
                salonName = try reader.optionalString()
            } else if key == "image" {
                image = try reader.optionalString()
            } else if key == "email" {
                email = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        guard let sub else { throw json.missing("sub") }
        guard let role else { throw json.missing("role") }
        guard let jti else { throw json.missing("jti") }
        guard let iss else { throw json.missing("iss") }
        guard let aud else { throw json.missing("aud") }
        guard let iat else { throw json.missing("iat") }
        guard let exp else { throw json.missing("exp") }
        self.init(
            sub: SubjectClaim(value: sub), role: role, firstName: firstName, lastName: lastName, salonName: salonName, image: image,
            email: email, iat: IssuedAtClaim(value: Date(timeIntervalSince1970: Double(iat))),
            exp: ExpirationClaim(value: Date(timeIntervalSince1970: Double(exp))), jti: IDClaim(value: jti), iss: IssuerClaim(value: iss),
            aud: AudienceClaim(value: aud))
    }
}
