/// Runs `body`, then `teardown` whether `body` returned or threw (async `defer` for test fixtures).
public func withTeardown<Result>(
    isolation: isolated (any Actor)? = #isolation,
    _ teardown: () async -> Void,
    _ body: () async throws -> Result
) async throws -> Result {
    do {
        let result = try await body()
        await teardown()
        return result
    } catch {
        await teardown()
        throw error
    }
}
