import Foundation
import Testing
@testable import ScenarioKit

@Suite struct ParserTests {
    // MARK: - Statements

    @Test(arguments: [
        ("let x = 1", "(let x 1)"),
        ("let report = 1", "(let report 1)"),
        ("fn f(a, b) = a + b", "(def f (a b) (+ a b))"),
        ("fn f() = 1", "(def f () 1)"),
        ("fn f(a,) = a", "(def f (a) a)"),
        ("fn g(x) { let y = x * 2; y + 1 }", "(def g (x) (block (let y (* x 2)) (+ y 1)))"),
        ("fn g(x) {\n  let y = x\n  y\n}", "(def g (x) (block (let y x) y))"),
        ("print 1, \"two\", [3]", "(print 1 (str \"two\") [3])"),
        ("print", "(print)"),
        ("print -1", "(print -1)"),
        ("assert x", "(assert x)"),
        ("assert 1 + 1 == 2, \"sum\"", "(assert (== (+ 1 1) 2) (str \"sum\"))"),
        ("set samples 20_000", "(set samples 20000)"),
        ("set seed 42", "(set seed 42)"),
        ("set fiscal_year_start July", "(set fiscal_year_start July)"),
        ("x + 1", "(+ x 1)"),
        ("scenario bear { condition regulatory 40% }", "(scenario bear (condition regulatory 0.4%f))"),
        ("scenario bear {\n  deal cursor\n  breakup $5B\n}", "(scenario bear (deal cursor - -) (breakup $5000000000 -))"),
        ("scenario empty {}", "(scenario empty)"),
        ("compare base, bear, bull", "(compare base bear bull)"),
    ])
    func statement(_ source: String, _ expected: String) {
        #expect(tree(source) == expected)
    }

    @Test(arguments: [
        ("company anysphere", "(company anysphere -)"),
        ("company anysphere \"Anysphere (Cursor)\"", "(company anysphere \"Anysphere (Cursor)\")"),
        ("merge xai into spacex", "(merge xai spacex - - -)"),
        ("merge xai into spacex on Feb 2026 as spacexai \"SpaceXAI\"",
         "(merge xai spacex (period 2/2026) spacexai \"SpaceXAI\")"),
        ("merge xai into spacex as spacexai", "(merge xai spacex - spacexai -)"),
        ("deal cursor at 60B", "(deal cursor 60000000000 -)"),
        ("deal cursor at $60B stock", "(deal cursor $60000000000 stock)"),
        ("deal cursor cash", "(deal cursor - cash)"),
        ("deal cursor", "(deal cursor - -)"),
        ("deal cursor at 50B to 70B mixed", "(deal cursor (to 50000000000 70000000000) mixed)"),
        ("buyer spacexai", "(buyer spacexai)"),
        ("target anysphere", "(target anysphere)"),
        ("announce May 2026", "(announce (period 5/2026))"),
        ("close Q3 2026", "(close (period Q3 2026))"),
        ("close 2026-07-01 + 3 months", "(close (+ (date 2026-07-01) (duration 3m 0d)))"),
        ("breakup 10B", "(breakup 10000000000 -)"),
        ("breakup $10B paid by buyer", "(breakup $10000000000 buyer)"),
        ("breakup 10% * price paid by target", "(breakup (* 0.1%f price) target)"),
        ("condition regulatory", "(condition regulatory -)"),
        ("condition regulatory 80%", "(condition regulatory 0.8%f)"),
        ("condition regulatory 60% to 90%", "(condition regulatory (to 0.6%f 0.9%f))"),
        ("convert into \"SpaceX Class A\"", "(convert (str \"SpaceX Class A\") -)"),
        ("convert into \"Class A\" at $60B", "(convert (str \"Class A\") $60000000000)"),
        ("outcome closed 2024-03-01", "(outcome closed (date 2024-03-01))"),
        ("outcome abandoned Q1 2024", "(outcome abandoned (period Q1 2024))"),
        ("outcome abandoned Q1 2024 fee paid", "(outcome abandoned (period Q1 2024) fee)"),
        ("model grok", "(model grok)"),
        ("model grok by spacexai params 1.5T trained May 25 2026 release mid-June 2026",
         "(model grok (by spacexai) (params 1500000000000) (trained (date 2026-05-25)) (release (period mid-6/2026)))"),
        ("model grok release mid-June 2026 by xai", "(model grok (release (period mid-6/2026)) (by xai))"),
        ("by xai", "(by xai)"),
        ("params 1.5T / 3", "(params (/ 1500000000000 3))"),
        ("trained May 25 2026", "(trained (date 2026-05-25))"),
        ("release mid-June 2026", "(release (period mid-6/2026))"),
        ("benchmark swe", "(benchmark swe -)"),
        ("benchmark swe \"SWE-bench Verified\"", "(benchmark swe \"SWE-bench Verified\")"),
        ("score opus on swe 87.6%", "(score opus swe 0.876%f)"),
        ("departures xai 50", "(departures xai 50 -)"),
        ("departures xai 50 since Feb 2026", "(departures xai 50 (period 2/2026))"),
        ("event 2026-05-25 \"Grok V9 trained\"", "(event (date 2026-05-25) (str \"Grok V9 trained\"))"),
        ("event d \"on {d}\"", "(event d (str \"on \" {d}))"),
        ("timeline", "(timeline)"),
        ("report", "(report)"),
    ])
    func domainStatement(_ source: String, _ expected: String) {
        #expect(tree(source) == expected)
    }

