import Foundation
import Testing
@testable import ScenarioKit

/// SPEC §3 and issue 14: the length of a left-associative chain is not
/// limited. A sum of 10,000 terms parses, resolves, compiles, runs, prints
/// and is released without recursing once per term, and a long chain gives
/// the values, errors and evaluation order the same operators give nested.
@Suite struct ChainTests {
    /// Runs `body` on a thread with a 512 KB stack (the smallest that tests
    /// and embedders run on) and waits for it.
    private func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
    }

    private static func chain(_ term: String, _ op: String, _ count: Int) -> String {
        Array(repeating: term, count: count).joined(separator: " \(op) ")
    }

    /// Every stage below `Session` (which runs on a big stack of its own),
    /// on a 512 KB stack: the parser, the resolver, the compiler, running
    /// the code, printing the value and releasing every tree.
    @Test func everyStageRunsA10000TermChainOnA512KBStack() {
        final class Box: @unchecked Sendable { var results: [String] = [] }
        let box = Box()
        let cases = [("1", "+"), ("1", "-"), ("1", "*"), ("1", "/"), ("3", "mod"), ("true", "and"),
                     ("false", "or"), ("$1", "+")]
        onSmallStack {
            for (term, op) in cases {
                var statements = Parser.parse(Self.chain(term, op, 10_000)).statements
                var resolver = Resolver(names: NameTable(), builtins: Builtins.resolverNames)
                let resolved = resolver.resolve(consuming: &statements)
                let runtime = Runtime(interruptFlag: InterruptFlag())
                runtime.reserveGlobals(resolver.names.slotCount)
                do {
                    let value = try resolved.compactMap { try runtime.execute(Compiler.compile($0)) }
                    box.results.append(value.map(\.description).joined())
                } catch {
                    box.results.append("\(error)")
                }
            }
        }
        // 1 − 9,999 ones; 3 mod 3 is 0, and 0 mod 3 stays 0.
        #expect(box.results == ["10000", "-9998", "1", "1", "0", "true", "false", "$10,000"])
    }

    /// `run`, `print`, `--json` and the REPL's check for incomplete input.
    @Test func aSessionRunsPrintsAndWritesJSONForA10000TermSum() throws {
        let sum = Self.chain("1", "+", 10_000)
        let session = Session()
        var printed: [String] = []
        session.output = { printed.append($0) }
        try session.run("let total = \(sum)\nprint total, (\(sum)) * 2")
        #expect(printed == ["10000 20000"])
        #expect(session.stateJSON(output: printed).contains("\"total\""))
        #expect(try session.evaluate(sum).description == "10000")

        final class Box: @unchecked Sendable { var incomplete: [Bool] = [] }
        let box = Box()
        onSmallStack {
            box.incomplete = [Parser.parse("let x = \(sum) +").isIncomplete, Parser.parse("let x = \(sum)").isIncomplete]
        }
        #expect(box.incomplete == [true, false])
    }

    /// Longer than any chain a stack could hold as nested nodes: what
    /// limited a chain before issue 14 was the resolver's stack guard.
    @Test func aChainOfAHundredThousandTermsRuns() throws {
        #expect(try Session().evaluate(Self.chain("1", "+", 100_000)).description == "100000")
    }

    /// A chain longer than `Resolver.maxNestedChain` runs as a loop, a
    /// shorter one as nested nodes with the fast paths. Both forms of each
    /// source agree on values, output order and errors, spans included.
    @Test(arguments: [
        "1 + 2 * 3 - 4 / 8 + 10 mod 4 - 1 + 1.5 * 2",
        "$1B + $2B - $500M + $1.5B * 2 + $3B / 4 - $250M",
        "10% + 3% - 1% + 2pp - 0.5pp + 1 - 5%",
        "2026-01-31 + 1 month + 1 day - 1 day + 10 days",
        "true and 1 < 2 and 2 > 1 or false and true or false",
        "false or false or true and false or 1 == 1",
        "1 + 2 + 3 + $4 + 5",
        "$1 + $2 * 5 + $5 + 2026-01-01",
        "true and true and 1 and true",
        "false or false or 1 or false",
        "1 and true",
        "1 + 1 + 1 / 0 + 1",
        "1 + 2 + 3 < 8 + 9 + 1",
        "\"a\" + \"b\" + \"c\"",
        "[1] + [2] + [3]",
        "(1 to 2) + 1 - 1 + 1",
        "(0 to 1) < 0.5 and true or false",
        "2 ^ 3 * 2 + 1 mod 1",
        "{ print 1; 1 } + { print 2; 2 } * { print 3; 3 } - { print 4; 4 }",
        "false and { print 1; true } or { print 2; true } and { print 3; false }",
    ])
    func aChainActsAsTheNestedOperators(_ source: String) {
        #expect(Self.outcome(source, maxNestedChain: 0) == Self.outcome(source, maxNestedChain: .max))
    }

    /// What running `source` gives: what it printed, then its value or its
    /// error and the error's span.
    private static func outcome(_ source: String, maxNestedChain: Int) -> String {
        var statements = Parser.parse(source).statements
        var resolver = Resolver(names: NameTable(), builtins: Builtins.resolverNames)
        resolver.maxNestedChain = maxNestedChain
        let resolved = resolver.resolve(consuming: &statements)
        if let error = resolver.errors.first { return "resolve: \(error.message)" }
        let runtime = Runtime(interruptFlag: InterruptFlag())
        runtime.reserveGlobals(resolver.names.slotCount)
        var printed: [String] = []
        runtime.output = { printed.append($0) }
        do {
            let values = try resolved.compactMap { try runtime.execute(Compiler.compile($0)) }
            return printed.joined(separator: ",") + " -> " + values.map(\.description).joined()
        } catch let error as LocatedError {
            return printed.joined(separator: ",") + " -> \(error.message) at \(error.span) \(error.help ?? "")"
        } catch {
            return "\(error)"
        }
    }
}
