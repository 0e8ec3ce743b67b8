import Testing
@testable import ScenarioKit

/// The evaluator's fast paths (issue 7) change speed only: each shape of
/// operand they specialise gives what the general operators give, errors
/// included, and the value stack behind call frames survives frames that
/// do not fit one segment and errors thrown deep inside calls.
@Suite struct FastPathTests {
    private func value(_ source: String, in session: Session = Session()) throws -> String {
        try session.evaluate(source).description
    }

    private func message(_ source: String) -> String? {
        do {
            try Session().run(source)
            return nil
        } catch let error as ScenarioError {
            return error.diagnostics.first?.message
        } catch {
            return "\(error)"
        }
    }

    @Test func arithmeticOnEveryOperandShape() throws {
        let s = Session()
        try s.run("""
        fn shapes(a, b) = [a + b, a - 1, 2 * b, a / b, a + (b * 1), (a * 1) - b, (a + 0) * (b + 0), 1 - b]
        """)
        #expect(try value("shapes(6, 3)", in: s) == "[9, 5, 6, 2, 9, 3, 18, -2]")
        // Not plain numbers: the general operators decide.
        #expect(try value("shapes(50%, 25%)", in: s) == "[75%, -50%, 0.5, 2, 75%, 25%, 12.5%, 75%]")
        #expect(try value("(fn(x) => x * 10%)(5)", in: s) == "0.5")
        try s.run("fn m(a, b) = [a + b, a - b, a * 2, 3 * b, a / b, a / 2, (a + b) / (b * 1)]")
        #expect(try value("m($6, $3)", in: s) == "[$9, $3, $12, $9, 2, $3, 3]")
    }

    @Test func errorsAreTheGeneralOperatorsErrors() {
        #expect(message("fn f(a, b) = a / b\nf(1, 0)") == "division by zero")
        #expect(message("fn f(a) = a / 0\nf(1)") == "division by zero")
        #expect(message("fn f(a) = a * 1e308\nf(10)") == "result is not a finite number")
        #expect(message("fn f(a, b) = a + b\nf(1e308, 1e308)") == "result is not a finite number")
        #expect(message("fn f(a) = a + $1\nf(1)") == "cannot add a number and money")
        #expect(message("fn f(a) = a < $1\nf(1)") == "cannot compare a number and money")
        #expect(message("fn f(a) = if a < 2 then 1 else 0\nf(\"x\")") == "cannot compare a string and a number")
        #expect(message("fn f(a) = if a then 1 else 0\nf(3)") == "'if' needs a boolean condition, got a number")
    }

    @Test func comparisonsOnEveryOperandShape() throws {
        let s = Session()
        try s.run("fn cmp(a, b) = [a < b, a <= 1, 2 > b, a >= (b + 0), (a + 0) == b, a != b, a == 0.1 + 0.2]")
        #expect(try value("cmp(1, 2)", in: s) == "[true, true, false, false, false, true, false]")
        #expect(try value("cmp(0.3, 0.3)", in: s) == "[false, true, true, true, true, false, true]")
        try s.run("fn mc(a, b) = [a < b, a <= $1, $2 > b, a >= (b + $0), (a + $0) == b, a != b]")
        #expect(try value("mc($1, $2)", in: s) == "[true, true, false, false, false, true]")
        #expect(try value("if 30% < 0.5 then 1 else 2") == "1")
    }

    @Test func framesLargerThanASegmentAndDeepErrors() throws {
        let s = Session()
        // 40 locals a call, 3000 calls deep: well over one 65,536-slot segment.
        let lets = (1...40).map { "let v\($0) = n + \($0)" }.joined(separator: "; ")
        try s.run("fn deep(n) { \(lets); if n == 0 then v40 else deep(n - 1) + v1 - n - 1 }")
        #expect(try value("deep(3000)", in: s) == "40")
        // An error thrown at the bottom unwinds every frame; the stack is usable afterwards.
        try s.run("fn boom(n) { \(lets); if n == 0 then v1 / 0 else boom(n - 1) }")
        #expect(throws: ScenarioError.self) { try s.evaluate("boom(3000)") }
        #expect(try value("deep(2000)", in: s) == "40")
        #expect(try value("map(range(0, 3), fn(k) => deep(k))", in: s) == "[40, 40, 40]")
    }

    @Test func listBuiltinsWithLambdas() throws {
        #expect(try value("map(range(0, 5), fn(x) => x * 0.5)") == "[0, 0.5, 1, 1.5, 2]")
        #expect(try value("filter(range(0, 10), fn(x) => x mod 3 == 0)") == "[0, 3, 6, 9]")
        #expect(try value("reduce(range(1, 5), 1, fn(a, x) => a * x)") == "24")
        #expect(try value("sum(map(range(0, 4), fn(x) => x * x))") == "14")
        #expect(try value("sum([1, 2%, 3])") == "402%")  // number ± percent is a percent
        #expect(try value("sum([$1, $2])") == "$3")
        #expect(message("sum([1e308, 1e308])") == "result is not a finite number")
        #expect(message("sum([1, $2])") == "cannot add a number and money")
        #expect(message("map([1], fn(a, b) => a)") == "the function expects 2 arguments, got 1")
        #expect(message("filter([1], fn(x) => x)") == "'filter' needs a function that returns a boolean, got a number")
        #expect(try value("map([1, 2], abs)") == "[1, 2]")
        let s = Session()
        try s.run("let k = 3")
        #expect(try value("map([1, 2], fn(x) => x + k)", in: s) == "[4, 5]")
    }

    /// A script's names reach the session when it succeeds, and only the
    /// names of the statements before the failing one when it fails.
    @Test func namesOfAFailedScriptStopAtTheFailure() throws {
        let s = Session()
        #expect(throws: ScenarioError.self) { try s.run("let a = 1\ndeal d at $1B\nlet b = 1 / 0\nlet c = 3") }
        #expect(s.definedNames == ["a", "d"])
        #expect(s.value(of: "b") == nil && s.value(of: "c") == nil)
        #expect(message("let a = 1\nlet b = 1 / 0\nlet c = 3") == "division by zero")
        try s.run("let e = a + 1")
        #expect(s.value(of: "e") == .number(2))
        #expect(throws: ScenarioError.self) { try s.run("let f = c") }
        try s.run("scenario bear { let x = 2 }\nlet y = bear.x")
        #expect(s.value(of: "y") == .number(2))
        try s.run("scenario bear { let z = x + 1 }\nlet w = bear.z")
        #expect(s.value(of: "w") == .number(3))
    }
}