    @Test func modelClausesOnTheirOwnLines() {
        #expect(tree("model grok\nby xai\nparams 1.5T; release mid-June 2026")
            == "(model grok); (by xai); (params 1500000000000); (release (period mid-6/2026))")
    }

    @Test func separatorsAndContinuation() {
        #expect(tree("\n\n;print 1;;\n\nprint 2;\n") == "(print 1); (print 2)")
        #expect(tree("let x = 1 +\n  2") == "(let x (+ 1 2))")
        #expect(tree("let x = f(1,\n  2)") == "(let x (call f 1 2))")
        #expect(tree("let y = if a\n  then b\n  else c") == "(let y (if a b c))")
        #expect(tree("xs\n  |> map(f)\n  |> sum") == "(call sum (call map xs f))")
        #expect(tree("a\n  and b\n  or c") == "(or (and a b) c)")
    }

    // MARK: - Statement words

    @Test(arguments: [
        ("cursor.close", "(. cursor close)"),
        ("close.start", "(. close start)"),
        ("score(m, b)", "(call score m b)"),
        ("print score(m, b)", "(print (call score m b))"),
        ("let report = 1", "(let report 1)"),
        ("print close", "(print close)"),
        ("print report + 1", "(print (+ report 1))"),
        ("deal deal at 1", "(deal deal 1 -)"),
        ("model by by by", "(model by (by by))"),
        ("f(close, model)", "(call f close model)"),
        ("[timeline, report]", "[timeline report]"),
        ("let x = { (report) }", "(let x (block report))"),
        ("let x = { report }", "error: a block must end with an expression, which gives its value"),
        ("{ timeline; 1 }", "(block (timeline) 1)"),
    ])
    func statementWordsAreNamesElsewhere(_ source: String, _ expected: String) {
        #expect(tree(source) == expected)
    }

    @Test func oneStatementWordTable() {
        for word in StatementWord.allCases {
            #expect(StatementWord.named(word.rawValue) == word)
        }
        for name in ["Close", "closer", "clos", "", "_", "é", "scenarios"] {
            #expect(StatementWord.named(name) == nil, "\(name)")
        }
        #expect(statementWords == Set(StatementWord.allCases.map(\.rawValue)))
    }

    /// Every domain statement names the word that starts it, as its source spells it.
    @Test(arguments: [
        "company a", "merge a into b", "deal d", "buyer a", "target a", "announce May 2026", "close Q3 2026",
        "breakup 1", "condition c", "convert into \"A\"", "outcome closed 2026-01-01", "model m", "by a",
        "params 1", "trained May 2026", "release May 2026", "benchmark b", "score m on b 1%", "departures a 1",
        "event 2026-01-01 \"e\"", "timeline", "report",
    ])
    func domainStatementsKnowTheirWord(_ source: String) {
        guard case .domain(let statement, _) = Parser.parse(source).statements.first else {
            Issue.record("not a domain statement: \(source)")
            return
        }
        #expect(statement.word.rawValue == String(source.prefix { $0 != " " }))
    }

    @Test(arguments: [
        ("close = 3", "error: use 'let close = …' to bind a name"),
        ("x = 1", "error: use 'let x = …' to bind a name"),
        ("a.b = 2", "error: cannot assign to an expression; use 'let name = …' to bind a name"),
        ("close + 1", "error: 'close' starts a statement here, so '+' cannot follow it"),
        ("report == 2", "error: 'report' starts a statement here, so '==' cannot follow it"),
    ])
    func assignmentsAndMisusedStatementWords(_ source: String, _ expected: String) {
        #expect(tree(source) == expected)
    }

    // MARK: - Expressions: precedence and associativity

    @Test(arguments: [
        // level 1 below everything
        ("if a or b then c + 1 else d * 2", "(if (or a b) (+ c 1) (* d 2))"),
        ("fn(x) => x or y", "(fn (x) (or x y))"),
        ("if a then b else if c then d else e", "(if a b (if c d e))"),
        ("if a then fn(x) => x else fn(x) => -x", "(if a (fn (x) x) (fn (x) (- x)))"),
        // 2 or < 3 and < 4 not < 5 comparison
        ("a or b and c", "(or a (and b c))"),
        ("a and b or c", "(or (and a b) c)"),
        ("not a and b", "(and (not a) b)"),
        ("a and not b", "(and a (not b))"),
        ("not a == b", "(not (== a b))"),
        ("not not a", "(not (not a))"),
        // 5 comparison < 6 to
        ("a == 1 to 2", "(== a (to 1 2))"),
        ("x in Q3 2026", "(in x (period Q3 2026))"),
        ("a != b", "(!= a b)"),
        ("a <= b", "(<= a b)"),
        ("a >= b", "(>= a b)"),
        ("a > b", "(> a b)"),
        // 6 to < 7 sum
        ("(1 + 2) to (3 + 4)", "(to (+ 1 2) (+ 3 4))"),
        ("-1 to 2 ^ 2", "(to -1 (^ 2 2))"),
        ("a.x to f(b) mod 3", "(to (. a x) (mod (call f b) 3))"),
        // 7 sum < 8 product
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("1 * 2 + 3", "(+ (* 1 2) 3)"),
        ("7 mod 3 + 1", "(+ (mod 7 3) 1)"),
        ("a / b * c", "(* (/ a b) c)"),
        // 8 product < 9 unary minus
        ("-a * b", "(* (- a) b)"),
        ("a * -b", "(* a (- b))"),
        ("a - -b", "(- a (- b))"),
        // 9 unary minus < 10 power
        ("-2 ^ 2", "(- (^ 2 2))"),
        ("-x ^ 2", "(- (^ x 2))"),
        ("2 ^ -1", "(^ 2 -1)"),
        ("2 ^ -x", "(^ 2 (- x))"),
        ("2 ^ - -x", "(^ 2 (- (- x)))"),
        ("2 ^ -3 ^ 2", "(^ 2 (- (^ 3 2)))"),
        // 10 power < 11 postfix
        ("a.b ^ c[0]", "(^ (. a b) (index c 0))"),
        ("-f(x)", "(- (call f x))"),
        ("-a.b", "(- (. a b))"),
        ("2 * xs |> f", "(* 2 (call f xs))"),
        ("a + b |> f", "(+ a (call f b))"),
        // 11 postfix chains
        ("f(1)(2)", "(call (call f 1) 2)"),
        ("a.b.c", "(. (. a b) c)"),
        ("xs[0][1]", "(index (index xs 0) 1)"),
        ("f(1, 2,)[0].x", "(. (index (call f 1 2) 0) x)"),
        ("deal.price", "(. deal price)"),
        // 12 primaries
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("[]", "[]"),
        ("[1, [2, 3], 4,]", "[1 [2 3] 4]"),
        ("true and false", "(and true false)"),
        ("{ 1 }", "(block 1)"),
        ("{ let y = 2; y * y } + 1", "(+ (block (let y 2) (* y y)) 1)"),
    ])
    func precedence(_ source: String, _ expected: String) {
        #expect(tree(source) == expected)
    }

    @Test(arguments: [
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("1 + 2 - 3 + 4", "(+ (- (+ 1 2) 3) 4)"),
        ("8 / 4 / 2", "(/ (/ 8 4) 2)"),
        ("8 mod 5 mod 2", "(mod (mod 8 5) 2)"),
        ("2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"),
        ("a or b or c", "(or (or a b) c)"),
        ("a and b and c", "(and (and a b) c)"),
    ])
    func associativity(_ source: String, _ expected: String) {
        #expect(tree(source) == expected)
    }

    @Test(arguments: [
        ("a < b < c", "error: comparison operators cannot be chained; write 'a < b and b < c'"),
        ("a == b != c", "error: comparison operators cannot be chained; write 'a == b and b != c'"),
        ("x in a in b", "error: comparison operators cannot be chained; write 'a in b and b in c'"),
        ("1 to 2 to 3", "error: 'to' cannot be chained: a range has two ends ('a to b')"),
    ])
    func nonAssociativeOperatorsDoNotChain(_ source: String, _ expected: String) {
        #expect(tree(source) == expected)
    }

    /// SPEC §1: `$1M + $1M to $2M` reads two ways, so an end of `to` that is
    /// an unbracketed `+ - * /` expression is an error whose help gives both.
    @Test(arguments: [
        ("$1M + $1M to $2M", 0, 16, "write $1M + ($1M to $2M) or ($1M + $1M) to $2M"),
        ("$1M to $2M - $1M", 0, 16, "write ($1M to $2M) - $1M or $1M to ($2M - $1M)"),
        ("print 2 * x to 9", 6, 16, "write 2 * (x to 9) or (2 * x) to 9"),
        ("1 + 2 + 3 to 4", 0, 14, "write 1 + 2 + (3 to 4) or (1 + 2 + 3) to 4"),
        ("(1) to (2) / 4", 0, 14, "write ((1) to (2)) / 4 or (1) to ((2) / 4)"),
        ("a == -1 * b to c", 5, 16, "write -1 * (b to c) or (-1 * b) to c"),
        ("condition c 50% +\n  1% to 90%", 12, 29, "write 50% + (1% to 90%) or (50% + 1%) to 90%"),
    ])
    func aRangeWithAnArithmeticEndIsAmbiguous(_ source: String, _ start: Int, _ end: Int, _ help: String) {
        let errors = Parser.parse(source).errors
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("ambiguous range: '") == true, "\(errors)")
        #expect(errors.first?.span == SourceSpan(start: start, end: end))
        #expect(errors.first?.help == help)
    }

    @Test(arguments: [
        "($1M + $1M) to $2M", "$1M + ($1M to $2M)", "(1 + 1) to (2 * 2)", "-1 to -2", "a.b to c[0]", "f(1 + 2) to 3",
        "2 ^ 2 to 9", "[1 + 2][0] to 4", "{ 1 + 2 } to 4", "1 mod 2 to 3", "x |> f to 2",
    ])
    func aRangeWithBracketedOrSimpleEndsIsFine(_ source: String) {
        #expect(Parser.parse(source).errors.isEmpty, "\(source)")
    }

    @Test(arguments: [
        ("1 + not x", "expected an expression after '+', found 'not'",
         "put 'not …' in parentheses: it binds more loosely than comparisons"),
        ("a == not b", "expected an expression after '==', found 'not'",
         "put 'not …' in parentheses: it binds more loosely than comparisons"),
        ("2 * if a then b else c", "expected an expression after '*', found 'if'",
         "put the 'if … then … else …' in parentheses"),
        ("x == fn(y) => y", "expected an expression after '==', found 'fn'",
         "put the function 'fn(…) => …' in parentheses"),
        ("-not x", "expected an expression after '-', found 'not'",
         "put 'not …' in parentheses: it binds more loosely than comparisons"),
    ])
    func lowerLevelFormsNeedParentheses(_ source: String, _ message: String, _ help: String) {
        let errors = Parser.parse(source).errors
        #expect(errors.map(\.message) == [message])
        #expect(errors.first?.help == help)
    }

    @Test func parenthesesAdmitLowerLevels() {
        #expect(tree("1 + (not x)") == "(+ 1 (not x))")
        #expect(tree("2 * (if a then b else c)") == "(* 2 (if a b c))")
        #expect(tree("xs |> (fn(x) => x + 1)") == "(call (fn (x) (+ x 1)) xs)")
        #expect(tree("print a, not b, if c then d else e, fn(x) => x")
            == "(print a (not b) (if c d e) (fn (x) x))")
    }

    // MARK: - Pipes, lambdas, blocks

    @Test(arguments: [
        ("xs |> f", "(call f xs)"),
        ("xs |> f(y)", "(call f xs y)"),
        ("xs |> f(y, z)", "(call f xs y z)"),
        ("xs |> f()", "(call f xs)"),
        ("xs |> f(y) |> g", "(call g (call f xs y))"),
        ("xs |> m.f(y)", "(call (. m f) xs y)"),
        ("xs |> f(y).z", "(. (call f xs y) z)"),
        ("xs |> f[0]", "(index (call f xs) 0)"),
        ("[1, 2] |> map(fn(x) => x * 2) |> sum", "(call sum (call map [1 2] (fn (x) (* x 2))))"),
    ])
    func pipes(_ source: String, _ expected: String) {
        #expect(tree(source) == expected)
    }

    @Test(arguments: [
        ("fn() => 1", "(fn () 1)"),
        ("fn(x, y) => x * y", "(fn (x y) (* x y))"),
        ("fn(x) => fn(y) => x + y", "(fn (x) (fn (y) (+ x y)))"),
        ("map(xs, fn(x) => x * 2)", "(call map xs (fn (x) (* x 2)))"),
        ("fn(x) => { let y = x; y }", "(fn (x) (block (let y x) y))"),
        ("let f = fn(x) => if x > 0 then x else -x", "(let f (fn (x) (if (> x 0) x (- x))))"),
    ])
    func lambdas(_ source: String, _ expected: String) {
        #expect(tree(source) == expected)
    }

    @Test func blocks() {
        #expect(tree("let v = {\n  let a = 1\n  let b = 2\n  a + b\n}") == "(let v (block (let a 1) (let b 2) (+ a b)))")
        #expect(tree("{ { 1 } }") == "(block (block 1))")
        #expect(tree("f({ 1; 2 })") == "(call f (block 1 2))")
        #expect(tree("f(1, {\n  let y = 2\n  y\n})") == "(call f 1 (block (let y 2) y))")
        #expect(tree("{ print 1; 2 }") == "(block (print 1) 2)")
        #expect(tree("{ fn h(x) = x; h(1) }") == "(block (def h (x) x) (call h 1))")
    }

    /// `{` then NAME `:` is a record, any other `{` a block; `with` is a
    /// word only between an expression and a record.
    @Test func records() {
        #expect(tree("{a: 1, b: x + 1}") == "(record a:1 b:(+ x 1))")
        #expect(tree("{ a }") == "(block a)")
        #expect(tree("let r = {\n  a: 1,\n  b: {c: 2},\n}") == "(let r (record a:1 b:(record c:2)))")
        #expect(tree("r with {p: 60%}.p") == "(. (with r p:0.6%f) p)")
        #expect(tree("r with {a: 1} with {b: 2}") == "(with (with r a:1) b:2)")
        #expect(tree("let with = 1") == "(let with 1)")
        #expect(tree("f(with)") == "(call f with)")
        #expect(Parser.parse("r with 1").errors.count == 1)
        #expect(Parser.parse("{a: }").errors.map(\.message) == ["expected a value after 'a:', found '}'"])
    }

    @Test(arguments: [
        ("{ let y = 1 }", "a block must end with an expression, which gives its value", 0, 13),
        ("let v = {}", "a block must end with an expression, which gives its value", 8, 10),
        ("fn f(x) { print x }", "a block must end with an expression, which gives its value", 8, 19),
    ])
    func aBlockEndsInAnExpression(_ source: String, _ message: String, _ start: Int, _ end: Int) {
        let errors = Parser.parse(source).errors
        #expect(errors.map(\.message) == [message])
        #expect(errors.first?.span == SourceSpan(start: start, end: end))
    }

    // MARK: - Literals and strings

    @Test func literals() {
        #expect(tree("[42, $60B, 5M EUR, 87.6%, 12.6pp, 3 months, 2026-05-25, Q3 2026, FY2026, late 2026, true, false]")
            == "[42 $60000000000 EUR5000000 0.876%f 0.126ppf (duration 3m 0d) (date 2026-05-25) (period Q3 2026) "
            + "(period FY2026) (period late 2026) true false]")
    }

    @Test func unaryMinusFoldsIntoLiterals() {
        #expect(tree("-$10B") == "-$10000000000")
        #expect(tree("-5%") == "-0.05%f")
        #expect(tree("-45 days") == "(duration 0m -45d)")
        #expect(tree("- -1") == "1")
        #expect(tree("-x") == "(- x)")
        #expect(tree("-(2)") == "-2")
        let result = Parser.parse("-$10B")
        guard case .expression(.literal(.money(let v, "USD"), let span), _) = result.statements.first else {
            Issue.record("not a money literal: \(result.statements)")
            return
        }
        #expect(v == -10e9 && span == SourceSpan(start: 0, end: 5))
    }

    @Test func stringInterpolation() {
        #expect(tree("\"plain\"") == "(str \"plain\")")
        #expect(tree("\"\"") == "(str)")
        #expect(tree("\"gap is {a - b}!\"") == "(str \"gap is \" {(- a b)} \"!\")")
        #expect(tree("\"{x}{y}\"") == "(str {x} {y})")
        #expect(tree("\"{f(x) |> g} and {if a then \"yes\" else \"no\"}\"")
            == "(str {(call g (call f x))} \" and \" {(if a (str \"yes\") (str \"no\"))})")
        #expect(tree("\"outer {\"inner {x}\"}\"") == "(str \"outer \" {(str \"inner \" {x})})")
    }

    @Test func interpolationSpansPointIntoTheString() {
        // print "a {b + 1}"
        // 0123456789012345678
        let result = Parser.parse("print \"a {b + 1}\"")
        guard case .print(let items, _) = result.statements.first,
              case .string(let parts, let span) = items.first,
              case .interpolation(let e) = parts.last,
              case .binary(.add, .name(let b), _, let operatorSpan, let whole) = e else {
            Issue.record("unexpected tree \(result.statements)")
            return
        }
        #expect(span == SourceSpan(start: 6, end: 17))
        #expect(b.span == SourceSpan(start: 10, end: 11))
        #expect(operatorSpan == SourceSpan(start: 12, end: 13))
        #expect(whole == SourceSpan(start: 10, end: 15))
    }

    @Test(arguments: [
        ("print \"a {)} b\"", "expected an expression inside '{…}', found ')'", 10, 11),
        ("print \"a {1 +} b\"", "expected an expression after '+', found the end of the interpolation", 13, 13),
        ("let s = \"{a; b}\"", "expected '}' to end the interpolation, found ';'", 11, 12),
        ("let s = \"{x = 1}\"", "expected '}' to end the interpolation, found '='", 12, 13),
    ])
    func errorsInInterpolationsAreLocatedInTheString(_ source: String, _ message: String, _ start: Int, _ end: Int) {
        let result = Parser.parse(source)
        #expect(result.errors.map(\.message) == [message])
        #expect(result.errors.first?.span == SourceSpan(start: start, end: end))
        #expect(!result.isIncomplete)
    }

    @Test func interpolationsNestOnlySoDeep() {
        let shallow = String(repeating: "\"{", count: 8) + "1" + String(repeating: "}\"", count: 8)
        #expect(Parser.parse(shallow).errors.isEmpty)
        let deep = String(repeating: "\"{", count: 9) + "1" + String(repeating: "}\"", count: 9)
        #expect(Parser.parse(deep).errors.map(\.message) == ["strings nested too deep inside interpolations"])
        let huge = String(repeating: "\"{", count: 100_000) + "1" + String(repeating: "}\"", count: 100_000)
        #expect(Parser.parse(huge).errors.map(\.message) == ["strings nested too deep inside interpolations"])
    }

    @Test func displayNamesArePlainStrings() {
        #expect(tree("company x \"a{b}\"") == "error: a display name must be a plain string, without '{…}'")
        #expect(tree("company x \"a\\{b}\"") == "(company x \"a{b}\")")
    }

    // MARK: - Spans

    @Test func nodesSpanFromTheirFirstToTheirLastToken() {
        // let x = (1 + 2) * y.z
        // 0123456789012345678901
        let result = Parser.parse("let x = (1 + 2) * y.z")
        guard case .letBinding(let name, let value, let statementSpan) = result.statements.first,
              case .binary(.multiply, let left, let right, let operatorSpan, let span) = value,
              case .binary(.add, _, _, let plusSpan, let leftSpan) = left,
              case .member(_, let member, let memberSpan) = right else {
            Issue.record("unexpected tree \(result.statements)")
            return
        }
        #expect(statementSpan == SourceSpan(start: 0, end: 21))
        #expect(name.span == SourceSpan(start: 4, end: 5))
        #expect(span == SourceSpan(start: 8, end: 21))
        #expect(operatorSpan == SourceSpan(start: 16, end: 17))
        #expect(leftSpan == SourceSpan(start: 9, end: 14))
        #expect(plusSpan == SourceSpan(start: 11, end: 12))
        #expect(memberSpan == SourceSpan(start: 18, end: 21))
        #expect(member.span == SourceSpan(start: 20, end: 21))
    }

    @Test func spansOfCallsPipesAndStatements() {
        // xs |> f(y)
        let pipe = Parser.parse("xs |> f(y)").statements.first
        #expect(pipe?.span == SourceSpan(start: 0, end: 10))
        if case .expression(.call(_, _, let span), _) = pipe { #expect(span == SourceSpan(start: 0, end: 10)) }
        // deal cursor at 60B stock   (then a second statement)
        let result = Parser.parse("deal cursor at 60B stock\nclose Q3 2026")
        #expect(result.statements.map(\.span) == [SourceSpan(start: 0, end: 24), SourceSpan(start: 25, end: 38)])
        // if a then b else c
        #expect(Parser.parse("if a then b else c").statements.first?.span == SourceSpan(start: 0, end: 18))
        // [1, 2]
        #expect(Parser.parse("[1, 2]").statements.first?.span == SourceSpan(start: 0, end: 6))
    }

    @Test func spansAreGlobalOffsets() {
        let result = Parser.parse("x + 1\nprint )", base: 100)
        #expect(result.statements.first?.span == SourceSpan(start: 100, end: 105))
        #expect(result.errors.map(\.span) == [SourceSpan(start: 112, end: 113)])
    }

    // MARK: - Errors

    @Test(arguments: [
        ("print )", "expected an expression, found ')'", 6, 7),
        ("let x = (1 + 2", "expected ')' to close '(' at 1:9, found end of input", 14, 14),
        ("let x = 1\nlet y = f(1,\n  [2, 3)", "expected ']' to close '[' at 3:3, found ')'", 30, 31),
        ("if a then b", "expected 'else' to finish 'if' at line 1, found end of input", 11, 11),
        ("let y =\n  if a\n  then b\n  c", "expected 'else' to finish 'if' at line 2, found end of line", 23, 24),
        ("if a b", "expected 'then' after the condition of 'if' at line 1, found 'b'", 5, 6),
        ("fn f(x) {", "expected '}' to close '{' at 1:9, found end of input", 9, 9),
        ("print 1 2", "expected a newline or ';' after the statement, found '2'", 8, 9),
        ("let 1 = 2", "expected a name after 'let', found '1'", 4, 5),
        ("let x 1", "expected '=' after 'let x', found '1'", 6, 7),
        ("fn f(x) => 1", "expected '=' or '{' after the parameters of 'f', found '=>'", 8, 10),
        ("fn f(x, 2) = 1", "expected a parameter name, found '2'", 8, 9),
        ("fn f(x y) = 1", "expected ')' to close '(' at 1:5, found 'y'", 7, 8),
        ("fn f(x, x) = 1", "duplicate parameter 'x'", 8, 9),
        ("let g = fn f(x) => x", "expected '(' after 'fn', found 'f'", 11, 12),
        ("let g = fn(x) x", "expected '=>' after the parameters of 'fn', found 'x'", 14, 15),
        ("f(1 2)", "expected ')' to close '(' at 1:2, found '2'", 4, 5),
        ("x.1", "expected a member name after '.', found '1'", 2, 3),
        ("xs[]", "expected an index after '[', found ']'", 3, 4),
        ("xs |> -f", "expected a function after '|>', found '-'", 6, 7),
        ("2 ^ * 3", "expected an exponent after '^', found '*'", 4, 5),
        ("1 +; 2", "expected an expression after '+', found ';'", 3, 4),
        ("1 + \n", "expected an expression after '+', found end of input", 5, 5),
        ("}", "unexpected '}' with no open '{'", 0, 1),
        ("let x = 1 }", "expected a newline or ';' after the statement, found '}'", 10, 11),
        ("company", "expected a company name after 'company', found end of input", 7, 7),
        ("merge a b", "expected 'into' after 'merge a', found 'b'", 8, 9),
        ("merge a into", "expected a company name after 'into', found end of input", 12, 12),
        ("merge a into b as", "expected the merged company's name after 'as', found end of input", 17, 17),
        ("deal", "expected a deal name after 'deal', found end of input", 4, 4),
        ("deal x at", "expected a price after 'at', found end of input", 9, 9),
        ("deal x at 60B allstock", "expected 'cash', 'stock' or 'mixed' after 'deal x', found 'allstock'", 14, 22),
        ("deal x for 60B", "expected 'at', 'cash', 'stock' or 'mixed' after 'deal x', found 'for'", 7, 10),
        ("buyer 1", "expected a company name after 'buyer', found '1'", 6, 7),
        ("close", "expected a date after 'close', found end of input", 5, 5),
        ("breakup", "expected an amount after 'breakup', found end of input", 7, 7),
        ("breakup 1 paid buyer", "expected 'by' after 'paid', found 'buyer'", 15, 20),
        ("breakup 1 paid by nobody", "expected 'buyer' or 'target' after 'paid by', found 'nobody'", 18, 24),
        ("condition 80%", "expected a condition name after 'condition', found '80%'", 10, 13),
        ("convert \"A\"", "expected 'into' after 'convert', found a string", 8, 11),
        ("outcome maybe 2026", "expected 'closed' or 'abandoned' after 'outcome', found 'maybe'", 8, 13),
        ("outcome abandoned Q1 2024 fee", "expected 'paid' after 'fee', found end of input", 29, 29),
        ("model g foo 1", "expected 'by', 'params', 'trained' or 'release' in 'model g', found 'foo'", 8, 11),
        ("model g params 1 params 2", "'params' is given twice for model 'g'", 17, 23),
        ("score m b 1", "expected 'on' after 'score m', found 'b'", 8, 9),
        ("score m on b", "expected a score after 'b', found end of input", 12, 12),
        ("departures xai", "expected a number of people after 'xai', found end of input", 14, 14),
        ("event 2026-01-01", "expected the event's text (a string) after its date, found end of input", 16, 16),
        ("set foo 1", "unknown setting 'foo'; the settings are samples, seed, fiscal_year_start and today", 4, 7),
        ("set samples", "expected a number after 'samples', found end of input", 11, 11),
        ("set fiscal_year_start 7", "expected a month name after 'fiscal_year_start', found '7'", 22, 23),
        ("scenario bear", "expected '{' after 'scenario bear', found end of input", 13, 13),
        ("scenario { }", "expected a scenario name after 'scenario', found '{'", 9, 10),
        ("compare", "expected a scenario name after 'compare', found end of input", 7, 7),
        ("assert", "expected a condition after 'assert', found end of input", 6, 6),
        ("assert x,", "expected a message after ',', found end of input", 9, 9),
    ])
    func errorMessagesAndSpans(_ source: String, _ message: String, _ start: Int, _ end: Int) {
        let errors = Parser.parse(source).errors
        #expect(errors.map(\.message) == [message])
        #expect(errors.first?.span == SourceSpan(start: start, end: end))
    }

    @Test func reservedWordsAsNamesGetAHelp() {
        let error = Parser.parse("let if = 2").errors.first
        #expect(error?.message == "expected a name after 'let', found 'if'")
        #expect(error?.help == "'if' is a reserved word and cannot be used as a name")
    }

    @Test func recoveryReportsEveryErrorOnItsLine() {
        let source = """
            let a = )
            print 1
            let = 3
            print 4
            foo(1 2)
            print 5
            """
        let result = Parser.parse(source)
        let file = SourceFile(name: "t", text: source)
        #expect(result.errors.map { file.location(of: $0.span.start).line } == [1, 3, 5])
        #expect(result.errors.map(\.message) == [
            "expected an expression after '=', found ')'",
            "expected a name after 'let', found '='",
            "expected ')' to close '(' at 5:4, found '2'",
        ])
        #expect(result.statements.map(sexp) == ["(print 1)", "(print 4)", "(print 5)"])
        #expect(!result.isIncomplete)
    }

    @Test func recoveryInsideBlocksAndScenarios() {
        let source = """
            let f = fn(x) => {
              let y = )
              y
            }
            scenario bear {
              deal x at
              condition c 40%
            }
            print 2 2
            """
        let result = Parser.parse(source)
        let file = SourceFile(name: "t", text: source)
        #expect(result.errors.map { file.location(of: $0.span.start).line } == [2, 6, 9])
        #expect(result.statements.count == 2)
        if case .scenario(_, _, let body, _) = result.statements.last {
            #expect(body.map(sexp) == ["(condition c 0.4%f)"])
        }
    }

    /// SPEC §9: an unclosed bracket does not hide later errors. The lexer
    /// still counts it open (newlines separate nothing), so the parser
    /// resumes at the next line that starts a statement, and from then on
    /// a line start ends a statement.
    @Test func recoveryAfterAnUnclosedBracketReportsLaterErrors() {
        let source = """
            let a = f(1,
            let b = 2
            print b b
            let c = )
            print 5
            let = 6
            print [1, 2
            let e = x y
            print 9
            """
        let result = Parser.parse(source)
        let file = SourceFile(name: "t", text: source)
        #expect(result.errors.map { file.location(of: $0.span.start).line } == [2, 3, 4, 6, 8])
        #expect(result.errors.map(\.message) == [
            "expected ')' to close '(' at 1:10, found 'let'",
            "expected a newline or ';' after the statement, found 'b'",
            "expected an expression after '=', found ')'",
            "expected a name after 'let', found '='",
            "expected ']' to close '[' at 7:7, found 'let'",
        ])
        #expect(result.statements.map(sexp) == ["(let b 2)", "(print 5)", "(print 9)"])
        #expect(!result.isIncomplete)
    }

    @Test func afterAnUnclosedBracketALineStartEndsOptionalParts() {
        let source = "print (1\ncondition c\nprint\nprint 2\ncompany acme\nprint 3"
        let result = Parser.parse(source)
        #expect(result.errors.map(\.message) == ["expected ')' to close '(' at 1:7, found 'condition'"])
        #expect(result.statements.map(sexp) == ["(condition c -)", "(print)", "(print 2)", "(company acme -)", "(print 3)"])
    }

    @Test func recoveryResumesOnlyAtALineNoFurtherRightThanTheStatement() {
        // `close` is indented: an argument, not the start of a statement.
        let source = "let x = f(1 +,\n  close)\nprint 1 1\n  let y = (2\nprint 3 3\n  print 4 4"
        let result = Parser.parse(source)
        let file = SourceFile(name: "t", text: source)
        #expect(result.errors.map { file.location(of: $0.span.start).line } == [1, 3, 5, 6])
        #expect(result.errors.map(\.message) == [
            "expected an expression after '+', found ','",
            "expected a newline or ';' after the statement, found '1'",
            "expected ')' to close '(' at 4:11, found 'print'",
            "expected a newline or ';' after the statement, found '4'",
        ])
    }

    @Test func recoveryAfterAnUnclosedBracketReportsUpToTwentyErrors() {
        let source = "print (1\n" + String(repeating: "let x = )\n", count: 30)
        let errors = Parser.parse(source).errors
        #expect(errors.count == 20)
        #expect(errors.dropFirst().allSatisfy { $0.message == "expected an expression after '=', found ')'" })
    }

    @Test func lexicalAndSyntaxErrorsMergeInSourceOrderOnePerLine() {
        let source = "print 1 +\nlet x = \"open\nprint )\nlet y = 3 @ 4"
        let result = Parser.parse(source)
        let file = SourceFile(name: "t", text: source)
        let lines = result.errors.map { file.location(of: $0.span.start).line }
        #expect(lines == lines.sorted())
        #expect(Set(lines).count == lines.count)
        #expect(lines.contains(2) && lines.contains(3))
    }

    @Test func atMostTwentyErrors() {
        let source = String(repeating: "print )\n", count: 50)
        let result = Parser.parse(source)
        #expect(result.errors.count == 20)
        #expect(result.errors.allSatisfy { $0.message == "expected an expression, found ')'" })
    }

    @Test func recoveryAlwaysMakesProgress() {
        for source in [")))", "]]]\n]]", "}}}", "))\n}}\n]]", "{ ) ] }", "( } ]", "print ( ] }", "fn fn fn", "let let let",
                       "if if if", "deal deal deal deal", ", , ,", "=> => =>", "|> |>"] {
            let result = Parser.parse(source)
            #expect(!result.errors.isEmpty, "\(source)")
            #expect(result.errors.count <= 20)
        }
    }

    // MARK: - Incomplete input (the REPL's continuation prompt)

    @Test(arguments: [
        "let x = (1 +", "if a then b", "if a", "if a then", "fn f(x) {", "let x =", "print 1,", "f(1, 2", "[1, 2",
        "{ 1", "scenario bear {", "scenario bear {\n  condition c 40%", "print -", "2 ^", "xs |>", "a and",
        "not", "1 to", "let f = fn(x) =>", "print \"a\" +", "let v = {\n  let a = 1",
    ])
    func incomplete(_ source: String) {
        let result = Parser.parse(source)
        #expect(result.isIncomplete, "\(source): \(result.errors.map(\.message))")
        #expect(!result.errors.isEmpty)
    }

    @Test(arguments: [
        "print 1", "let x = 1\nprint x", "print )", "deal x at", "company", "x.", "fn f(x)", "let x", "print 1 2",
        "print ) + (", "\"{1 +\"", "1 +; 2", "let x = \"open", "}", "", "# only a comment",
    ])
    func notIncomplete(_ source: String) {
        #expect(!Parser.parse(source).isIncomplete, "\(source)")
    }

    // MARK: - Nesting depth

    static let deepInputs: [(String, String, String)] = [
        ("parentheses", "(", ")"), ("lists", "[", "]"), ("blocks", "{", "}"), ("minus", "-", ""),
        ("not", "not ", ""), ("calls", "f(", ")"), ("indexes", "x[", "]"), ("powers", "2 ^ ", ""),
        ("right sums", "1 + (", ")"), ("ifs", "if a then ", " else b"),
        ("lambdas", "fn(x) => ", ""), ("pipes", "1 |> f(", ")"), ("members", "", ".m"), ("applications", "", "(1)"),
        ("statement words in blocks", "{ close ", " }"), ("functions", "fn f(x) { ", " }"),
        ("scenarios", "scenario s { ", " }"), ("and not", "a and not (", ")"), ("print lists", "{ print [", "]; 1 }"),
    ]

    static func deep(_ prefix: String, _ suffix: String, _ n: Int) -> String {
        String(repeating: prefix, count: n) + "1" + String(repeating: suffix, count: n)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        for (name, prefix, suffix) in Self.deepInputs {
            // 100,000 levels of the simplest kinds; past the limit more input
            // costs time but no stack, so 10,000 do for the others.
            let simple = ["parentheses", "lists", "minus", "not"].contains(name)
            let result = Parser.parse(Self.deep(prefix, suffix, simple ? 100_000 : 10_000))
            #expect(result.errors.first?.message == "nesting too deep", "\(name)")
            #expect(!result.isIncomplete, "\(name)")
        }
    }

    @Test func nestingTooDeepSpansFromTheOutermostLevel() {
        let result = Parser.parse(Self.deep("(", ")", 100_000))
        let error = result.errors.first
        #expect(error?.message == "nesting too deep")
        // From the outermost parenthesis to the first one past the limit.
        #expect(error?.span == SourceSpan(start: 0, end: Parser.maxDepth + 1))
        let nested = Parser.parse("let x = 1\nlet y = " + Self.deep("(", ")", 100_000)).errors.first
        #expect(nested?.span.start == 18)
        #expect(error?.help?.contains("\(Parser.maxDepth)") == true)
    }

    /// SPEC §3: nesting is limited, the length of a left-associative chain
    /// is not. A chain is built in a loop into one `.chain` node, so its
    /// length costs no stack: 10,000 terms parse, and their tree is
    /// released, on a 512 KB stack too.
    @Test func longLeftAssociativeChainsParse() {
        final class Box: @unchecked Sendable { var lengths: [String] = [] }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let operators = ["+", "-", "*", "/", "mod", "and", "or"]
        let thread = Thread {
            for op in operators {
                let source = "let x = " + Array(repeating: "a", count: 10_000).joined(separator: " \(op) ")
                let result = Parser.parse(source)
                guard result.errors.isEmpty, case .letBinding(_, .chain(let c), _) = result.statements.first else {
                    box.lengths.append("\(op): \(result.errors.first?.message ?? "not a chain")")
                    continue
                }
                let lone = c.links.allSatisfy { $0.op.rawValue == op && $0.right == .name(Identifier("a", $0.right.span)) }
                box.lengths.append("\(op): \(c.links.count) \(sexp(c.first)) \(lone)")
            }
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        #expect(box.lengths == operators.map { "\($0): 9999 a true" })
    }

    /// Each operator of a chain has the spans its `.binary` node had: the
    /// chain up to it, and its left operand's (`(a)` without its brackets).
    @Test func chainSpansAreThoseOfTheNestedNodes() {
        // let x = (a) + b * c - d
        // 012345678901234567890123
        guard case .letBinding(_, .chain(let c), _) = Parser.parse("let x = (a) + b * c - d").statements.first else {
            Issue.record("not a chain")
            return
        }
        #expect(c.span == SourceSpan(start: 8, end: 23))
        #expect(c.links.map(\.op) == [.add, .subtract])
        #expect(sexp(c.links[0].right) == "(* b c)")
        #expect(c.leftSpan(of: 0) == SourceSpan(start: 9, end: 10))
        #expect(c.span(through: 0) == SourceSpan(start: 8, end: 19))
        #expect(c.leftSpan(of: 1) == SourceSpan(start: 8, end: 19))
        #expect(c.links[1].operatorSpan == SourceSpan(start: 20, end: 21))
        // A bracketed last operand: the chain ends after its ')'.
        guard case .expression(.chain(let d), _) = Parser.parse("a + b + (c)").statements.first else {
            Issue.record("not a chain")
            return
        }
        #expect(d.span == SourceSpan(start: 0, end: 11))
        #expect(d.links[1].right.span == SourceSpan(start: 9, end: 10))
    }

    @Test func aLongMixedChainParsesAndKeepsPrecedence() {
        let source = Array(repeating: "-2 * a ^ -b mod 3", count: 5_000).joined(separator: " + ")
        let result = Parser.parse(source)
        #expect(result.errors.isEmpty)
        guard case .expression(.chain(let c), _) = result.statements.first else {
            Issue.record("no chain")
            return
        }
        // The first term's `*` and `mod` are on the chain; each later term
        // is the right operand of a `+`.
        let term = "(mod (* -2 (^ a (- b))) 3)"
        #expect(sexp(.chain(BinaryChain(first: c.first, links: Array(c.links.prefix(2)), span: c.span))) == term)
        #expect(c.links.count == 2 + 4_999)
        #expect(c.links.dropFirst(2).allSatisfy { $0.op == .add && sexp($0.right) == term })
    }

    @Test func nestingBelowTheLimitParses() {
        #expect(Parser.parse(Self.deep("(", ")", Parser.maxDepth - 10)).errors.isEmpty)
        #expect(Parser.parse(Self.deep("[", "]", Parser.maxDepth - 10)).errors.isEmpty)
        #expect(Parser.parse(Self.deep("-", "", Parser.maxDepth - 10)).errors.isEmpty)
        #expect(Parser.parse(Self.deep("", " + 1", Parser.maxDepth - 10)).errors.isEmpty)
    }

    /// The limit must hold on the smallest stacks tests and embedders run
    /// on: 512 KB (secondary threads on Apple platforms), in a debug build.
    @Test(.disabled(if: Sanitizer.address, Sanitizer.tooDeepForAddressSanitizer))
    func deepNestingIsSafeOnA512KBStack() {
        // The semaphore orders the thread's write before the test's read.
        final class Box: @unchecked Sendable { var messages: [String] = [] }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for (name, prefix, suffix) in Self.deepInputs {
                // Past the limit, longer input costs time but no more stack.
                let message = Parser.parse(Self.deep(prefix, suffix, 1_000)).errors.first?.message ?? "-"
                box.messages.append(name + ": " + message)
            }
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        #expect(box.messages == Self.deepInputs.map { "\($0.0): nesting too deep" })
    }

    // MARK: - Expressions alone, tokens from elsewhere, large input

    @Test func parseExpression() {
        let ok = Parser.parseExpression("\n  1 + 2 * 3\n")
        #expect(ok.errors.isEmpty && ok.expression.map(sexp) == "(+ 1 (* 2 3))")
        let extra = Parser.parseExpression("1 2")
        #expect(extra.expression == nil)
        #expect(extra.errors.map(\.message) == ["expected the end of the expression, found '2'"])
        let open = Parser.parseExpression("(1 +")
        #expect(open.isIncomplete && open.expression == nil)
        #expect(Parser.parseExpression("print 1").errors.first?.message
            == "expected the end of the expression, found '1'")
    }

    @Test func parsesHandBuiltTokens() {
        let text = "a + 1"
        let tokens = [
            Token(.identifier("a"), SourceSpan(start: 0, end: 1)),
            Token(.symbol(.plus), SourceSpan(start: 2, end: 3)),
            Token(.number(1), SourceSpan(start: 4, end: 5)),
        ]
        var parser = Parser(tokens: tokens, text: text)
        let result = parser.parseProgram(lexErrors: [])
        #expect(result.statements.map(sexp) == ["(+ a 1)"])
    }

    /// The stream lexes in batches and drops what was consumed, yet reads
    /// the same tokens, in order, as lexing the whole text at once.
    @Test func tokenStreamReadsTheLexersTokens() {
        let text = String(repeating: "let x = f(1, [2, 3]) + \"a {b} c\" # note\nprint x, -$5B\n", count: 700)
        let (expected, _) = Lexer.tokenize(text)
        var stream = TokenStream(lexing: SourceFile(name: "", text: text))
        var read: [Token] = []
        var previousEnd = 0
        while true {
            let token = stream.current
            read.append(token)
            #expect(stream.previousEnd == previousEnd)
            if token.kind == .eof { break }
            #expect(stream.peek == expected[read.count])
            if token.kind == .newline { stream.dropConsumed() }
            stream.advance()
            #expect(stream.previous == token)
            previousEnd = token.span.end
        }
        #expect(read == expected)
        #expect(expected.count > 3 * TokenStream.batch)
        stream.advance()
        #expect(stream.current.kind == .eof)
    }

    @Test func largeInputParsesInLinearTime() {
        let line = "deal d at $60B stock; breakup 10B paid by buyer; let x = f(1, 2) + [3, 4][0] * -2 ^ 2 |> g(\"a {b} c\")\n"
        let start = Date()
        let result = Parser.parse(String(repeating: line, count: 20_000))
        #expect(result.errors.isEmpty && result.statements.count == 60_000)
        #expect(Date().timeIntervalSince(start) < 30)
    }
}

