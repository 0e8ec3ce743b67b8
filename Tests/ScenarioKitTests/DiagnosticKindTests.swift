import Foundation
import Testing
import ScenarioKit

/// Every diagnostic has a kind (SPEC §12, December): a host tells a typo
/// from a failed check or a resource limit without reading messages. The
/// kind is set where each error is made; these check it through the
/// public `Session` API, one case per kind and then a table of messages.
@Suite struct DiagnosticKindTests {
    /// The first diagnostic `source` fails with in a fresh session.
    private func firstDiagnostic(_ source: String) throws -> Diagnostic {
        let session = Session()
        session.output = { _ in }
        do {
            try session.run(source, name: "kind.scn")
        } catch let error as ScenarioError {
            return try #require(error.diagnostics.first)
        }
        Issue.record("'\(source)' ran without an error")
        throw CancellationError()
    }

    // MARK: One case per kind

    @Test func syntax() throws {
        let d = try firstDiagnostic("let x = (")
        #expect(d.kind == .syntax, "\(d.message)")
    }

    @Test func name() throws {
        let d = try firstDiagnostic("print nope")
        #expect(d.kind == .name)
        #expect(d.message == "unknown name 'nope'")
    }

    @Test func type() throws {
        let d = try firstDiagnostic("$1 + 2026-01-01")
        #expect(d.kind == .type)
        #expect(d.message == "cannot add money and a date")
    }

    @Test func assertion() throws {
        let d = try firstDiagnostic("assert 1 > 2")
        #expect(d.kind == .assertion)
        #expect(d.message == "assertion failed")
    }

    @Test func limit() throws {
        let d = try firstDiagnostic("fn f(n) = f(n + 1)\nf(1)")
        #expect(d.kind == .limit)
        #expect(d.message == "recursion too deep")
    }

    @Test func runtime() throws {
        let d = try firstDiagnostic("print 1 / 0")
        #expect(d.kind == .runtime)
        #expect(d.message == "division by zero")
    }

    /// An interrupt sent before the run is kept for it: the run stops
    /// before its first statement, with the same kind.
    @Test func interrupted() throws {
        let session = Session()
        var printed: [String] = []
        session.output = { printed.append($0) }
        session.interruptHandle.interrupt()
        let error = try #require(catching { try session.run("print 1\nreduce(range(0, 10000000), 0, fn(a, x) => a + x)") })
        #expect(error.diagnostics.map(\.kind) == [.interrupted])
        #expect(error.diagnostics.first?.message == "interrupted")
        #expect(printed.isEmpty)
    }

