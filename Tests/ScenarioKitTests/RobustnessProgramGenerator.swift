/// Random well-formed Scenario programs, from grammar/scenario.ebnf, for
/// the property tests (RobustnessPropertyTests). Every program it writes
/// must parse without an error; whether it runs is up to the program (an
/// unknown name, a dimension mismatch or a failed assert are fine).
///
/// Operands of operators are parenthesised unless they are primaries, so
/// the grammar's "add parentheses" rules never apply; some chains of
/// operators of one level are written bare, to exercise precedence.
struct ProgramGenerator {
    var rng: SeededGenerator
    /// Names bound so far (plus a few that never are, to make errors).
    private var names = ["a", "b", "total", "nope"]
    private var functions = ["f", "g"]
    private var companies = ["acme", "globex"]
    private var deals = ["cursor"]
    private var models = ["grok"]
    private var benchmarks = ["swe"]
    private var scenarios = ["bear"]
    private var depth = 0

    init(seed: UInt64) {
        rng = SeededGenerator(seed: seed)
    }

    // MARK: Choices

    private mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    private mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    private mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...xs.count - 1)] }
    private mutating func oneOf(_ makers: [(inout ProgramGenerator) -> String]) -> String {
        let maker = pick(makers)
        return maker(&self)
    }

    // MARK: Programs

    /// A program of `count` statements, one per line (sometimes `;`).
    mutating func program(statements count: Int) -> String {
        statementList(count).joined(separator: "\n") + "\n"
    }

    /// Statements, each a complete line of source; some lines hold two
    /// statements separated by `;` unless `single`.
    mutating func statementList(_ count: Int, single: Bool = false) -> [String] {
        (0..<count).map { _ in !single && chance(0.1) ? statement() + "; " + statement() : statement() }
    }

    mutating func statement() -> String {
        depth = 0
        return oneOf([
            { g in g.letStatement() }, { g in g.letStatement() }, { g in g.fnStatement() },
            { g in g.printStatement() }, { g in g.printStatement() }, { g in "assert " + g.expr() },
            { g in "assert \(g.expr()), \(g.stringLiteral())" }, { g in g.setStatement() },
            { g in g.expr() }, { g in g.expr() }, { g in g.domainStatement() }, { g in g.domainStatement() },
            { g in g.scenarioStatement() }, { g in "compare " + g.pick(g.scenarios) + ", base" },
        ])
    }

    private mutating func letStatement() -> String {
        let name = pick(["a", "b", "c", "d", "total", "price", "gap", "xs", "p", "when"])
        let text = "let \(name) = \(expr())"
        names.append(name)
        return text
    }

    private mutating func fnStatement() -> String {
        let name = pick(["f", "g", "h", "cost", "twice"])
        let parameters = (0..<int(0...3)).map { ["x", "y", "z"][$0] }
        let saved = names
        names += parameters
        let body = chance(0.7) ? "= " + expr() : "{ let t = \(expr()); " + expr() + " }"
        names = saved
        functions.append(name)
        return "fn \(name)(\(parameters.joined(separator: ", "))) \(body)"
    }

    private mutating func printStatement() -> String {
        let count = int(0...3)
        return "print" + (count == 0 ? "" : " " + (0..<count).map { _ in expr() }.joined(separator: ", "))
    }

    private mutating func setStatement() -> String {
        oneOf([
            { g in "set samples \(g.pick([1, 10, 200, 1000, 0, -5]))" },
            { g in "set seed \(g.int(-3...1_000_000))" },
            { g in "set fiscal_year_start \(g.pick(["July", "April", "Jan", "October", "Smarch"]))" },
        ])
    }

    private mutating func scenarioStatement() -> String {
        let name = pick(["bear", "bull", "base2"])
        scenarios.append(name)
        let body = statementList(int(0...3)).joined(separator: "; ")
        return "scenario \(name) { \(body) }"
    }

    // MARK: The deal domain

    private mutating func domainStatement() -> String {
        oneOf([
            { g in
                let name = g.pick(["acme", "globex", "initech", "umbrella"])
                g.companies.append(name)
                return "company \(name)" + (g.chance(0.5) ? " " + g.plainString() : "")
            },
            { g in
                let name = g.pick(["cursor", "figma", "slack"])
                g.deals.append(name)
                return "deal \(name)" + (g.chance(0.8) ? " at " + g.moneyLiteral() : "")
                    + (g.chance(0.5) ? " " + g.pick(["cash", "stock", "mixed"]) : "")
            },
            { g in "buyer " + g.pick(g.companies) },
            { g in "target " + g.pick(g.companies) },
            { g in "announce " + g.calendarLiteral() },
            { g in "close " + g.calendarLiteral() },
            { g in "breakup " + g.moneyLiteral() + (g.chance(0.5) ? " paid by " + g.pick(["buyer", "target"]) : "") },
            { g in
                "condition " + g.pick(["regulatory", "vote", "financing"])
                    + (g.chance(0.8) ? " " + (g.chance(0.5) ? g.probability() : g.probability() + " to " + g.probability()) : "")
            },
            { g in "convert into " + g.plainString() + (g.chance(0.5) ? " at " + g.moneyLiteral() : "") },
            { g in
                g.chance(0.5) ? "outcome closed " + g.calendarLiteral()
                    : "outcome abandoned " + g.calendarLiteral() + (g.chance(0.5) ? " fee paid" : "")
            },
            { g in
                let name = g.pick(["grok", "opus", "llama"])
                g.models.append(name)
                var text = "model \(name)"
                if g.chance(0.5) { text += " by " + g.pick(g.companies) }
                if g.chance(0.5) { text += " params " + g.pick(["1.5T", "1.5T / 3", "70B", "500B"]) }
                if g.chance(0.5) { text += " trained " + g.calendarLiteral() }
                if g.chance(0.5) { text += " release " + g.calendarLiteral() }
                return text
            },
            { g in
                let name = g.pick(["swe", "mmlu"])
                g.benchmarks.append(name)
                return "benchmark \(name)" + (g.chance(0.5) ? " " + g.plainString() : "")
            },
            { g in "score \(g.pick(g.models)) on \(g.pick(g.benchmarks)) \(g.pick(["87.6%", "75%", "12.6pp", "0.5", "$1B"]))" },
            { g in "departures \(g.pick(g.companies)) \(g.int(0...90))" + (g.chance(0.5) ? " since " + g.calendarLiteral() : "") },
            { g in "event \(g.calendarLiteral()) \(g.plainString())" },
            { g in
                let a = g.pick(g.companies), b = g.pick(g.companies)
                return "merge \(a) into \(b)" + (g.chance(0.5) ? " on " + g.calendarLiteral() : "")
                    + (g.chance(0.5) ? " as merged" + (g.chance(0.5) ? " " + g.plainString() : "") : "")
            },
            { _ in "timeline" }, { _ in "report" },
            { g in g.pick(["by acme", "params 1T", "trained Q1 2026", "release May 2026", "params $5"]) },
        ])
    }

    // MARK: Expressions

    mutating func expr() -> String {
        depth += 1
        defer { depth -= 1 }
        if depth > 4 { return primary() }
        return oneOf([
            { g in g.primary() }, { g in g.primary() }, { g in g.postfix() },
            { g in g.binary() }, { g in g.binary() }, { g in g.chain() },
            { g in "-" + g.operand() }, { g in "not " + g.operand() },
            { g in "if \(g.expr()) then \(g.expr()) else \(g.expr())" },
            { g in g.lambda() },
            { g in g.operand() + " to " + g.operand() },
        ])
    }

    /// An operand of an operator: a primary, or anything in parentheses.
    private mutating func operand() -> String {
        chance(0.6) ? primary() : "(" + expr() + ")"
    }

    private mutating func binary() -> String {
        let op = pick(["+", "-", "*", "/", "mod", "^", "==", "!=", "<", "<=", ">", ">=", "in", "and", "or"])
        return operand() + " " + op + " " + operand()
    }

    /// Operators of one level (and `*` inside `+`) without parentheses.
    private mutating func chain() -> String {
        var text = operand()
        for _ in 0..<int(1...3) {
            text += " " + pick(["+", "-", "*", "/"]) + " " + operand()
        }
        return text
    }

    private mutating func lambda() -> String {
        let parameters = (0..<int(0...2)).map { ["x", "y"][$0] }
        let saved = names
        names += parameters
        defer { names = saved }
        return "fn(\(parameters.joined(separator: ", "))) => \(expr())"
    }

    private mutating func postfix() -> String {
        var text = primary()
        for _ in 0..<int(1...2) {
            text += oneOf([
                { g in "(" + g.arguments() + ")" },
                { g in "." + g.pick(["start", "end", "price", "walk_away", "days", "p_close", "close", "name", "year"]) },
                { g in "[" + g.pick(["0", "1", "-1", "x", "2.5"]) + "]" },
                { g in " |> " + g.pick(["len", "sum", "abs", "round", "mean", "f", "sqrt"]) },
                { g in " |> map(" + g.lambda() + ")" },
            ])
        }
        return text
    }

    private mutating func arguments() -> String {
        (0..<int(0...3)).map { _ in expr() }.joined(separator: ", ")
    }

    private mutating func primary() -> String {
        oneOf([
            { g in g.literal() }, { g in g.literal() }, { g in g.literal() },
            { g in g.pick(g.names) }, { g in g.pick(g.names) },
            { g in g.pick(g.deals + g.companies + g.models + g.scenarios) },
            { g in g.call() }, { g in g.call() },
            { g in "[" + g.arguments() + "]" },
            { g in "(" + g.expr() + ")" },
            { g in "{ let t = \(g.expr()); \(g.expr()) }" },
            { g in g.stringLiteral() },
        ])
    }

    private mutating func call() -> String {
        let calls: [(String, ClosedRange<Int>)] = [
            ("min", 1...3), ("max", 1...3), ("abs", 1...1), ("round", 1...2), ("sqrt", 1...1), ("ln", 1...1),
            ("exp", 1...1), ("sum", 1...1), ("len", 1...1), ("map", 2...2), ("filter", 2...2), ("reduce", 3...3),
            ("days_between", 2...2), ("months_between", 2...2), ("year", 1...1), ("quarter", 1...1),
            ("implied_p", 3...3), ("normal", 2...2), ("lognormal", 2...2), ("uniform", 2...2), ("chance", 1...1),
            ("mixture", 2...2), ("mean", 1...1), ("median", 1...1), ("sd", 1...1), ("percentile", 2...2),
            ("prob", 1...1), ("hist", 1...1), ("score", 2...2),
        ]
        if chance(0.15) {
            return pick(functions) + "(" + arguments() + ")"
        }
        if chance(0.1) {
            return "range(\(int(-2...40)), \(int(-2...60)))"
        }
        let (name, arity) = pick(calls)
        let count = chance(0.9) ? int(arity) : int(0...4)
        return name + "(" + (0..<count).map { _ in expr() }.joined(separator: ", ") + ")"
    }

    // MARK: Literals

    mutating func literal() -> String {
        oneOf([
            { g in g.numberLiteral() }, { g in g.moneyLiteral() }, { g in g.probability() },
            { g in g.pick(["12.6pp", "-3pp", "0.5pp", "100pp", "25bp"]) }, { g in g.durationLiteral() },
            { g in g.calendarLiteral() }, { g in g.pick(["true", "false"]) },
        ])
    }

    private mutating func numberLiteral() -> String {
        pick(["0", "1", "2", "3", "42", "1_000_000", "3.14", "2.5e-3", "1e308", "60B", "950K", "1.5T", "7", "0.1",
              "9007199254740993", "1e-320", "12345.678", String(int(0...100_000)), "1.5bn", "5m"])
    }

    private mutating func moneyLiteral() -> String {
        pick(["$60B", "$10B", "$1.5M", "$0", "$0.01", "60B USD", "5M EUR", "3K CHF", "$1e300", "£20", "-$10B", "$950K",
              "$1,250,000", "$12,345.67", "5M eur"])
    }

    private mutating func probability() -> String {
        pick(["87.6%", "60%", "0%", "100%", "16.67%", "150%", "-5%", "chance(30%)"])
    }

    private mutating func durationLiteral() -> String {
        pick(["3 months", "45 days", "1 year", "1 year 10 days", "2 weeks", "1 quarter", "-45 days", "0 days",
              "10000 years", "100000 days"])
    }

    mutating func calendarLiteral() -> String {
        pick(["Q3 2026", "Q1 2024", "H2 2026", "FY2026", "May 2026", "mid-June 2026", "early 2026", "late Dec 2026",
              "May 25, 2026", "2026-05-25", "2024-02-29", "Feb 2026", "Q4 9999", "0001-01-01", "2026-12-31",
              "25 May 2026", "1H 2026", "FY26", "2026-07-11..2026-10-10"])
    }

    private mutating func plainString() -> String {
        pick(["\"Anysphere (Cursor)\"", "\"SpaceXAI\"", "\"\"", "\"a \\\"quoted\\\" name\"", "\"tab\\there\"", "\"€ ünï\""])
    }

    private mutating func stringLiteral() -> String {
        chance(0.5) ? plainString() : "\"gap is {\(expr())} and \\{braces}\""
    }
}
