import Foundation
import Testing
import ScenarioKit

/// Property tests of issue 8, over seeded random input (reproducible: a
/// failure names its seed and prints the program or value).
@Suite struct RobustnessPropertyTests {
    // MARK: Random programs

    /// Well-formed programs from the grammar parse without an error, run to
    /// the end or to a located error (never a crash), and a program that
    /// runs also checks.
    @Test(arguments: 0..<6)
    func randomProgramsParseAndRunWithoutCrashing(_ batch: Int) throws {
        for i in 0..<50 {
            let seed = UInt64(batch * 1000 + i)
            var generator = ProgramGenerator(seed: seed)
            let program = generator.program(statements: 1 + i % 12)
            let parsed = Parser.parse(program)
            #expect(parsed.errors.isEmpty, "seed \(seed): a well-formed program does not parse:\n\(program)\n\(parsed.errors)")
            let lines = program.split(separator: "\n", omittingEmptySubsequences: false).count
            let session = Session()
            session.output = { _ in }
            var ran = false
            do {
                try withTimeLimit(session) { try session.run(program, name: "gen.scn") }
                ran = true
                _ = session.stateJSON(output: [])
                _ = session.environmentListing()
            } catch let error as ScenarioError {
                for d in error.diagnostics where d.message != "interrupted" {
                    #expect(d.file == "gen.scn" && (1...lines).contains(d.line) && d.column >= 1,
                            "seed \(seed): diagnostic not located in the program:\n\(d)\n\(program)")
                    #expect(!d.message.contains("internal error"), "seed \(seed):\n\(d)\n\(program)")
                    _ = d.render(color: true)
                }
            }
            if ran {
                #expect(throws: Never.self, "seed \(seed): runs but does not check:\n\(program)") {
                    try Session().check(program, name: "gen.scn")
                }
            }
        }
    }

    /// A statement that fails leaves the session exactly as if it had never
    /// been run (a scenario block is one statement, however many it holds;
    /// in one input of several statements, the ones before a failure keep
    /// their effect, so each input here is one statement): a twin session that runs only the statements that
    /// succeeded ends in the same state, prints the same lines, and draws
    /// the same random numbers afterwards.
    @Test(arguments: 0..<6)
    func aFailingStatementChangesNothing(_ batch: Int) throws {
        for i in 0..<40 {
            let seed = UInt64(50_000 + batch * 1000 + i)
            var generator = ProgramGenerator(seed: seed)
            let statements = generator.statementList(2 + i % 14, single: true)
            let all = Session(), twin = Session()
            var allOutput: [String] = [], twinOutput: [String] = []
            all.output = { allOutput.append($0) }
            twin.output = { twinOutput.append($0) }
            var succeeded: [String] = [], kept: [String] = []
            var interrupted = false
            for statement in statements {
                let mark = allOutput.count
                do {
                    try withTimeLimit(all) { try all.run(statement) }
                    succeeded.append(statement)
                    kept += allOutput[mark...]
                } catch let error as ScenarioError {
                    interrupted = interrupted || error.diagnostics.contains { $0.message == "interrupted" }
                }
            }
            if interrupted { continue }
            for statement in succeeded {
                do {
                    try twin.run(statement)
                } catch {
                    Issue.record("seed \(seed): '\(statement)' ran in the session with failures but not without:\n\(error)\n\(statements.joined(separator: "\n"))")
                }
            }
            let program = statements.joined(separator: "\n")
            #expect(all.stateJSON(output: []) == twin.stateJSON(output: []), "seed \(seed):\n\(program)")
            #expect(all.definedNames == twin.definedNames, "seed \(seed):\n\(program)")
            #expect(all.reportLines == twin.reportLines, "seed \(seed):\n\(program)")
            #expect(all.timelineLines == twin.timelineLines, "seed \(seed):\n\(program)")
            #expect(kept == twinOutput, "seed \(seed):\n\(program)")
            for probe in ["(FY2026).start", "mean(normal(0, 1))", "[a, b, total, price, xs]", "cursor.price"] {
                #expect(describe { try all.evaluate(probe) } == describe { try twin.evaluate(probe) },
                        "seed \(seed): \(probe)\n\(program)")
            }
        }
    }

    // MARK: Printing and reading back

    /// The printed form of a value (as the REPL echoes it) reads back as a
    /// value that prints the same, and that equals the original within
    /// the rounding of the display. Every kind of value that has a literal
    /// form is generated, with no exclusions (issue 14): money with
    /// thousands separators (`$1,250`, `1,250 CHF`), numbers in exponent
    /// form, percents under 1%, and periods shifted off their shape, which
    /// print as `2026-07-11..2026-10-10`, and records. (Entities, functions and
    /// uncertain values print a name or a summary, not a literal.)
    @Test(arguments: 0..<4)
    func printedValuesReadBack(_ batch: Int) throws {
        var generator = ValueGenerator(seed: UInt64(90_000 + batch))
        let session = Session()
        for _ in 0..<400 {
            let value = generator.value()
            let text = value.echoDescription
            let back: Value
            do {
                back = try session.evaluate(text)
            } catch {
                Issue.record("\(value) printed as \(text), which does not read back:\n\(error)")
                continue
            }
            #expect(back.echoDescription == text, "\(text) reads back as \(back.echoDescription)")
            #expect(ValueGenerator.close(value, back), "\(text): \(value) reads back as \(back)")
        }
    }

    // MARK: Helpers

    private func describe(_ body: () throws -> Value) -> String {
        do { return try body().echoDescription } catch { return "error: \(error)" }
    }
}