    /// `Session.interrupt()` itself, called from another thread while a
    /// long recursion runs.
    @Test func interruptedThroughSession() throws {
        let session = Session()
        session.output = { _ in }
        try session.run("fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)")
        let box = SessionBox(session)
        let stop = StopFlag()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            while !stop.isSet {
                box.session.interrupt()
                usleep(1000)
            }
            done.signal()
        }
        defer {
            stop.set()
            done.wait()
        }
        let error = try #require(catching { try session.run("fib(60)") })
        #expect(error.diagnostics.first?.kind == .interrupted)
    }

    // MARK: A table of messages

    /// Source, expected kind, and a part of the expected message (so the
    /// table notices when a case stops reaching the error it is about).
    static let table: [(source: String, kind: Diagnostic.Kind, message: String)] = [
        // Syntax: the lexer, the parser, ill-formed literals.
        ("let x = (", .syntax, "expected"),
        ("let a = 5 @", .syntax, "unexpected character '@'"),
        ("print \"abc", .syntax, "unterminated string"),
        ("let d = May 25", .syntax, "needs a year"),
        ("print 1,500", .syntax, "ambiguous number '1,500'"),
        ("print 05/25/2026", .syntax, "ambiguous date"),
        ("print 1 < 2 < 3", .syntax, "comparison operators cannot be chained"),
        ("prnt 5", .syntax, "unknown statement 'prnt'"),
        ("set sample 5", .syntax, "unknown setting 'sample'"),
        ("let b = { let z = 1 }", .syntax, "a block must end with an expression"),
        // Names: unknown names, members, entities, settings; redefinitions.
        ("print nope", .name, "unknown name 'nope'"),
        ("nope(1)", .name, "unknown function 'nope'"),
        ("let revenue = 1\nprint revenu", .name, "unknown name 'revenu'"),
        ("let r = {a: 1}\nprint r.b", .name, "no field 'b'"),
        ("let xs = [1]\nprint xs.foo", .name, "unknown member 'foo'"),
        ("deal d at $1B\ntarget acme", .name, "unknown company 'acme'"),
        ("deal d", .name, "unknown deal 'd'"),
        ("deal d at $1B\nprint d.nonsense", .name, "unknown member 'nonsense' of a deal"),
        ("scenario bear in nope { }", .name, "unknown scenario 'nope'"),
        ("fn f(a, a) = a", .name, "duplicate parameter 'a'"),
        ("let r = {a: 1, a: 2}", .name, "the field 'a' is given twice"),
        // Types and dimensions, built-ins' argument types and counts.
        ("$1 + 2026-01-01", .type, "cannot add money and a date"),
        ("print $5M + 5M EUR", .type, "cannot add USD and EUR"),
        ("print 30 days < 1 month", .type, "cannot compare"),
        ("print $1 == 2026-01-01", .type, "cannot compare"),
        ("print -\"a\"", .type, "cannot negate"),
        ("print not 5", .type, "'not' needs a boolean"),
        ("print if 1 then 2 else 3", .type, "'if' needs a boolean condition"),
        ("assert 5", .type, "assert needs a boolean"),
        ("let x = 5\nprint x(1)", .type, "'x' is not a function"),
        ("fn area(w, h) = w * h\nprint area(1, 2, 3)", .type, "'area' expects 2 arguments, got 3"),
        ("print sqrt(1, 2)", .type, "expects 1 argument, got 2"),
        ("print len(5)", .type, "'len' needs a list or a string"),
        ("print log(\"a\")", .type, "'log' needs a number"),
        ("print normal($1, 5 days)", .type, "'normal' needs an sd"),
        ("print prob(5)", .type, "'prob' needs a condition"),
        ("print [1, 2][\"a\"]", .type, "an index must be a whole number, got a string"),
        ("set samples \"many\"", .type, "'samples' needs a whole number"),
        ("deal d at 5 days", .type, "needs an amount of money"),
        // Assertions.
        ("assert 1 > 2", .assertion, "assertion failed"),
        ("assert 1 > 2, \"one is not above two\"", .assertion, "assertion failed: one is not above two"),
        // Resource limits.
        ("fn f(n) = f(n + 1)\nf(1)", .limit, "recursion too deep"),
        ("print " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300), .limit,
         "nesting too deep"),
        ("fn wrap(x, n) = if n == 0 then x else wrap([x], n - 1)\nprint wrap(1, 2000)", .limit,
         "value nested too deeply"),
        ("print len(range(0, 20000000))", .limit, "list too long"),
        // Everything else at run time: arithmetic, domains, convergence.
        ("print 1 / 0", .runtime, "division by zero"),
        ("print 5 mod 0", .runtime, "division by zero"),
        ("print [1, 2][5]", .runtime, "index 5 out of range"),
        ("print [1, 2][0.5]", .runtime, "an index must be a whole number, got 0.5"),
        ("print log(-1)", .runtime, "'log' needs a number above 0"),
        ("print normal(0, -1)", .runtime, "'normal' needs an sd of at least 0"),
        ("print date(2026, 13, 1)", .runtime, "'date' needs a month from 1 to 12"),
        ("print range(0, 10, 0)", .runtime, "'range' needs a step other than 0"),
        ("print max([])", .runtime, "of an empty list"),
        ("set samples 0", .runtime, "'samples' needs a whole number from 1 to 10000000, got 0"),
        ("breakup $1B", .runtime, "'breakup' needs a deal"),
        ("deal d at $1B\nprint d.close", .runtime, "has no close yet"),
        ("print solve(fn(x) => x * x + 1, 0, 10)", .runtime, "'solve' needs f to change sign"),
        ("condition regulatory 150%", .runtime, "needs a deal"),
        ("deal d at $1B\ncondition regulatory 150%", .runtime, "needs a probability from 0% to 100%"),
    ]

    @Test(arguments: table.indices)
    func knownMessages(_ index: Int) throws {
        let row = Self.table[index]
        let d = try firstDiagnostic(row.source)
        #expect(d.message.contains(row.message), "\(row.source): \(d.message)")
        #expect(d.kind == row.kind, "\(row.source): \(d.message) is \(d.kind), not \(row.kind)")
    }

    @Test func theTableCoversEveryKindButInterrupted() {
        let covered = Set(Self.table.map(\.kind))
        #expect(covered == Set(Diagnostic.Kind.allCases).subtracting([.interrupted]))
    }

    // MARK: Other ways in

    @Test func evaluateWithoutAnExpressionIsSyntax() throws {
        let session = Session()
        for source in ["", "let x = 1", "1\n2"] {
            let error = try #require(catching { try session.evaluate(source) }, "'\(source)'")
            #expect(error.diagnostics.first?.kind == .syntax, "'\(source)': \(error)")
        }
    }

    @Test func checkReportsKinds() throws {
        let session = Session()
        let error = try #require(catching { try session.check("print nope\nlet y = (", name: "c.scn") })
        // A parse error stops before names are resolved.
        #expect(error.diagnostics.map(\.kind) == [.syntax])
        let names = try #require(catching { try session.check("print nope\nprint $1 + nada", name: "c.scn") })
        #expect(names.diagnostics.map(\.kind) == [.name, .name])
    }

    @Test func everyParseErrorIsSyntax() throws {
        let error = try #require(catching { try Session().run("let a = 5 @\nprint \"abc\nlet d = May 25") })
        #expect(error.diagnostics.count == 3)
        #expect(error.diagnostics.allSatisfy { $0.kind == .syntax })
    }

    @Test func sourceTooLargeIsALimit() throws {
        let big = String(repeating: "# padding\n", count: Session.maxSourceBytes / 10 + 1)
        let error = try #require(catching { try Session().run(big, name: "big.scn") })
        #expect(error.diagnostics.map(\.kind) == [.limit])
    }

    @Test func anErrorInsideAScenarioKeepsItsKind() throws {
        let d = try firstDiagnostic("let x = 1\nscenario bear { let x = 1 / 0 }\nprint bear.x")
        #expect(d.kind == .runtime, "\(d.message)")
    }

    @Test func aSampleWiseErrorKeepsItsKind() throws {
        // The plain body fails for one sample; the error says which.
        let d = try firstDiagnostic("set samples 100\nprint log(-2 to -1)")
        #expect(d.message.contains("in sample"), "\(d.message)")
        #expect(d.kind == .runtime, "\(d.message)")
    }

    /// `--json` lists a scenario whose world cannot be computed with its
    /// error's message and kind.
    @Test func stateJSONGivesAScenarioErrorItsKind() throws {
        let session = Session()
        session.output = { _ in }
        try session.run("let x = 1\nscenario bear { let x = 0 }\nlet y = 1 / x")
        let json = session.stateJSON(output: [])
        #expect(json.contains(#""error": {"message": "division by zero", "kind": "runtime""#), "\(json)")
    }

    // MARK: The types

    @Test func sourceMapCarriesTheKindOver() {
        var map = SourceMap()
        let file = map.add(name: "m.scn", text: "let x = 1")
        let error = LocatedError("m", at: SourceSpan(start: file.base, end: file.base + 3), kind: .name)
        #expect(map.diagnostic(error).kind == .name)
        #expect(map.diagnostic(LocatedError("m", at: .none, kind: .limit)).kind == .limit)
        #expect(LocatedError("m", at: .none).kind == .runtime)
    }

    @Test func rawValuesAreTheNamesHostsSee() {
        #expect(Diagnostic.Kind.allCases.map(\.rawValue)
                == ["syntax", "name", "type", "assertion", "interrupted", "limit", "runtime"])
        let d = Diagnostic(message: "m", file: "f", line: 1, column: 1, span: .none, sourceLine: "x", width: 1)
        #expect(d.kind == .runtime)
    }
}

private final class StopFlag: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// Hands a session to the interrupting thread, which calls only
/// `interrupt()`, the one member safe from another thread.
private final class SessionBox: @unchecked Sendable {
    let session: Session
    init(_ session: Session) { self.session = session }
}
