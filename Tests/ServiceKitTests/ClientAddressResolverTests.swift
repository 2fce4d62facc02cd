import HTTPTypes
import ServiceKit
import Testing

@Suite struct ClientAddressResolverTests {
    @Test func rangesMatchTheirAddresses() throws {
        let private10 = try #require(AddressRange("10.0.0.0/8"))
        #expect(private10.contains("10.42.7.1") && !private10.contains("11.0.0.1"))
        #expect(private10.contains("::ffff:10.1.2.3"), "an IPv4-mapped IPv6 address counts as IPv4")
        let one = try #require(AddressRange("127.0.0.1"))
        #expect(one.contains("127.0.0.1") && !one.contains("127.0.0.2"))
        let v6 = try #require(AddressRange("fd00::/8"))
        #expect(v6.contains("fd12:3456::1") && !v6.contains("fe80::1") && !v6.contains("10.0.0.1"))
        #expect(try #require(AddressRange("172.16.0.0/12")).contains("172.31.255.255"))
        #expect(!(try #require(AddressRange("172.16.0.0/12")).contains("172.32.0.0")))
        for bad in ["", "10.0.0.0/33", "10.0.0", "fd00::/129", "host.example", "10.0.0.0/x"] {
            #expect(AddressRange(bad) == nil, "\(bad)")
        }
    }

    @Test func forwardingHeadersCountOnlyFromTrustedProxies() throws {
        let resolver = ClientAddressResolver(trusted: [try #require(AddressRange("127.0.0.1")), try #require(AddressRange("10.0.0.0/8"))])
        // The peer is the client when it is not a proxy, whatever it writes.
        #expect(resolver.clientAddress(peer: "203.0.113.9", headers: [.xForwardedFor: "1.2.3.4", .xRealIP: "1.2.3.4"]) == "203.0.113.9")
        // Through nginx (trusted): the address nginx saw, not what the client prepended.
        #expect(resolver.clientAddress(peer: "127.0.0.1", headers: [.xForwardedFor: "1.2.3.4, 198.51.100.7"]) == "198.51.100.7")
        // Through a load balancer and nginx (both trusted): past both.
        #expect(resolver.clientAddress(peer: "127.0.0.1", headers: [.xForwardedFor: "spoofed, 198.51.100.7, 10.1.2.3"]) == "198.51.100.7")
        #expect(resolver.clientAddress(peer: "127.0.0.1", headers: [.xRealIP: "198.51.100.8"]) == "198.51.100.8")
        #expect(resolver.clientAddress(peer: "127.0.0.1", headers: [:]) == "127.0.0.1")
        #expect(resolver.clientAddress(peer: "127.0.0.1", headers: [.xForwardedFor: "not an address"]) == "127.0.0.1")
        #expect(ClientAddressResolver().clientAddress(peer: "127.0.0.1", headers: [.xForwardedFor: "1.2.3.4"]) == "127.0.0.1")
        #expect(ClientAddressResolver().clientAddress(peer: nil, headers: [:]) == "unknown")
    }
}
