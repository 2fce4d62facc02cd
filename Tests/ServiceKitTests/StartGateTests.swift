import ServiceKit
import Testing

/// The gate workers wait at until the migrations ran.
@Suite(.timeLimit(.minutes(1))) struct StartGateTests {
    @Test func waitersPassOnceItOpensAndLaterOnesAtOnce() async {
        let gate = StartGate()
        async let first: Void = gate.wait()
        async let second: Void = gate.wait()
        gate.open()
        _ = await (first, second)
        await gate.wait()
    }

    /// A service group stopping before the gate opened (a migration failed, Redis was still
    /// loading) cancels its workers: a worker at the gate must return, or the process never exits.
    @Test func aCancelledWaiterReturnsWithoutTheGateOpening() async {
        let gate = StartGate()
        let waiter = Task {
            await gate.wait()
            return Task.isCancelled
        }
        waiter.cancel()
        #expect(await waiter.value)
        // The gate still works for the others.
        async let other: Void = gate.wait()
        gate.open()
        await other
    }
}