// MARK: - Test helpers
// A compact s-expression form of the syntax tree, so that tests can state
// the shape of a parse in one line: `(+ 1 (* 2 3))`.

func sexp(_ e: Expr) -> String {
    switch e {
    case .literal(let literal, _):
        return sexp(literal)
    case .string(let parts, _):
        let inner = parts.map { part -> String in
            switch part {
            case .text(let t): return "\"\(t)\""
            case .interpolation(let e): return "{\(sexp(e))}"
            }
        }
        return "(str" + inner.map { " " + $0 }.joined() + ")"
    case .name(let id):
        return id.name
    case .list(let items, _):
        return "[" + items.map(sexp).joined(separator: " ") + "]"
    case .unary(let op, let operand, _):
        return "(\(op.rawValue) \(sexp(operand)))"
    case .binary(let op, let l, let r, _, _):
        return "(\(op.rawValue) \(sexp(l)) \(sexp(r)))"
    case .chain(let c):
        // As the nested `.binary` nodes it stands for.
        return c.links.reduce(sexp(c.first)) { "(\($1.op.rawValue) \($0) \(sexp($1.right)))" }
    case .call(let f, let args, _):
        return "(call \(sexp(f))" + args.map { " " + sexp($0) }.joined() + ")"
    case .member(let base, let name, _):
        return "(. \(sexp(base)) \(name.name))"
    case .index(let base, let i, _):
        return "(index \(sexp(base)) \(sexp(i)))"
    case .ifElse(let c, let a, let b, _):
        return "(if \(sexp(c)) \(sexp(a)) \(sexp(b)))"
    case .lambda(let params, let body, _):
        return "(fn (\(params.map(\.name).joined(separator: " "))) \(sexp(body)))"
    case .block(let statements, _):
        return "(block" + statements.map { " " + sexp($0) }.joined() + ")"
    case .record(let fields, _):
        return "(record" + fields.map { " \($0.name.name):\(sexp($0.value))" }.joined() + ")"
    case .recordUpdate(let base, let fields, _):
        return "(with \(sexp(base))" + fields.map { " \($0.name.name):\(sexp($0.value))" }.joined() + ")"
    }
}

