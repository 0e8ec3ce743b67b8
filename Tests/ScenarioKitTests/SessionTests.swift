import Foundation
import Testing
@testable import ScenarioKit

@Suite struct SessionTests {
    /// SPEC §12, with a plain binding until deals arrive (issue 3).
    @Test func embeddingExample() throws {
        let session = Session()                        // holds state, like the REPL
        try session.run("let walk = $10B; let close = Q3 2026")
        let cost = try session.evaluate("walk")        // Value
        #expect(cost == .money(10e9, currency: "USD"))
        #expect(cost.description == "$10B")
        var captured: [String] = []
        session.output = { line in captured.append(line) }     // capture `print`
        try session.run("print walk, close")
        #expect(captured == ["$10B Q3 2026"])
    }

    @Test func runReturnsTheValuesOfExpressionStatements() throws {
        let session = Session()
        let values = try session.run("let a = 2\na * 3\nprint a\n\"x\"")
        #expect(values == [.number(6), .string("x")])
        #expect(values[1].echoDescription == "\"x\"")
    }

    @Test func evaluateBindsNothing() throws {
        let session = Session()
        #expect(try session.evaluate("{ let tmp = 4; tmp * 2 }") == .number(8))
        #expect(throws: ScenarioError.self) { try session.evaluate("tmp") }
        let error = try #require(catching { try session.evaluate("let x = 1") })
        #expect(error.diagnostics.first?.message == "expected an expression, not a statement")
        #expect(catching { try session.evaluate("1\n2") }?.diagnostics.first?.message == "expected one expression, found more")
        #expect(catching { try session.evaluate("") }?.diagnostics.first?.message == "expected an expression")
        #expect(session.value(of: "x") == nil)
    }

    // MARK: A failed statement changes nothing (SPEC §4)

    @Test func failingLetKeepsTheOldBinding() throws {
        let session = Session()
        try session.run("let price = $60B")
        #expect(throws: ScenarioError.self) { try session.run("let price = price / 0") }
        #expect(try session.evaluate("price") == .money(60e9, currency: "USD"))
    }

    @Test func earlierStatementsOfAFailingRunKeepTheirEffect() throws {
        let session = Session()
        var lines: [String] = []
        session.output = { lines.append($0) }
        let error = try #require(catching { try session.run("let a = 1\nprint a\nlet b = a / 0\nlet c = 3") })
        #expect(error.diagnostics.count == 1 && error.diagnostics[0].line == 3)
        #expect(lines == ["1"])
        #expect(try session.evaluate("a") == .number(1))
        #expect(throws: ScenarioError.self) { try session.evaluate("b") }
        #expect(throws: ScenarioError.self) { try session.evaluate("c") }
        #expect(session.definedNames == ["a"])
        #expect(session.lastRunCompletedStatements == 2)
    }

    @Test func lastRunCompletedStatementsCountsWhatTookEffect() throws {
        let session = Session()
        session.output = { _ in }
        try session.run("let a = 1; let b = 2; a + b")
        #expect(session.lastRunCompletedStatements == 3)
        // A syntax or name error stops the whole source before it runs.
        #expect(throws: ScenarioError.self) { try session.run("let c = 1; let d = nosuch") }
        #expect(session.lastRunCompletedStatements == 0)
        #expect(throws: ScenarioError.self) { try session.run("let e = 1; let f = (") }
        #expect(session.lastRunCompletedStatements == 0)
        #expect(throws: ScenarioError.self) { try session.run("let g = 1 / 0; let h = 2") }
        #expect(session.lastRunCompletedStatements == 0)
    }

    @Test func failingStatementRestoresSettings() throws {
        let session = Session()
        try session.run("set samples 300")
        #expect(throws: ScenarioError.self) { try session.run("set samples 0") }
        #expect(session.runtime.state.settings.samples == 300)
    }

