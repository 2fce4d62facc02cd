public import ServiceKit

/// The request context of the auth service: the client's address for rate limiting.
public typealias AuthRequestContext = PeerRequestContext
