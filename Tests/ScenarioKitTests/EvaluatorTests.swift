import Testing
@testable import ScenarioKit

/// The canonical form of one expression's value.
private func show(_ source: String) throws -> String {
    try Session().evaluate(source).description
}

/// The first diagnostic a script fails with (nil when it succeeds).
private func failure(_ source: String) -> Diagnostic? {
    do {
        try Session().run(source)
        return nil
    } catch let error as ScenarioError {
        return error.diagnostics.first
    } catch {
        return nil
    }
}

/// Every diagnostic a script fails with.
private func failures(_ source: String) -> [Diagnostic] {
    do {
        try Session().run(source)
        return []
    } catch let error as ScenarioError {
        return error.diagnostics
    } catch {
        return []
    }
}

/// What `print` wrote.
private func printed(_ source: String) throws -> [String] {
    let session = Session()
    var lines: [String] = []
    session.output = { lines.append($0) }
    try session.run(source)
    return lines
}

@Suite struct EvaluatorTests {
    // MARK: Robustness

    /// Lists nest at most 1,000 levels (a located error beyond); up to
    /// that, comparing and printing them works without deep recursion.
    @Test func deeplyNestedListsCompareAndPrint() throws {
        let lines = try printed("""
            let xs = reduce(range(0, 900), [], fn(a, x) => [a])
            print xs == xs, xs == [[]]
            print len("{xs}")
            """)
        #expect(lines == ["true false", "1802"])  // 901 pairs of brackets
        #expect(failure("let ys = reduce(range(0, 5000), [], fn(a, x) => [a])")?.message
            .contains("nested too deeply") == true)
    }

    // MARK: Percents and points (SPEC §2)

    /// number × percent is a number; number ± percent is a percent
    /// (revised December: `1 + 10%` was 1.1).
    @Test func percentWithANumberActsAsItsFraction() throws {
        #expect(try Session().evaluate("1 + 10%") == .percent(1.1))
        #expect(try show("10% + 1") == "110%")
        #expect(try Session().evaluate("200 * 5%") == .number(10))
        #expect(try show("1 - 80%") == "20%")
        #expect(try show("1 - 74%") == "26%")
        #expect(try show("50% / 2") == "0.25")
        #expect(try show("10 / 50%") == "20")
        #expect(try Session().evaluate("0.5 < 60%") == .bool(true))
        #expect(try Session().evaluate("0.05 == 5%") == .bool(true))
    }

    @Test func percentAndPointsArithmetic() throws {
        #expect(try show("87.6% - 75%") == "12.6pp")
        #expect(try show("10% + 5%") == "15%")
        #expect(try show("75% + 12.6pp") == "87.6%")
        #expect(try show("12.6pp + 75%") == "87.6%")
        #expect(try show("87.6% - 12.6pp") == "75%")
        #expect(try show("12.6pp + 0.4pp") == "13pp")
        #expect(try show("12.6pp - 2.6pp") == "10pp")
        #expect(try show("80% * 90%") == "72%")
        #expect(try show("30% / 60%") == "0.5")
        #expect(try show("2pp * 3") == "6pp")
        #expect(try show("3 * 2pp") == "6pp")
        #expect(try show("6pp / 3") == "2pp")
        #expect(try show("6pp / 2pp") == "3")
        // Points stand wherever a percent may (revised December: these were errors).
        #expect(try show("5pp - 3%") == "2%")
        #expect(try show("5pp + 1") == "105%")
        #expect(try show("$100 / (9% - 4%)") == "$2,000")
        #expect(try show("(1 + 3%) / (8% - 3%)") == "20.6")
        #expect(try Session().evaluate("10% - 3% == 7%") == .bool(true))
        #expect(try Session().evaluate("10% - 3% > 5%") == .bool(true))
        #expect(try Session().evaluate("7pp == 0.07") == .bool(true))
        #expect(failure("print 7pp == 7 days")?.message == "cannot compare points and a duration")
    }

    // MARK: Money

    @Test func moneyArithmetic() throws {
        #expect(try Session().evaluate("$60B + $10B") == .money(70e9, currency: "USD"))
        #expect(try show("$60B - $10B") == "$50B")
        #expect(try show("$60B * 2") == "$120B")
        #expect(try show("2 * $60B") == "$120B")
        #expect(try show("$60B * 80%") == "$48B")
        #expect(try show("80% * $60B") == "$48B")
        #expect(try show("$60B / $10B") == "6")
        #expect(try show("$60B / 3") == "$20B")
        #expect(try show("$10B / 50%") == "$20B")
        #expect(try show("5M EUR + 2.5M EUR") == "€7.5M")
    }

    @Test func differentCurrenciesDoNotMix() throws {
        #expect(failure("print $5M + 5M EUR")?.message == "cannot add USD and EUR")
        #expect(failure("print $5M - 5M EUR")?.message == "cannot subtract USD and EUR")
        #expect(failure("print $5M < 5M EUR")?.message == "cannot compare USD and EUR")
        #expect(failure("print $5M / 5M EUR")?.message == "cannot divide USD and EUR")
        #expect(failure("print $5M * $2")?.message == "cannot multiply money and money")
        #expect(failure("print $5M + 1")?.message == "cannot add money and a number")
        #expect(failure("print $5M == 5M EUR")?.message == "cannot compare USD and EUR")
        #expect(failure("print $5M != 5M EUR")?.message == "cannot compare USD and EUR")
    }

    // MARK: Dates, periods, durations (SPEC §5)

    @Test func datesAndDurations() throws {
        #expect(try show("2026-05-25 + 10 days") == "2026-06-04")
        #expect(try show("10 days + 2026-05-25") == "2026-06-04")
        #expect(try show("2026-05-25 - 1 month") == "2026-04-25")
        #expect(try show("2026-01-31 + 1 month") == "2026-02-28")
        #expect(try show("2026-07-01 - 2026-05-25") == "37 days")
        #expect(try show("Q3 2026 - May 25 2026") == "37 days")
        #expect(try show("May 25 2026 - Q3 2026") == "-37 days")
        #expect(try show("Q3 2026 - Q2 2026") == "91 days")
        #expect(try show("Q2 2026 + 3 months") == "Q3 2026")
        #expect(try show("Q3 2026 - 3 months") == "Q2 2026")
        #expect(try show("Q3 2026 + 10 days") == "2026-07-11..2026-10-10")
        #expect(try show("1 year + 10 days") == "1 year 10 days")
        #expect(try show("3 months - 1 month") == "2 months")
        #expect(try show("2 weeks * 3") == "42 days")
        #expect(try show("3 * 2 weeks") == "42 days")
        #expect(try show("1 month * 18") == "1 year 6 months")
        #expect(try show("42 days / 3") == "14 days")
        #expect(try show("6 months / 3 months") == "2")
        #expect(try show("-45 days") == "-45 days")
    }

    @Test func durationBasisAndWholeness() throws {
        #expect(failure("print 30 days < 1 month")?.message == "cannot compare month-based and day-based durations")
        #expect(failure("print 3 months - 10 days")?.message == "cannot subtract month-based and day-based durations")
        #expect(failure("print 3 months / 10 days")?.message == "cannot divide month-based and day-based durations")
        #expect(failure("let c = (1 year + 1 day) > 1 day")?.message == "cannot compare durations that mix months and days")
        #expect(failure("print 3 days * 1.5")?.message.hasPrefix("cannot multiply 3 days by 1.5") == true)
        #expect(failure("print 10 days / 3")?.message.hasPrefix("cannot divide 10 days by 3") == true)
        #expect(failure("print 10 days / 0")?.message == "division by zero")
    }

    @Test func datesOutOfRange() throws {
        #expect(failure("print 9999-12-31 + 1 day")?.message == "date out of range")
        #expect(failure("print 0001-01-01 - 1 day")?.message == "date out of range")
        #expect(failure("print 2026-01-01 + 1 day * 100000000")?.message == "duration out of range")
    }

    @Test func orderingAndMembership() throws {
        #expect(try Session().evaluate("mid-June 2026 < Q3 2026") == .bool(true))
        #expect(try Session().evaluate("Q3 2026 < H2 2026") == .bool(true))  // equal starts: by end
        #expect(try Session().evaluate("2026-07-01 <= Q3 2026") == .bool(true))
        #expect(try Session().evaluate("2026-08-15 in Q3 2026") == .bool(true))
        #expect(try Session().evaluate("2026-10-01 in Q3 2026") == .bool(false))
        #expect(try Session().evaluate("Q3 2026 in H2 2026") == .bool(true))
        #expect(try Session().evaluate("H2 2026 in Q3 2026") == .bool(false))
        #expect(try Session().evaluate("2 in [1, 2, 3]") == .bool(true))
        #expect(try Session().evaluate("50% in [0.5]") == .bool(true))
        #expect(try Session().evaluate("\"b\" < \"c\"") == .bool(true))
        #expect(failure("print 1 in 2")?.message == "'in' needs a list, a period or a string on the right, got a number")
    }

    // MARK: Numbers, comparison, equality

    @Test func powerAndMod() throws {
        #expect(try show("2 ^ 10") == "1024")
        #expect(try show("2 ^ -1") == "0.5")
        #expect(try show("7 mod 3") == "1")
        #expect(try show("-1 mod 3") == "2")
        #expect(try show("$10 mod $3") == "$1")
        #expect(failure("print 7 mod 0")?.message == "division by zero")
        #expect(failure("print $2 ^ 2")?.message == "cannot raise money and a number")
        #expect(failure("print $7 mod 2")?.message == "cannot take money mod a number")
    }

    @Test func negation() throws {
        #expect(try show("-$10B") == "-$10B")
        #expect(try show("-(5%)") == "-5%")
        #expect(try show("-(2pp)") == "-2pp")
        #expect(try show("-(3 months)") == "-3 months")
        #expect(failure("print -2026-05-25")?.message == "cannot negate a date")
    }

    @Test func comparisonsAreExactEqualityTolerant() throws {
        #expect(try Session().evaluate("0.1 + 0.2 == 0.3") == .bool(true))
        #expect(try Session().evaluate("0.1 + 0.2 > 0.3") == .bool(true))
        #expect(try Session().evaluate("$121B / 1.21 == $100B") == .bool(true))
        #expect(try Session().evaluate("1 == 1 + 1e-6") == .bool(false))
        #expect(try Session().evaluate("3 months == 1 quarter") == .bool(true))
        #expect(try Session().evaluate("[1, [2, 3]] == [1, [2, 3]]") == .bool(true))
        #expect(try Session().evaluate("5% == 5pp") == .bool(true))
        // Across dimensions that do not mix, `==` and `!=` are errors (revised December).
        #expect(failure("print \"5\" != 5")?.message == "cannot compare a string and a number")
        #expect(failure("print $1 == 1")?.message == "cannot compare money and a number")
        #expect(failure("print 1 month == 30 days")?.message == "cannot compare month-based and day-based durations")
        #expect(failure("print [1] == [\"1\"]")?.message == "cannot compare a number and a string")
        #expect(try Session().evaluate("1 in [\"a\", $1, 1]") == .bool(true))
        #expect(try Session().evaluate("abs == abs") == .bool(true))
        #expect(try Session().evaluate("{ fn f(x) = x; f == f }") == .bool(true))
        #expect(try Session().evaluate("(fn(x) => x) == (fn(x) => x)") == .bool(false))
        #expect(failure("print $5M < 2026-05-25")?.message == "cannot compare money and a date")
        #expect(failure("print true < false")?.message == "cannot compare a boolean and a boolean")
    }

    @Test func mismatchIsLocatedAtTheWholeExpression() throws {
        let d = try #require(failure("let fee = $10B\nlet x = fee + Q3 2026"))
        #expect(d.message == "cannot add money and a date")
        #expect(d.line == 2 && d.column == 9 && d.width == 13)
    }

    @Test func nonFiniteResultsAreErrors() throws {
        #expect(failure("print 1e308 * 10")?.message == "result is not a finite number")
        #expect(failure("print sqrt(-1)")?.message == "result is not a finite number")
        #expect(failure("print ln(0)")?.message == "result is not a finite number")
        #expect(failure("print 10 ^ 400")?.message == "result is not a finite number")
        #expect(failure("print 1 / 0")?.message == "division by zero")
        #expect(failure("print $1 / 0%")?.message == "division by zero")
    }

    // MARK: Booleans and control

    @Test func booleansAreRequiredAndShortCircuit() throws {
        #expect(try Session().evaluate("false and 1 / 0 == 1") == .bool(false))
        #expect(try Session().evaluate("true or 1 / 0 == 1") == .bool(true))
        #expect(try Session().evaluate("not (1 > 2)") == .bool(true))
        #expect(try Session().evaluate("if 1 < 2 then \"a\" else 1 / 0") == .string("a"))
        #expect(failure("print if 1 then 2 else 3")?.message == "'if' needs a boolean condition, got a number")
        #expect(failure("print 1 and true")?.message == "'and' needs booleans, got a number")
        #expect(failure("print true or \"x\"")?.message == nil)  // short-circuited
        #expect(failure("print false or \"x\"")?.message == "'or' needs booleans, got a string")
        #expect(failure("print not 1")?.message == "'not' needs a boolean, got a number")
    }

    @Test func plusJoinsStringsAndLists() throws {
        #expect(try Session().evaluate("\"Space\" + \"XAI\"") == .string("SpaceXAI"))
        #expect(try show("[1] + [2, 3]") == "[1, 2, 3]")
        #expect(failure("print \"a\" + 1")?.message == "cannot add a string and a number")
    }

    // MARK: Calls, indexes, members

    @Test func callErrors() throws {
        #expect(failure("let rate = 5%\nprint rate(2)")?.message == "'rate' is not a function")
        #expect(failure("let v = (1)(2)")?.message == "a number is not a function")
        #expect(failure("fn f(a, b) = a\nprint f(1, 2, 3)")?.message == "'f' expects 2 arguments, got 3")
        #expect(failure("fn f(a) = a\nprint f()")?.message == "'f' expects 1 argument, got 0")
        #expect(failure("print round(1, 2, 3)")?.message == "'round' expects 1 or 2 arguments, got 3")
        #expect(failure("print min()")?.message == "'min' expects at least 1 argument, got 0")
        #expect(failure("print map([1], fn(a, b) => a)")?.message == "the function expects 2 arguments, got 1")
        let d = try #require(failure("fn f(a, b) = a\nprint f(1, 2, 3)"))
        #expect(d.line == 2 && d.column == 7)
    }

    @Test func indexing() throws {
        #expect(try show("[10, 20, 30][2]") == "30")
        #expect(try Session().evaluate("\"héllo\"[1]") == .string("é"))
        #expect(failure("print [1, 2, 3][5]")?.message == "index 5 out of range for a list of 3")
        #expect(failure("print [1, 2, 3][-1]")?.message == "index -1 out of range for a list of 3")
        #expect(failure("print \"abc\"[3]")?.message == "index 3 out of range for a string of 3 characters")
        #expect(failure("print [1][0.5]")?.message == "an index must be a whole number, got 0.5")
        #expect(failure("print [1][\"a\"]")?.message == "an index must be a whole number, got a string")
        #expect(failure("print 5[0]")?.message == "cannot index a number")
    }

    @Test func members() throws {
        #expect(try show("(Q3 2026).start") == "2026-07-01")
        #expect(try show("(Q3 2026).end") == "2026-09-30")
        #expect(try show("(Q3 2026).days") == "92 days")
        #expect(try show("2026-05-25.days") == "1 day")
        let d = try #require(failure("let launch = 2026-05-25\nprint launch.star"))
        #expect(d.message == "unknown member 'star' of a date")
        #expect(d.help == "did you mean 'start'?")
        #expect(d.line == 2 && d.column == 14)
        #expect(failure("let e = (Q3 2026).ends")?.message == "unknown member 'ends' of a period")
        #expect(failure("print [1].size")?.help == nil)
    }

    // MARK: Statements

    @Test func printJoinsCanonicalForms() throws {
        #expect(try printed("print 1, \"two\", $3M, [\"x\"]") == ["1 two $3M [\"x\"]"])
        #expect(try printed("let g = 12.6pp\nprint \"gap is {g}\"") == ["gap is 12.6pp"])
    }

    @Test func asserts() throws {
        #expect(try printed("assert 1 < 2\nassert true, \"fine\"\nprint 1") == ["1"])
        let failed = try #require(failure("let x = 1\nassert x == 2, \"x is {x}\""))
        #expect(failed.message == "assertion failed: x is 1")
        #expect(failed.line == 2 && failed.column == 1)
        #expect(failure("assert 1 > 2")?.message == "assertion failed")
        let nonBoolean = try #require(failure("assert 1 + 1"))
        #expect(nonBoolean.message == "assert needs a boolean, got a number")
        #expect(nonBoolean.column == 8)
    }

    @Test func blocksHaveLocalBindings() throws {
        #expect(try show("{ let a = 2; let b = 3; a * b }") == "6")
        #expect(try printed("let a = 1\nlet s = { let a = 10; a + 1 }\nprint s, a") == ["11 1"])
        #expect(try show("{ fn sq(x) = x * x; sq(4) }") == "16")
        #expect(try show("{ fn fact(n) = if n <= 1 then 1 else n * fact(n - 1); fact(5) }") == "120")
        #expect(failure("let r = { let inner = 2; inner * 3 }\nprint inner")?.message == "unknown name 'inner'")
        #expect(failure("let r = { let a = 1; let b = 2 }")?.message.hasPrefix("a block must end with an expression") == true)
        #expect(failure("let r = { set seed 1; 2 }")?.message
            == "'set' can only be used at the top level, not inside a block")
    }

    @Test func closuresCaptureLexically() throws {
        #expect(try show("{ let k = 3; let f = fn(x) => x * k; let k = 1000; f(2) }") == "6")
        #expect(try printed("""
            fn adder(n) = fn(x) => x + n
            let add5 = adder(5)
            print add5(10), adder(1)(2)
            fn outer(a) { let b = a * 2; fn(c) => fn(d) => a + b + c + d }
            print outer(1)(10)(100)
            fn countdown(n) { fn go(k) = if k == 0 then [] else [k] + go(k - 1); go(n) }
            print countdown(3)
            """) == ["15 3", "113", "[3, 2, 1]"])
    }

    // MARK: Built-ins (SPEC §3)

    @Test func numericBuiltins() throws {
        #expect(try show("min(3, 1, 2)") == "1")
        #expect(try show("max([4, 2, 8])") == "8")
        #expect(try show("max($5M, $7.5M)") == "$7.5M")
        #expect(try show("min(50%, 0.4)") == "0.4")
        #expect(try show("min(5)") == "5")
        #expect(failure("print min([])")?.message == "'min' of an empty list")
        #expect(failure("print max($1, 2026-01-01)")?.message == "cannot compare a date and money")
        #expect(try show("abs(-5)") == "5")
        #expect(try show("abs(-$5)") == "$5")
        #expect(try show("abs(-3 days)") == "3 days")
        #expect(try show("round(2.5)") == "3")
        #expect(try show("round(-2.5)") == "-3")
        #expect(try show("round(1.005, 2)") == "1.01")
        #expect(try show("round(1234.5, -2)") == "1200")
        #expect(try show("round(16.667%)") == "17%")
        #expect(try show("round(16.667%, 1)") == "16.7%")
        #expect(try show("round($10.555, 2)") == "$10.56")
        #expect(try show("round($1.5)") == "$2")
        #expect(failure("print round(1, 0.5)")?.message == "'round' needs a whole number of digits, got 0.5")
        #expect(try show("sqrt(16)") == "4")
        #expect(try show("exp(0)") == "1")
        #expect(try show("ln(exp(2))") == "2")
        #expect(failure("print sqrt($4)")?.message == "'sqrt' needs a number, got money")
    }

    @Test func listBuiltins() throws {
        #expect(try show("sum([1, 2, 3])") == "6")
        #expect(try show("sum([])") == "0")
        #expect(try show("sum([$1M, $2.5M])") == "$3.5M")
        #expect(failure("print sum([$1, 2026-01-01])")?.message == "cannot add money and a date")
        #expect(try show("len([1, 2])") == "2")
        #expect(try show("len(\"héllo\")") == "5")
        #expect(try show("map([1, -2], abs)") == "[1, 2]")
        #expect(try show("filter([1, 2, 3, 4], fn(x) => x mod 2 == 0)") == "[2, 4]")
        #expect(failure("print filter([1], fn(x) => x)")?.message
            == "'filter' needs a function that returns a boolean, got a number")
        #expect(try show("reduce([1, 2, 3, 4], 0, fn(acc, x) => acc + x)") == "10")
        #expect(try show("range(1, 5)") == "[1, 2, 3, 4]")
        #expect(try show("range(3, 1)") == "[]")
        #expect(failure("print range(0, 1.5)")?.message == "'range' needs whole numbers, got 1.5")
        #expect(failure("print len(range(0, 20000000))")?.message == "list too long: 20000000 elements (at most 10000000)")
        #expect(failure("print map(1, abs)")?.message == "'map' needs a list, got 1")
        #expect(failure("print map([1], 2)")?.message == "'map' needs a function, got 2")
    }

    @Test func calendarBuiltins() throws {
        #expect(try show("days_between(2026-05-25, Q3 2026)") == "37")
        #expect(try show("months_between(2022-01-18, H1 2023)") == "11")
        #expect(try show("months_between(Feb 2026, Q3 2026)") == "5")
        #expect(try show("year(Q3 2026)") == "2026")
        #expect(try show("quarter(2026-05-25)") == "2")
        #expect(failure("print year(5)")?.message == "'year' needs a date or a period, got 5")
    }

    @Test func impliedProbability() throws {
        #expect(try show("implied_p($50B, $10B, $60B)") == "80%")
        #expect(try show("implied_p(50, 10, 60)") == "80%")
        #expect(failure("print implied_p($50B, 10, $60B)")?.message == "cannot subtract money and a number")
        #expect(failure("print implied_p($50B, $10B, $10B)")?.message == "division by zero")
    }

    @Test func builtinsAreValues() throws {
        #expect(try show("abs") == "fn abs(x)")
        #expect(try show("{ let f = max; f(1, 3, 2) }") == "3")
        #expect(try printed("let max = 5\nprint max") == ["5"])  // a built-in can be shadowed
    }

    // MARK: Resolution (SPEC §3, §13)

    @Test func unknownNamesAreAllReportedBeforeRunning() throws {
        let session = Session()
        var lines: [String] = []
        session.output = { lines.append($0) }
        do {
            try session.run("let revenue = $5M\nprint \"runs?\"\nprint revenu + 1\nprint sqr(4)\nprint nothing_like_it")
            Issue.record("expected errors")
        } catch let error as ScenarioError {
            #expect(error.diagnostics.map(\.message)
                == ["unknown name 'revenu'", "unknown function 'sqr'", "unknown name 'nothing_like_it'"])
            #expect(error.diagnostics.map(\.help) == ["did you mean 'revenue'?", "did you mean 'sqrt'?", nil])
            #expect(error.diagnostics[0].line == 3 && error.diagnostics[0].column == 7)
        }
        #expect(lines.isEmpty)
        #expect(session.value(of: "revenue") == nil)
    }

    @Test func atMostTwentyErrors() throws {
        let source = (0..<30).map { "print unknown\($0)" }.joined(separator: "\n")
        #expect(failures(source).count == 20)
    }

    @Test func suggestionsAreCloseNamesOnly() throws {
        #expect(Suggestions.closest(to: "revenu", among: ["revenue", "margin"]) == "revenue")
        #expect(Suggestions.closest(to: "x", among: ["y", "xy"]) == "xy")  // distance 1, ties alphabetical
        #expect(Suggestions.closest(to: "abcdef", among: ["uvwxyz"]) == nil)
        #expect(Suggestions.closest(to: "Tru", among: ["true"]) == nil)
        #expect(Suggestions.closest(to: "True", among: ["true"]) == "true")
    }

    @Test func functionsSeeLaterTopLevelFunctions() throws {
        #expect(try printed("""
            fn is_even(n) = if n == 0 then true else is_odd(n - 1)
            fn is_odd(n) = if n == 0 then false else is_even(n - 1)
            print is_even(10), is_odd(7)
            """) == ["true true"])
        let early = try #require(failure("fn f(x) = g(x)\nprint f(1)\nfn g(x) = x"))
        #expect(early.message == "'g' is used before it is defined")
        #expect(early.line == 1 && early.column == 11)
        let direct = try #require(failure("print g(1)\nfn g(x) = x"))
        #expect(direct.message == "'g' is used before it is defined")
        #expect(direct.help == "move 'fn g' above its first use")
        #expect(failure("print later\nlet later = 1")?.message == "unknown name 'later'")
    }

    @Test func duplicateParameters() throws {
        #expect(failure("fn f(a, a) = a")?.message == "duplicate parameter 'a'")
    }

    // MARK: Settings

    @Test func settings() throws {
        let session = Session()
        try session.run("set samples 500\nset seed 42\nset fiscal_year_start July")
        #expect(try session.evaluate("(FY2026).start").description == "2025-07-01")
        #expect(failure("set samples 0")?.message == "'samples' needs a whole number from 1 to 10000000, got 0")
        #expect(failure("set samples 1.5")?.message == "'samples' needs a whole number from 1 to 10000000, got 1.5")
        #expect(failure("set seed $1")?.message == "'seed' needs a whole number from -2^53 to 2^53, got money")
        // The parser checks setting names and months too; either way the error names them.
        #expect(failure("set sample 5")?.message.hasPrefix("unknown setting 'sample'") == true)
        #expect(failure("set fiscal_year_start 7")?.message.contains("month name") == true)
    }

    @Test func resolverChecksSettingsOfAnyTree() throws {
        // Tools may build trees the parser never would; the resolver still checks them.
        let at = SourceSpan(start: 0, end: 1)
        var resolver = Resolver(names: NameTable(), builtins: Builtins.resolverNames)
        _ = resolver.resolve([
            .set(Identifier("sample", at), .literal(.number(5), at), at),
            .set(Identifier("fiscal_year_start", at), .literal(.number(7), at), at),
        ])
        #expect(resolver.errors.map(\.message) == ["unknown setting 'sample'", "'fiscal_year_start' needs a month name"])
        #expect(resolver.errors.first?.help == "did you mean 'samples'?")
    }

    @Test func fiscalYearLiteralsReadTheSettingWhenEvaluated() throws {
        let session = Session()
        try session.run("fn fy() = FY2026")
        #expect(try session.evaluate("fy().start").description == "2026-01-01")
        try session.run("set fiscal_year_start October")
        #expect(try session.evaluate("fy().start").description == "2025-10-01")
    }

    // MARK: Later stages

    @Test func domainStatementsRunAndLaterStagesAreNotAvailableYet() throws {
        #expect(failure("print 1\ndeal cursor at 60B\nprint cursor") == nil)
        #expect(failure("company spacex\nbuyer spacx")?.message == "unknown company 'spacx'")
        #expect(failure("compare base, bear")?.message == "unknown name 'bear'")
    }
}