    @Test func functionsDefinedBeforeAFailureStillSeeLaterFunctions() throws {
        let session = Session()
        // g's statement never runs: calling f says so instead of crashing.
        #expect(throws: ScenarioError.self) { try session.run("fn f(x) = g(x)\nlet boom = 1 / 0\nfn g(x) = x") }
        let error = try #require(catching { try session.evaluate("f(1)") })
        #expect(error.diagnostics[0].message == "'g' is used before it is defined")
    }

    // MARK: Scoping (SPEC §3)

    @Test func functionsKeepTheBindingInEffectWhereWritten() throws {
        let session = Session()
        var lines: [String] = []
        session.output = { lines.append($0) }
        try session.run("""
            let base = 10
            fn with_base(x) = x + base
            let base = 100
            print with_base(1), base
            """)
        // Across runs too, as in the REPL.
        try session.run("let base = 1000")
        try session.run("print with_base(1)")
        #expect(lines == ["11 100", "11"])
    }

    @Test func reloadingAFileUsesItsNewFunctions() throws {
        let session = Session()
        try session.run("fn g() = 1\nfn f() = g()")
        try session.run("fn f() = g()\nfn g() = 2")
        #expect(try session.evaluate("f()") == .number(2))
    }

    @Test func mutualRecursion() throws {
        let session = Session()
        try session.run("""
            fn is_even(n) = if n == 0 then true else is_odd(n - 1)
            fn is_odd(n) = if n == 0 then false else is_even(n - 1)
            """)
        #expect(try session.evaluate("is_even(1000)") == .bool(true))
        #expect(try session.evaluate("is_odd(7)") == .bool(true))
    }

    // MARK: Deep recursion, interrupts

    @Test(.disabled(if: Sanitizer.thread, Sanitizer.tooDeepForThreadSanitizer))
    func runawayRecursionIsALocatedError() throws {
        let session = Session()
        let error = try #require(catching { try session.run("fn f(n) = f(n + 1)\nf(0)", name: "loop.scn") })
        let d = error.diagnostics[0]
        #expect(d.message == "recursion too deep")
        #expect(d.file == "loop.scn" && d.line == 1 && d.column == 11)
        #expect(d.help?.contains("'f'") == true)
        // The session is still usable, and deep but finite recursion works.
        try session.run("fn count(n) = if n == 0 then 0 else 1 + count(n - 1)")
        #expect(try session.evaluate("count(9000)") == .number(9000))
    }

