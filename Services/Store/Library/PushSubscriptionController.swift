import Hummingbird
import Logging
import MessagingProtocol
import ServiceKit
import WebPush

/// Web Push subscriptions (`SPEC.md` §6): the key browsers subscribe with, and each user's
/// subscriptions, which the fan-out pushes offline notifications to. With no VAPID key configured
/// every route answers `NOT_FOUND` saying Web Push is off.
struct PushSubscriptionController: Sendable {
    let directory: PushSubscriptionDirectory
    let configuration: PushSubscriptionConfiguration
    let callers: StoreCallers
    let logger: Logger

    func add(to router: Router<BasicRequestContext>) {
        router.get("/api/push/vapid-public-key") { _, _ in try publicKey() }
        router.post("/api/push/subscriptions") { request, _ in try await subscribe(request) }
        router.delete("/api/push/subscriptions") { request, _ in try await unsubscribe(request) }
    }

    /// `{ publicKey }`: public, the browser needs it before it subscribes.
    func publicKey() throws -> Response {
        try HTTPJSON.response(VAPIDPublicKeyResponse(publicKey: try enabledKey()))
    }

    /// Keeps the browser's subscription for the caller (again: refreshed): 201 `{ endpoint }`.
    func subscribe(_ request: Request) async throws -> Response {
        _ = try enabledKey()
        let user = try await callers.requireUser(request)
        try callers.admitWrite(by: user)
        let subscription = try await HTTPJSON.decode(PushSubscriptionRequest.self, from: request, limit: 8 * 1024)
            .subscription(allowedBy: configuration.services)
        guard try await directory.add(subscription, for: user.id) else {
            throw MessagingError(
                .validationFailed, "at most \(PushSubscriptionDirectory.maximumPerUser) push subscriptions per user: remove one first")
        }
        logger.info("push subscription kept", metadata: ["user.id": "\(user.id)", "push.service": "\(subscription.endpoint.host ?? "")"])
        return try HTTPJSON.response(PushUnsubscribeRequest(endpoint: subscription.endpoint.absoluteString), status: .created)
    }

    /// Forgets one of the caller's subscriptions (`{ endpoint }`): 204, also when it was not there.
    func unsubscribe(_ request: Request) async throws -> Response {
        _ = try enabledKey()
        let user = try await callers.requireUser(request)
        try callers.admitWrite(by: user)
        let body = try await HTTPJSON.decode(PushUnsubscribeRequest.self, from: request, limit: 8 * 1024)
        guard body.endpoint.utf8.count <= PushSubscriptionRequest.maximumEndpointLength else {
            throw MessagingError(.validationFailed, "endpoint is too long")
        }
        if try await directory.remove(endpoint: body.endpoint, for: user.id) {
            logger.info("push subscription removed", metadata: ["user.id": "\(user.id)"])
        }
        return Response(status: .noContent)
    }

    private func enabledKey() throws(MessagingError) -> String {
        guard let key = configuration.vapidPublicKey else {
            throw MessagingError(.notFound, "Web Push is off on this server (no VAPID_PUBLIC_KEY)")
        }
        return key
    }
}
