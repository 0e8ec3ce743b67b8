// Async evaluation as a host's test suite uses it: several at once on a
// two-core machine, cancelled, interrupted and timed out. Swift Testing
// runs these in parallel; if an evaluation blocked a thread of the
// concurrency pool, `Task.sleep` could not resume and the time limits
// would fail the run instead of it hanging.
import ScenarioKit
import Testing

/// A loop that takes seconds (ten million additions through a lambda).
let longLoop = "reduce(range(0, 10000000), 0, fn(acc, x) => acc + x * x)"

/// The first diagnostic of what `body` threw, nil when it did not throw.
func firstDiagnostic(_ body: () async throws -> Void) async -> Diagnostic? {
    do {
        try await body()
        return nil
    } catch let error as ScenarioError {
        return error.diagnostics.first
    } catch {
        Issue.record("not a ScenarioError: \(error)")
        return nil
    }
}

@Suite(.timeLimit(.minutes(2)))
struct ConcurrencyTests {
    @Test func cancellingTheTaskInterruptsARunningEvaluation() async throws {
        let task = Task {
            let session = Session()
            return try await session.evaluate(longLoop, name: "loop")
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let d = await firstDiagnostic { _ = try await task.value }
        #expect(d?.kind == .interrupted)
        #expect(d?.message == "interrupted")
    }

    @Test func aCancellationBeforeTheEvaluationStartsStopsItToo() async throws {
        let task = Task {
            // Wait until cancelled, then evaluate something short: it must
            // not run.
            while !Task.isCancelled { await Task.yield() }
            let session = Session()
            var printed: [String] = []
            session.output = { printed.append($0) }
            let d = await firstDiagnostic { try await session.run("print 1") }
            return (d?.kind, printed)
        }
        task.cancel()
        let (kind, printed) = await task.value
        #expect(kind == .interrupted)
        #expect(printed.isEmpty)
    }

    @Test func theSessionGoesOnAfterACancelledEvaluation() async throws {
        let session = Session()
        try await session.run("let base = 41")
        let handle = session.interruptHandle
        async let stop: Void = {
            try? await Task.sleep(for: .milliseconds(100))
            handle.interrupt()
        }()
        let d = await firstDiagnostic { _ = try await session.evaluate(longLoop) }
        await stop
        #expect(d?.kind == .interrupted)
        #expect(try await session.evaluate("base + 1") == .number(42))
    }

    /// Eight long evaluations at once, each cancelled: on two cores the
    /// pool has two threads, so this only finishes if none of them waits
    /// on an evaluation.
    @Test func manyAtOnceAllCancel() async throws {
        let tasks = (0..<8).map { i in
            Task {
                let session = Session()
                return try await session.evaluate(longLoop, name: "loop\(i)")
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        for task in tasks { task.cancel() }
        for task in tasks {
            let d = await firstDiagnostic { _ = try await task.value }
            #expect(d?.kind == .interrupted)
        }
    }

    @Test func theTimeLimitEndsARunawayEvaluation() async throws {
        let session = Session(limits: .init(timeLimit: .milliseconds(200)))
        let clock = ContinuousClock()
        let start = clock.now
        let d = await firstDiagnostic { _ = try await session.evaluate(longLoop, name: "slow") }
        #expect(d?.kind == .limit)
        #expect(d?.message.hasPrefix("time limit exceeded") == true)
        #expect(d?.file == "slow")
        #expect(clock.now - start < .seconds(30))
        // Each evaluation has the whole limit.
        #expect(try await session.evaluate("1 + 1") == .number(2))
    }

    @Test func syncAndAsyncShareOneSession() async throws {
        let session = Session()
        // In an async context Swift picks the async overload; a sync
        // closure calls the sync one.
        func sync<T>(_ body: () throws -> T) rethrows -> T { try body() }
        try sync { try session.run("let a = 1") }
        try await session.run("let b = a + 1")
        #expect(try sync { try session.evaluate("b") } == .number(2))
        #expect(try await session.evaluate("a + b") == .number(3))
    }
}

@Suite struct LimitEdgeTests {
    /// Limits at their extremes are taken as the nearest sensible value,
    /// never as a budget that refuses everything or a trap.
    @Test func extremeLimitsStillRun() throws {
        for limits in [Session.Limits(memoryMB: Int.max), .init(memoryMB: 0), .init(memoryMB: -5),
                       .init(timeLimit: .seconds(Int64.max))] {
            let session = Session(limits: limits)
            #expect(try session.evaluate("mean(normal(0, 1)) < 1") == .bool(true), "\(limits)")
        }
        let instant = Session(limits: .init(timeLimit: .zero))
        #expect(throws: ScenarioError.self) { try instant.evaluate("reduce(range(0, 10000000), 0, fn(a, x) => a + x)") }
    }
}
