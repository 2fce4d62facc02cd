import Foundation
import JWTKit
import Testing
import TokenVerification

/// The fast decoding reads exactly what jwt-kit's Foundation decoding reads, or leaves it to it.
@Suite struct ClaimsJSONDecoderTests {
    let fast = ClaimsJSONDecoder()
    let foundation: any JWTJSONDecoder = .defaultForJWT

    /// Both decoders' answer for a claims document: the same claims, or both refuse.
    func same(_ json: String) throws -> MessagingClaims? {
        try same(Data(json.utf8))
    }

    func same(_ data: Data) throws -> MessagingClaims? {
        let json = String(decoding: data, as: UTF8.self)
        let expected = try? foundation.decode(MessagingClaims.self, from: data)
        let got = try? fast.decode(MessagingClaims.self, from: data)
        #expect(got == expected, "\(json)")
        return got
    }

    @Test func claimsAsTheAuthServiceIssuesThemAreReadLikeFoundationReadsThem() throws {
        let claims = try #require(
            try same(
                #"{"sub":"u1","role":"SALON","salonName":"Ink Lab","image":null,"iat":1700000000,"exp":1700000900,"jti":"t1","iss":"inkstudio-auth","aud":["inkstudio"]}"#
            ))
        #expect(claims.sub.value == "u1" && claims.role == "SALON" && claims.salonName == "Ink Lab" && claims.image == nil)
        // Read by JSONCoding, not handed to Foundation.
        var bare = claims
        bare.salonName = nil
        let direct = try? MessagingClaims(json: #"{"sub":"u1","role":"SALON","iat":1700000000,"exp":1700000900,"jti":"t1","iss":"inkstudio-auth","aud":["inkstudio"]}"#)
        #expect(direct == bare)
        #expect(claims.exp.value == Date(timeIntervalSince1970: 1_700_000_900) && claims.aud.value == ["inkstudio"])
        // Unknown claims are skipped, an audience may be one string, white space is allowed.
        #expect(try same(#" { "sub" : "u2", "role":"CLIENT", "nbf": 1, "x": {"y": [1, 2]}, "iat":1, "exp":2, "jti":"j", "iss":"i", "aud":"a" } "#)?.aud.value == ["a"])
        // Escapes in text.
        #expect(try same(#"{"sub":"u\u00e9","role":"CLIENT","firstName":"A\"B","iat":1,"exp":2,"jti":"j","iss":"i","aud":[]}"#)?.firstName == "A\"B")
    }

    @Test func whatTheFastReaderDoesNotTakeFoundationDecides() throws {
        // A fractional date: Foundation reads it, so the claims are read (by Foundation).
        let fractional = try same(#"{"sub":"u","role":"CLIENT","iat":1.5,"exp":2.25,"jti":"j","iss":"i","aud":["a"]}"#)
        #expect(fractional?.iat.value == Date(timeIntervalSince1970: 1.5))
        // Refused by both: a missing claim, a claim of the wrong type, not JSON, trailing text.
        #expect(try same(#"{"sub":"u","role":"CLIENT","iat":1,"exp":2,"jti":"j","iss":"i"}"#) == nil)
        #expect(try same(#"{"sub":"u","role":7,"iat":1,"exp":2,"jti":"j","iss":"i","aud":["a"]}"#) == nil)
        #expect(try same(#"{"sub":"u","role":"CLIENT","email":3,"iat":1,"exp":2,"jti":"j","iss":"i","aud":["a"]}"#) == nil)
        #expect(try same(#"{"sub":"u""#) == nil)
        // Text that is not UTF-8 (a lone 0xFF in a name).
        var invalid = Data(#"{"sub":"u","role":"CLIENT","firstName":"A"#.utf8)
        invalid.append(0xFF)
        invalid.append(contentsOf: Data(#"","iat":1,"exp":2,"jti":"j","iss":"i","aud":["a"]}"#.utf8))
        #expect(try same(invalid) == nil)
        #expect(try same(#"{"sub":"u","role":"CLIENT","iat":1,"exp":2,"jti":"j","iss":"i","aud":["a"]} x"#) == nil)
    }

    @Test func headersOfTextAreReadHereAndOthersByFoundation() throws {
        for json in [#"{"alg":"HS256","typ":"JWT"}"#, #"{"alg":"EdDSA","kid":"k-1","typ":"JWT"}"#, #"{"alg":"HS256","crit":["b64"],"n":1}"#] {
            let data = Data(json.utf8)
            let header = try fast.decode(JWTHeader.self, from: data)
            #expect(header.fields == (try foundation.decode(JWTHeader.self, from: data)).fields, "\(json)")
        }
        #expect(throws: (any Error).self) { try fast.decode(JWTHeader.self, from: Data("[1]".utf8)) }
    }
}