/// Interrupts `session` if `body` runs longer than `seconds` (generated
/// programs are small, but a random recursion may be exponential).
func withTimeLimit<T>(_ session: Session, seconds: Double = 5, _ body: () throws -> T) rethrows -> T {
    let handle = session.interruptHandle
    let finished = DispatchSemaphore(value: 0)
    let watcher = Thread {
        // Keep interrupting once late: a run clears the flag when it starts.
        var late = finished.wait(timeout: .now() + seconds) == .timedOut
        while late {
            handle.interrupt()
            late = finished.wait(timeout: .now() + 0.01) == .timedOut
        }
    }
    watcher.start()
    defer { finished.signal() }
    return try body()
}

/// Random values of every printable type, with parts chosen so that their
/// printed forms cover the formatter's cases (suffixes, cents, exponents,
/// escapes, nesting).
struct ValueGenerator {
    var rng: SeededGenerator

    init(seed: UInt64) {
        rng = SeededGenerator(seed: seed)
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    mutating func value(depth: Int = 0) -> Value {
        switch int(0...(depth < 2 ? 11 : 9)) {
        case 0, 1: return .number(magnitude())
        case 2: return .money(magnitude(), currency: ["USD", "EUR", "GBP", "JPY", "CHF", "CAD"][int(0...5)])
        case 3: return .percent(fraction())
        case 4: return .points(fraction())
        case 5:
            return .date(CalendarDate(year: int(1...9999), month: int(1...12), day: int(1...28)) ?? CalendarDate(dayNumber: 0))
        case 6: return .period(period())
        case 7: return .duration(duration())
        case 8: return .string(string())
        case 9: return .bool(int(0...1) == 0)
        case 10: return .list((0..<int(0...4)).map { _ in value(depth: depth + 1) })
        default:
            // Records (SPEC §22), field names including a statement word and a Unicode one.
            let names = ["a", "price", "p", "close", "deal", "x_1", "nestlé"].shuffled(using: &rng)
            let count = int(1...4)
            return .record(Record(names: Array(names.prefix(count)),
                                  values: (0..<count).map { _ in value(depth: depth + 1) }))
        }
    }

    /// Whole numbers, decimals and huge and tiny magnitudes, either sign.
    private mutating func magnitude() -> Double {
        let sign: Double = int(0...3) == 0 ? -1 : 1
        switch int(0...6) {
        case 0: return sign * Double(int(0...1_000_000))
        case 1: return sign * Double(int(0...100_000)) / 100
        case 6: return sign * Double(int(0...99_999_999)) / 100  // 12345.67: integer digits kept, $12,345.67
        case 2: return sign * Double.random(in: 0..<1, using: &rng)
        case 3: return sign * pow(10, Double.random(in: 6..<18, using: &rng))
        case 4: return sign * pow(10, Double.random(in: 18..<300, using: &rng))
        default: return sign * pow(10, Double.random(in: -12 ..< -1, using: &rng))
        }
    }

    private mutating func fraction() -> Double {
        switch int(0...3) {
        case 0: return Double(int(-10_000...10_000)) / 10_000
        case 1: return Double.random(in: -2...2, using: &rng)
        case 2: return (int(0...3) == 0 ? -1 : 1) * pow(10, Double.random(in: -9 ..< -2, using: &rng))  // under 1%
        default: return Double(int(0...100)) / 100
        }
    }

    /// A period of every shape, and (one time in four) one shifted by some
    /// days, as arithmetic makes it: usually an arbitrary span of days.
    private mutating func period() -> Period {
        let year = int(1...9998), month = int(1...12)
        let part = [PeriodPart.early, .mid, .late][int(0...2)]
        let literal: PeriodLiteral
        switch int(0...5) {
        case 0: literal = .quarter(int(1...4), year: year)
        case 1: literal = .half(int(1...2), year: year)
        case 2: literal = .month(month, year: year)
        case 3: literal = .partOfMonth(part, month: month, year: year)
        case 4: literal = .partOfYear(part, year: year)
        default: literal = .fiscalYear(year)
        }
        let period = Period(literal)
        guard int(0...3) == 0 else { return period }
        return CalendarMath.shift(period, by: CalendarDuration(days: int(-40...40))) ?? period
    }

    private mutating func duration() -> CalendarDuration {
        let sign = int(0...3) == 0 ? -1 : 1
        switch int(0...2) {
        case 0: return CalendarDuration(days: sign * int(0...5000))
        case 1: return CalendarDuration(months: sign * int(0...500))
        default: return CalendarDuration(months: sign * int(0...100), days: sign * int(0...400))
        }
    }

    private mutating func string() -> String {
        let pieces = ["a", "Z", " ", "\"", "\\", "\n", "\t", "{", "}", "{x}", "€", "ü", "日本", "🙂", "#", "pp", "%", "$5"]
        return (0..<int(0...6)).map { _ in pieces[int(0...pieces.count - 1)] }.joined()
    }

    /// Equal, with numbers within the display's rounding: 4 significant
    /// digits for numbers, cents or 2 decimals of the suffix for money,
    /// 2 decimals of a percent.
    static func close(_ a: Value, _ b: Value) -> Bool {
        func near(_ x: Double, _ y: Double, relative: Double, absolute: Double = 0) -> Bool {
            x == y || abs(x - y) <= max(absolute, relative * max(abs(x), abs(y)))
        }
        switch (a, b) {
        case (.number(let x), .number(let y)): return near(x, y, relative: 5.001e-4)
        case (.money(let x, let c), .money(let y, let d)): return c == d && near(x, y, relative: 5.001e-3, absolute: 0.005)
        case (.percent(let x), .percent(let y)), (.points(let x), .points(let y)):
            // 2 decimals of a percent, or 2 significant digits under 1%.
            return near(x, y, relative: abs(x) < 0.01 ? 0.05001 : 1e-12, absolute: abs(x) < 0.01 ? 0 : 0.5001e-4)
        case (.list(let xs), .list(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { close($0, $1) }
        case (.record(let r), .record(let s)):
            return r.names == s.names && zip(r.values, s.values).allSatisfy { close($0, $1) }
        default:
            return a == b
        }
    }
}