func sexp(_ literal: Literal) -> String {
    switch literal {
    case .number(let v): return number(v)
    case .money(let v, let currency): return (v < 0 ? "-" : "") + (currency == "USD" ? "$" : currency) + number(abs(v))
    case .percent(let v): return number(v) + "%f"
    case .points(let v): return number(v) + "ppf"
    case .duration(let d): return "(duration \(d.months)m \(d.days)d)"
    case .date(let d): return "(date \(d))"
    case .period(let p): return "(period \(period(p)))"
    case .bool(let b): return b ? "true" : "false"
    }
}

private func period(_ p: PeriodLiteral) -> String {
    switch p {
    case .quarter(let q, let y): return "Q\(q) \(y)"
    case .half(let h, let y): return "H\(h) \(y)"
    case .month(let m, let y): return "\(m)/\(y)"
    case .partOfMonth(let part, let m, let y): return "\(part.rawValue)-\(m)/\(y)"
    case .partOfYear(let part, let y): return "\(part.rawValue) \(y)"
    case .fiscalYear(let y): return "FY\(y)"
    case .fiscalYearStarting(let y, let m): return "FY\(y)/\(m)"
    case .span(let start, let end): return "\(start)..\(end)"
    }
}

private func number(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(v)
}

func sexp(_ s: Stmt) -> String {
    switch s {
    case .letBinding(let id, let e, _):
        return "(let \(id.name) \(sexp(e)))"
    case .function(let id, let params, let body, _):
        return "(def \(id.name) (\(params.map(\.name).joined(separator: " "))) \(sexp(body)))"
    case .print(let items, _):
        return "(print" + items.map { " " + sexp($0) }.joined() + ")"
    case .assert(let c, let m, _):
        return "(assert \(sexp(c))" + (m.map { " " + sexp($0) } ?? "") + ")"
    case .set(let id, let e, _):
        return "(set \(id.name) \(sexp(e)))"
    case .expression(let e, _):
        return sexp(e)
    case .domain(let d, _):
        return sexp(d)
    case .scenario(let id, _, let body, _):
        return "(scenario \(id.name)" + body.map { " " + sexp($0) }.joined() + ")"
    case .compare(let ids, _, _):
        return "(compare " + ids.map(\.name).joined(separator: " ") + ")"
    }
}

