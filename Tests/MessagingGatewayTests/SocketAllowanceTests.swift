import MessagingProtocol
import ServiceKit
import Testing

@testable import MessagingGateway

@Suite struct SocketAllowanceTests {
    let start = ContinuousClock.now
    let limits = ClientLimits(
        events: .init(perSecond: 10, burst: 8), sends: .init(perSecond: 1, burst: 2), typing: .init(perSecond: 1, burst: 1),
        joins: .init(perSecond: 1, burst: 1), maxRooms: 2, maxPendingAcks: 2)

    @Test func eachKindHasItsOwnRate() {
        var allowance = SocketAllowance(limits: limits, now: start)
        func admit(_ event: ClientEvent?, _ now: ContinuousClock.Instant) -> SocketAllowance.Refusal? { allowance.admit(event, limits: limits, now: now) }
        #expect(admit(.sendMessage, start) == nil)
        #expect(admit(.sendMessage, start) == nil)
        #expect(admit(.sendMessage, start)?.reason == .sendRate)
        #expect(admit(.userTyping, start) == nil)
        #expect(admit(.userStoppedTyping, start)?.reason == .typingRate)
        #expect(admit(.joinConversation, start) == nil)
        #expect(admit(.joinConversation, start)?.reason == .joinRate)
        #expect(admit(.leaveConversation, start) == nil, "leaving is never held back but by the overall rate")
        // 8 events taken: the overall rate refuses anything now, even an unknown event.
        #expect(admit(nil, start)?.reason == .eventRate)
        #expect(admit(.markAsRead, start)?.reason == .eventRate)
        // A second later a send is allowed again.
        #expect(admit(.sendMessage, start + .seconds(1)) == nil)
    }

    @Test func answersAwaitedAreBounded() {
        var allowance = SocketAllowance(limits: limits, now: start)
        func admit(_ event: ClientEvent?, _ now: ContinuousClock.Instant) -> SocketAllowance.Refusal? { allowance.admit(event, limits: limits, now: now) }
        allowance.awaitAnswer()
        allowance.awaitAnswer()
        #expect(admit(.markConversationAsRead, start)?.reason == .pendingAcks)
        #expect(admit(.userTyping, start) == nil, "typing waits for no answer")
        allowance.answered()
        #expect(admit(.markConversationAsRead, start) == nil)
    }

    @Test func refusalsSayWhenToComeBack() {
        var allowance = SocketAllowance(limits: limits, now: start)
        func admit(_ event: ClientEvent?, _ now: ContinuousClock.Instant) -> SocketAllowance.Refusal? { allowance.admit(event, limits: limits, now: now) }
        _ = admit(.sendMessage, start)
        _ = admit(.sendMessage, start)
        let refusal = admit(.sendMessage, start + .milliseconds(150))
        #expect(refusal?.wait == .milliseconds(850))
        #expect(refusal?.error(limits: limits) == MessagingError(.rateLimited, "too many messages: try again in 0.9 s"))
        #expect(SocketAllowance.Refusal(reason: .rooms, wait: .zero).error(limits: limits).message == "a socket may be in at most 2 conversations: leave one first")
    }
}