    @Test(.disabled(if: Sanitizer.thread, Sanitizer.tooDeepForThreadSanitizer))
    func recursionThroughBuiltinsIsBoundedToo() throws {
        let error = try #require(catching {
            try Session().run("fn m(n) = map([n], fn(x) => m(x + 1))\nm(0)")
        })
        #expect(error.diagnostics[0].message == "recursion too deep")
    }

    @Test func interruptStopsALongEvaluation() throws {
        let session = Session()
        let handle = session.interruptHandle
        let finished = DispatchSemaphore(value: 0)
        // One interrupt, sent while the run goes on (or, on a slow machine,
        // before it starts: it is kept for the run, never lost).
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.1)
            handle.interrupt()
            finished.signal()
        }
        let started = Date()
        let error = catching { try session.run("reduce(range(0, 10000000), 0, fn(acc, x) => acc + x * x)") }
        finished.wait()
        #expect(error?.diagnostics.first?.message == "interrupted")
        #expect(Date().timeIntervalSince(started) < 30)
        // The interrupt was used up: the next run starts afresh.
        #expect(try session.evaluate("1 + 1") == .number(2))
    }

    @Test func anInterruptBeforeAnEvaluationStopsItAndIsUsedUp() throws {
        let session = Session()
        session.interrupt()
        let error = catching { try session.evaluate("1 + 1") }
        #expect(error?.diagnostics.first?.message == "interrupted")
        #expect(try session.evaluate("reduce(range(0, 100), 0, fn(a, x) => a + x)") == .number(4950))
    }

    // MARK: Independence and diagnostics

    @Test func sessionsAreIndependent() throws {
        let a = Session(), b = Session()
        try a.run("let x = 1\nset fiscal_year_start July")
        try b.run("let x = 2")
        #expect(try a.evaluate("x") == .number(1))
        #expect(try b.evaluate("x") == .number(2))
        #expect(try b.evaluate("(FY2026).start").description == "2026-01-01")
    }

    @Test func runtimeErrorRendersLikeACompiler() throws {
        let session = Session()
        try session.run("let fee = $10B", name: "first.scn")
        let error = try #require(catching { try session.run("print 1\nlet x = fee + Q3 2026\n", name: "deal.scn") })
        #expect(error.description == """
            deal.scn:2:9: error: cannot add money and a date
              2 | let x = fee + Q3 2026
                |         ^~~~~~~~~~~~~
            """)
    }

    @Test func resolveErrorsRenderWithHelp() throws {
        let error = try #require(catching { try Session().run("let revenue = 1\nprint revenu", name: "r.scn") })
        #expect(error.description == """
            r.scn:2:7: error: unknown name 'revenu'
              2 | print revenu
                |       ^~~~~~
                = help: did you mean 'revenue'?
            """)
    }

    @Test func checkResolvesWithoutRunning() throws {
        let session = Session()
        var lines: [String] = []
        session.output = { lines.append($0) }
        try session.check("let a = 1 / 0\nprint a", name: "a.scn")
        try session.check("print a + 1", name: "b.scn")   // names carry over to later checks
        #expect(lines.isEmpty)
        let error = try #require(catching { try session.check("print b\nprint c", name: "c.scn") })
        #expect(error.diagnostics.map(\.message) == ["unknown name 'b'", "unknown name 'c'"])
    }

    @Test func introspection() throws {
        let session = Session()
        try session.run("let b = 2\nlet a = 1")
        #expect(session.definedNames == ["a", "b"])
        #expect(session.value(of: "b") == .number(2))
        #expect(Session.builtinNames.contains("days_between"))
        #expect(Set(Session.builtinNames).count == Session.builtinNames.count, "each built-in defined once")
        #expect(session.memberNames(of: .date(CalendarDate(dayNumber: 0))) == ["start", "end", "days"])
    }
}

/// A flag shared with a helper thread.
private final class Stop: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// A session is torn down by whoever drops its last reference — the host —
/// and never later on its own evaluation thread (fuzz/regressions/
/// session-released-on-its-own-thread.scn: LeakSanitizer saw the session's
/// values still held by the detached thread as the host moved on).
@Suite struct SessionTeardownTests {
    /// Records the thread its deinit runs on.
    final class Witness: @unchecked Sendable {
        // @unchecked: written once in deinit, read after.
        let onDeinit: (pthread_t) -> Void
        init(_ onDeinit: @escaping (pthread_t) -> Void) { self.onDeinit = onDeinit }
        deinit { onDeinit(pthread_self()) }
    }

    @Test func theLastReferenceIsDroppedByTheCaller() throws {
        for _ in 0..<50 {
            var thread: pthread_t?
            do {
                let session = Session()
                let witness = Witness { thread = $0 }
                session.output = { _ in _ = witness }
                try session.run("print 1\nlet x = normal(0, 1)")
            }
            let here = pthread_self()
            #expect(thread.map { pthread_equal($0, here) != 0 } == true)
        }
    }

    @Test func anAsyncCallerDropsItToo() async throws {
        for _ in 0..<50 {
            let torn = Torn()
            do {
                let session = Session()
                let witness = Witness { _ in torn.mark() }
                session.output = { _ in _ = witness }
                try await session.run("print 1")
            }
            // Dropped by this task as the scope ended, not later elsewhere.
            #expect(torn.isMarked)
        }
    }

    final class Torn: @unchecked Sendable {
        // @unchecked: guarded by `lock`.
        private let lock = NSLock()
        private var marked = false
        func mark() { lock.withLock { marked = true } }
        var isMarked: Bool { lock.withLock { marked } }
    }
}