func sexp(_ d: DomainStmt) -> String {
    func opt(_ e: Expr?) -> String { e.map(sexp) ?? "-" }
    func quoted(_ s: String?) -> String { s.map { "\"\($0)\"" } ?? "-" }
    switch d {
    case .company(let id, let name): return "(company \(id.name) \(quoted(name)))"
    case .merge(let a, let b, let on, let asId, let name):
        return "(merge \(a.name) \(b.name) \(opt(on)) \(asId?.name ?? "-") \(quoted(name)))"
    case .deal(let id, let price, let c): return "(deal \(id.name) \(opt(price)) \(c?.rawValue ?? "-"))"
    case .buyer(let id): return "(buyer \(id.name))"
    case .target(let id): return "(target \(id.name))"
    case .announce(let e): return "(announce \(sexp(e)))"
    case .close(let e): return "(close \(sexp(e)))"
    case .breakup(let e, let p): return "(breakup \(sexp(e)) \(p?.rawValue ?? "-"))"
    case .condition(let id, let e): return "(condition \(id.name) \(opt(e)))"
    case .convert(let into, let at): return "(convert \(sexp(into)) \(opt(at)))"
    case .outcome(let closed, let e, let fee):
        return "(outcome \(closed ? "closed" : "abandoned") \(sexp(e))\(fee ? " fee" : ""))"
    case .model(let id, let clauses): return "(model \(id.name)" + clauses.map { " " + sexp($0) }.joined() + ")"
    case .modelClause(let c): return sexp(c)
    case .benchmark(let id, let name): return "(benchmark \(id.name) \(quoted(name)))"
    case .score(let m, let b, let e): return "(score \(m.name) \(b.name) \(sexp(e)))"
    case .departures(let c, let n, let since): return "(departures \(c.name) \(sexp(n)) \(opt(since)))"
    case .event(let d, let t): return "(event \(sexp(d)) \(sexp(t)))"
    case .timeline: return "(timeline)"
    case .report: return "(report)"
    }
}

func sexp(_ c: ModelClause) -> String {
    switch c {
    case .by(let id): return "(by \(id.name))"
    case .params(let e): return "(params \(sexp(e)))"
    case .trained(let e): return "(trained \(sexp(e)))"
    case .release(let e): return "(release \(sexp(e)))"
    }
}

/// The program's statements as s-expressions, one per statement, joined by
/// "; " — or the error messages, prefixed with "error: ".
func tree(_ source: String) -> String {
    let result = Parser.parse(source)
    if !result.errors.isEmpty {
        return result.errors.map { "error: " + $0.message }.joined(separator: "\n")
    }
    return result.statements.map(sexp).joined(separator: "; ")
}
