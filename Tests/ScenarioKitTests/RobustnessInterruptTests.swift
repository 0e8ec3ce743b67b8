import Foundation
import Testing
import ScenarioKit

/// Ctrl-C in the REPL calls `Session.interrupt()` from another thread
/// (SPEC §11). Every loop that user input can make long has to look at the
/// flag: these run one each while another thread keeps interrupting, and
/// each must stop with "interrupted" where the long work is, not finish.
@Suite struct RobustnessInterruptTests {
    /// Sets the session's interrupt flag every millisecond once `source`
    /// has started (it prints first) and returns the error. Interrupts
    /// sent before would stop it before its first statement instead.
    private func interrupted(_ source: String, after setup: String = "") throws -> Diagnostic? {
        let session = Session()
        if !setup.isEmpty { try session.run(setup) }
        let started = DispatchSemaphore(value: 0)
        session.output = { _ in started.signal() }
        let handle = session.interruptHandle
        let stop = Flag()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            started.wait()
            while !stop.isSet {
                handle.interrupt()
                usleep(1000)
            }
            done.signal()
        }
        defer {
            stop.set()
            done.wait()
        }
        do {
            try session.run("print \"started\"\n" + source, name: "loop.scn")
            return nil
        } catch let error as ScenarioError {
            return error.diagnostics.first
        }
    }

    static let loops: [(name: String, setup: String, source: String)] = [
        ("reduce", "", "reduce(range(0, 10000000), 0, fn(acc, x) => acc + x)"),
        ("map", "", "map(range(0, 10000000), fn(x) => x * 2)"),
        ("filter", "", "filter(range(0, 10000000), fn(x) => x > 5)"),
        ("recursion", "fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)", "fib(60)"),
        ("range", "", "len(range(0, 10000000))"),
        ("sum", "let xs = map(range(0, 200000), fn(x) => \"ab\")", "sum(xs)"),
        ("sum of lists", "let xs = map(range(0, 100000), fn(x) => [x, x])", "sum(xs)"),
        ("max", "let xs = range(0, 10000000)", "max(xs)"),
        ("min", "let xs = range(0, 10000000)", "min(xs)"),
        ("uncertain recursion", "set samples 1000\nfn walk(x, n) = if n == 0 then x else walk(x + normal(0, 1), n - 1)",
         "walk(0, 9000) |> mean"),
    ]

    @Test(arguments: loops.indices)
    func aLongLoopStopsWhenInterrupted(_ index: Int) throws {
        let loop = Self.loops[index]
        let d = try #require(try interrupted(loop.source, after: loop.setup), "\(loop.name) finished")
        #expect(d.message == "interrupted", "\(loop.name): \(d.message)")
        #expect(d.kind == .interrupted, "\(loop.name): \(d.kind)")
        // Located where the long work is: the loop's line, or for recursion
        // the call inside the function's body (defined in the setup).
        #expect((d.file == "loop.scn" && d.line == 2) || (d.file == "<input>" && !loop.setup.isEmpty),
                "\(loop.name): \(d.file):\(d.line)")
    }
}

private final class Flag: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
