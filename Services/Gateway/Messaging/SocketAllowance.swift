import MessagingProtocol
import ServiceKit

/// One socket's allowance under ``ClientLimits``: its buckets and how many of its events wait for
/// the store. Pure: the caller says what time it is.
struct SocketAllowance: Sendable {
    /// Why an event was refused, and when the client may try again.
    struct Refusal: Sendable, Equatable {
        var reason: GatewayRefusal
        var wait: Duration

        /// The `RATE_LIMITED` error the client gets.
        func error(limits: ClientLimits) -> MessagingError {
            let after = "try again in \(wait.roundedUpSeconds) s"
            switch reason {
            case .sendRate: return MessagingError(.rateLimited, "too many messages: \(after)")
            case .typingRate: return MessagingError(.rateLimited, "too many typing events: \(after)")
            case .joinRate: return MessagingError(.rateLimited, "too many joins: \(after)")
            case .pendingAcks: return MessagingError(.rateLimited, "too many requests waiting for an answer (at most \(limits.maxPendingAcks))")
            case .rooms: return MessagingError(.rateLimited, "a socket may be in at most \(limits.maxRooms) conversations: leave one first")
            default: return MessagingError(.rateLimited, "too many events: \(after)")
            }
        }
    }

    // Only counts: the rates are the gateway's one ``ClientLimits``, given to each call (a socket
    // keeps about 100 bytes here, not a copy of the limits).
    private var events: TokenCount
    private var sends: TokenCount
    private var typing: TokenCount
    private var joins: TokenCount
    /// Events waiting for the store's answer.
    private(set) var pending = 0

    init(limits: ClientLimits, now: ContinuousClock.Instant) {
        events = TokenCount(rate: limits.events, now: now)
        sends = TokenCount(rate: limits.sends, now: now)
        typing = TokenCount(rate: limits.typing, now: now)
        joins = TokenCount(rate: limits.joins, now: now)
    }

    /// Whether the socket may send this event now (`nil` for an unknown name); takes its tokens if so.
    /// A refused event takes no token of its own kind, only of the overall rate.
    mutating func admit(_ event: ClientEvent?, limits: ClientLimits, now: ContinuousClock.Instant) -> Refusal? {
        guard events.take(rate: limits.events, now: now) else { return Refusal(reason: .eventRate, wait: events.wait(rate: limits.events, now: now)) }
        guard let event else { return nil }
        if Self.waitsForStore(event) && pending >= limits.maxPendingAcks { return Refusal(reason: .pendingAcks, wait: .zero) }
        switch event {
        case .sendMessage, .editMessage:
            // An edit is a new text for the room: it counts as a send.
            guard sends.take(rate: limits.sends, now: now) else { return Refusal(reason: .sendRate, wait: sends.wait(rate: limits.sends, now: now)) }
        case .userTyping, .userStoppedTyping:
            guard typing.take(rate: limits.typing, now: now) else { return Refusal(reason: .typingRate, wait: typing.wait(rate: limits.typing, now: now)) }
        case .joinConversation:
            guard joins.take(rate: limits.joins, now: now) else { return Refusal(reason: .joinRate, wait: joins.wait(rate: limits.joins, now: now)) }
        case .leaveConversation, .markAsRead, .markConversationAsRead, .deleteMessage, .addReaction, .removeReaction:
            break
        }
        return nil
    }

    /// An admitted event now waits for the store.
    mutating func awaitAnswer() { pending += 1 }

    /// The store answered (or the wait timed out).
    mutating func answered() { pending = max(0, pending - 1) }

    /// The events that go to the store and hold an answer slot.
    static func waitsForStore(_ event: ClientEvent) -> Bool {
        switch event {
        case .joinConversation, .sendMessage, .markAsRead, .markConversationAsRead, .editMessage, .deleteMessage, .addReaction, .removeReaction: true
        case .leaveConversation, .userTyping, .userStoppedTyping: false
        }
    }
}

extension Duration {
    /// Whole seconds, rounded up, with one decimal below 10 s (`1.2`).
    var roundedUpSeconds: String {
        let milliseconds = Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
        let tenths = Int((milliseconds / 100).rounded(.up))
        return tenths < 100 ? "\(tenths / 10).\(tenths % 10)" : "\((tenths + 9) / 10)"
    }
}
