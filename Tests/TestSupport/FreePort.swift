import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Loopback ports for test servers.
public enum FreePort {
    /// Where test servers listen: below Linux's ephemeral range (32768–60999), which the many
    /// outgoing connections of a parallel test run draw from, so a chosen port is rarely taken by
    /// one of them between the choice and the server's bind.
    static let range = 20_000..<32_000

    /// Ports this test process handed out: never twice, since two servers of parallel tests could
    /// otherwise both be told a port that is free until the first of them binds it.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A TCP port on 127.0.0.1 that nothing is bound to right now and that this process has not
    /// handed out before: a random one of ``range`` that binds, else the kernel's choice.
    public static func make() throws -> Int {
        for _ in 0..<200 {
            let candidate = Int.random(in: range)
            guard handedOut.withLock({ $0.insert(candidate).inserted }) else { continue }
            if (try? bind(candidate)) != nil { return candidate }
        }
        let port = try bind(0)
        handedOut.withLock { _ = $0.insert(port) }
        return port
    }

    /// Binds 127.0.0.1:`port` and releases it; returns the port bound.
    private static func bind(_ port: Int) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestServerError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw TestServerError("getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
