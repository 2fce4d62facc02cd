import AsyncHTTPClient
import Foundation
import JWTKit
import NIOCore

/// The verification keys of a JWKS URL: fetched on first use, kept for the refresh interval, and
/// fetched again early when a token names an unknown `kid` (at most once per minimum interval).
/// Concurrent callers share one fetch.
actor JWKSCache {
    private let url: URL
    private let httpClient: HTTPClient
    private let refreshInterval: Duration
    private let minimumRefetchInterval: Duration
    private let clock = ContinuousClock()
    private var keys: VerificationKeySet?
    private var fetchedAt: ContinuousClock.Instant?
    private var inFlight: Task<VerificationKeySet, any Error>?

    init(url: URL, httpClient: HTTPClient, refreshInterval: Duration, minimumRefetchInterval: Duration) {
        self.url = url
        self.httpClient = httpClient
        self.refreshInterval = refreshInterval
        self.minimumRefetchInterval = minimumRefetchInterval
    }

    /// The keys, fetched if none are held or they are older than the refresh interval.
    func current() async throws -> VerificationKeySet {
        if let keys, let fetchedAt, clock.now - fetchedAt < refreshInterval { return keys }
        return try await fetch()
    }

    /// Fetches again because a token named an unknown key; `nil` if the last fetch is too recent.
    func refetchForUnknownKey() async throws -> VerificationKeySet? {
        if let fetchedAt, clock.now - fetchedAt < minimumRefetchInterval { return nil }
        return try await fetch()
    }

    private func fetch() async throws -> VerificationKeySet {
        if let inFlight { return try await inFlight.value }
        let url = self.url
        let httpClient = self.httpClient
        let task = Task { try await Self.download(url: url, httpClient: httpClient) }
        inFlight = task
        defer { inFlight = nil }
        do {
            let keys = try await task.value
            self.keys = keys
            self.fetchedAt = clock.now
            return keys
        } catch {
            // A failed fetch keeps the old keys usable, and counts as a fetch for the refetch limit.
            fetchedAt = fetchedAt ?? clock.now
            if let keys { return keys }
            throw error
        }
    }

    private static func download(url: URL, httpClient: HTTPClient) async throws -> VerificationKeySet {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "Accept", value: "application/json")
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .seconds(5))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // A pooled keep-alive connection the issuer closed (it restarted, typically to rotate its
            // key, which is exactly when a refetch is needed) fails in more than one way: closed,
            // reset, or written to while the close was on its way. Once more, on a fresh connection.
            response = try await httpClient.execute(request, timeout: .seconds(5))
        }
        guard response.status == .ok else {
            throw JWKSFetchError(url: url, reason: "HTTP \(response.status.code)")
        }
        let body = try await response.body.collect(upTo: 1 << 20)
        return try await VerificationKeySet(jwksJSON: String(buffer: body))
    }
}

/// The JWKS could not be fetched or read.
struct JWKSFetchError: Error, CustomStringConvertible {
    var url: URL
    var reason: String
    var description: String { "cannot fetch JWKS from \(url): \(reason)" }
}
