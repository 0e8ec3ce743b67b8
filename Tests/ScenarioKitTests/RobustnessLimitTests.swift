import Foundation
import Testing
@testable import ScenarioKit

/// The limits of SPEC §9 and issue 8: every one ends in a located error, and
/// what stays inside a limit is safe to print, compare and release anywhere.
@Suite struct RobustnessLimitTests {
    private func failure(_ source: String, name: String = "<input>", in session: Session = Session())
        -> Diagnostic? {
        do {
            try session.run(source, name: name)
            return nil
        } catch let error as ScenarioError {
            return error.diagnostics.first
        } catch {
            return nil
        }
    }

    // MARK: Source size

    @Test func aSourceLargerThanTenMegabytesIsRefusedWithItsName() throws {
        let big = "print 1 # " + String(repeating: "x", count: Session.maxSourceBytes)
        let session = Session()
        var printed: [String] = []
        session.output = { printed.append($0) }
        let d = try #require(failure(big, name: "big.scn", in: session))
        #expect(d.file == "big.scn" && d.line == 1 && d.column == 1)
        #expect(d.message == "source too large: more than 10000000 bytes")
        #expect(d.description.hasPrefix("big.scn:1:1: error: source too large"))
        #expect(printed.isEmpty)
        #expect(throws: ScenarioError.self) { try session.check(big, name: "big.scn") }
        #expect(throws: ScenarioError.self) { try session.evaluate(big) }
        #expect(try session.evaluate("1 + 1") == .number(2))
    }

    // MARK: Lengths

    @Test func stringsStopAtTenMegabytes() throws {
        let session = Session()
        let d = try #require(failure("let s = reduce(range(0, 24), \"x\", fn(acc, i) => acc + acc)", in: session))
        #expect(d.message == "string too long: 16777216 bytes (at most 10000000)")
        #expect(d.line == 1 && d.column == 49, "\(d)")
        try session.run("let t = reduce(range(0, 23), \"x\", fn(acc, i) => acc + acc)")  // 8 MiB is fine
        let e = try #require(failure("let u = \"{t}{t}\"", in: session))
        #expect(e.message.hasPrefix("string too long"))
    }

    @Test func listsStopAtTenMillionElements() throws {
        let d = try #require(failure("let xs = range(0, 6000000) + range(0, 6000000)"))
        #expect(d.message == "list too long: 12000000 elements (at most 10000000)")
        #expect(d.column == 10)
    }

    // MARK: Value nesting

    @Test func valuesNestAtMostAThousandLevels() throws {
        let session = Session()
        try session.run("let ok = reduce(range(0, 999), [], fn(acc, x) => [acc])")
        let d = try #require(failure("let no = reduce(range(0, 1000), [], fn(acc, x) => [acc])", in: session))
        #expect(d.message.hasPrefix("value nested too deeply"))
        #expect(d.line == 1 && d.column == 51)
        #expect(session.value(of: "no") == nil)
    }

    @Test func functionsCapturingFunctionsCountAsNesting() throws {
        let session = Session()
        try session.run("let ok = reduce(range(0, 999), fn() => 0, fn(acc, x) => fn() => acc)")
        let d = try #require(failure("let no = reduce(range(0, 1000), fn() => 0, fn(acc, x) => fn() => acc)"))
        #expect(d.message.hasPrefix("value nested too deeply"))
        #expect(d.column == 58)
    }

    @Test func sharedListsCountEveryTimeTheyOccur() throws {
        let session = Session()
        try session.run("let big = range(0, 4000000)")
        #expect(try session.evaluate("len([big, big])") == .number(2))
        for source in ["[big, big, big]", "map([1, 2, 3], fn(x) => big)", "[[big, big]] + [big]"] {
            let d = try #require(failure(source, in: session), "\(source)")
            #expect(d.message == "value too large: more than 10000000 elements in all", "\(source)")
        }
    }

    /// The deepest value the limit allows is printed, compared, written as
    /// JSON and released on a thread with a small stack: an embedder may do
    /// all of that on any thread.
    @Test func theDeepestAllowedValueIsSafeOnASmallStack() throws {
        let session = Session()
        try session.run("""
            let xs = reduce(range(0, 999), [1], fn(acc, x) => [acc])
            let f = reduce(range(0, 999), fn() => 0, fn(acc, x) => fn() => acc)
            """)
        let box = Box(try session.run("xs\nf"))
        let json = Box(session.stateJSON(output: []))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let values = box.value ?? []
            _ = values.map(\.description)
            _ = values == values
            _ = json.value?.count
            box.value = nil  // the last references: released on this thread
            json.value = nil
            done.signal()
        }
        thread.stackSize = 512 << 10
        thread.start()
        #expect(done.wait(timeout: .now() + 60) == .success)
    }
}

/// Hands a value to another thread and lets it drop the last reference.
final class Box<T>: @unchecked Sendable {
    // @unchecked: written by one thread at a time, the test waits for the other.
    var value: T?
    init(_ value: T) { self.value = value }
}
