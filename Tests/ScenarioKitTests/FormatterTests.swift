import Foundation
import Testing
@testable import ScenarioKit

@Suite struct FormatterTests {
    // MARK: Numbers

    @Test(arguments: [
        (42.0, "42"), (120_000, "120000"), (-7, "-7"), (0, "0"), (-0.0, "0"), (1, "1"),
        (999_999, "999999"), (0.25, "0.25"), (0.5, "0.5"), (1.0 / 6, "0.1667"), (.pi, "3.142"),
        (12.345, "12.35"), (1234.5, "1235"), (0.00012345, "0.0001235"), (-3.14159, "-3.142"),
        (0.1 + 0.2, "0.3"), (2.9999999999999996, "3"), (0.125, "0.125"), (1.00005, "1"),
        (9.9995, "10"), (99.995, "100"), (-0.00001, "-0.00001"), (1e-20, "0.00000000000000000001"),
        // Revised December: never fewer digits than the integer part (were 12350, 123500, 1M).
        (12_345.6, "12346"), (123_456.7, "123457"), (999_999.4, "999999"), (123_449.99999999999, "123450"),
        (999_999.5, "1M"), (1e6, "1M"), (1.5e12, "1.5T"), (1_234_500, "1.235M"), (1_234_499, "1.234M"),
        (6e10, "60B"), (5e11, "500B"), (999_900_000, "999.9M"), (999_949_999, "999.9M"),
        (999_950_000, "1B"), (999_950_000_000, "1T"), (-1.5e12, "-1.5T"), (-2_500_000, "-2.5M"),
        // Revised December: an exponent from 1e15 (were 1500T, 12350T).
        (1.5e15, "1.5e15"), (1.23456e16, "1.235e16"), (1e17, "1e17"), (2.5e15, "2.5e15"), (999.96e12, "1e15"),
        (999.9e12, "999.9T"), (1.5e20, "1.5e20"), (1e300, "1e300"),
        (-2.5e19, "-2.5e19"), (9.99996e20, "1e21"), (9_999_500, "10M"), (10_000_000, "10M"),
        (59_470_000_000, "59.47B"), (1e9, "1B"), (1_000_500_000, "1.001B"),
        (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
    ] as [(Double, String)])
    func numbers(_ x: Double, _ expected: String) {
        #expect(ValueFormatter.number(x) == expected)
        #expect(Value.number(x).description == expected)
    }

    // MARK: Money

    @Test(arguments: [
        (60e9, "$60B"), (1.5e12, "$1.5T"), (12.345e9, "$12.35B"), (12.344e9, "$12.34B"),
        (950e3, "$950K"), (100e3, "$100K"), (1_250, "$1,250"), (10.5, "$10.50"),
        (99_999.99, "$99,999.99"), (0, "$0"), (-0.0, "$0"), (-10e9, "-$10B"), (0.5, "$0.50"),
        (0.125, "$0.13"), (1.005, "$1.01"), (0.004, "$0"), (-0.004, "$0"), (0.005, "$0.01"),
        (999_995, "$1M"), (999_994, "$999.99K"), (99_999.995, "$100K"), (99_999.994, "$99,999.99"),
        (1_000_000, "$1M"), (1_234_567, "$1.23M"), (1_235_000, "$1.24M"), (123_456, "$123.46K"),
        (999_995_000_000, "$1T"), (1.5e15, "$1.5e15"), (999.999e12, "$1e15"), (1e20, "$1e20"), (-3e25, "-$3e25"), (12_345.678, "$12,345.68"), (1_000, "$1,000"),
        (999, "$999"), (-1_250.5, "-$1,250.50"), (10_000_000_000, "$10B"), (50e9, "$50B"),
    ] as [(Double, String)])
    func dollars(_ amount: Double, _ expected: String) {
        #expect(ValueFormatter.money(amount, currency: "USD") == expected)
        #expect(Value.money(amount, currency: "USD").description == expected)
    }

    @Test func otherCurrencies() {
        #expect(ValueFormatter.money(5e6, currency: "EUR") == "€5M")
        #expect(ValueFormatter.money(5e6, currency: "GBP") == "£5M")
        #expect(ValueFormatter.money(5e6, currency: "JPY") == "¥5M")
        #expect(ValueFormatter.money(-5e6, currency: "EUR") == "-€5M")
        #expect(ValueFormatter.money(5e6, currency: "CHF") == "5M CHF")
        #expect(ValueFormatter.money(-5e6, currency: "CHF") == "-5M CHF")
        #expect(ValueFormatter.money(1_250, currency: "CHF") == "1,250 CHF")
        #expect(ValueFormatter.money(10.5, currency: "CAD") == "10.50 CAD")
        #expect(ValueFormatter.money(.nan, currency: "USD") == "$nan")
        #expect(ValueFormatter.money(-.infinity, currency: "USD") == "-$inf")
    }

    // MARK: Percent and points

    @Test(arguments: [
        (0.876, "87.6%"), (1.0 / 6, "16.67%"), (1, "100%"), (-0.05, "-5%"), (0, "0%"), (-0.0, "0%"),
        (0.00125, "0.13%"), (0.001249, "0.12%"),
        // Revised December: below 1%, 2 significant digits (-0.00001 was 0%).
        (-0.00001, "-0.001%"), (0.0048, "0.48%"), (0.000048, "0.0048%"), (0.00004, "0.004%"), (0.00996, "1%"), (0.1 + 0.2, "30%"),
        (0.87599999999, "87.6%"), (2.5, "250%"), (0.999999, "100%"), (0.12345, "12.35%"),
    ] as [(Double, String)])
    func percents(_ fraction: Double, _ expected: String) {
        #expect(ValueFormatter.percent(fraction) == expected)
        #expect(Value.percent(fraction).description == expected)
    }

    @Test func points() {
        #expect(ValueFormatter.points(0.126) == "12.6pp")
        #expect(ValueFormatter.points(0.876 - 0.75) == "12.6pp")
        #expect(ValueFormatter.points(-0.03) == "-3pp")
        #expect(ValueFormatter.points(0) == "0pp")
        #expect(Value.points(0.126).description == "12.6pp")
    }

    // MARK: Other values

    @Test func calendarValues() throws {
        let date = try #require(CalendarDate(year: 2026, month: 5, day: 25))
        #expect(Value.date(date).description == "2026-05-25")
        #expect(Value.period(Period(.quarter(3, year: 2026))).description == "Q3 2026")
        #expect(Value.period(Period(.partOfMonth(.mid, month: 6, year: 2026))).description == "mid-June 2026")
        #expect(Value.duration(CalendarDuration(days: 45)).description == "45 days")
        #expect(Value.duration(CalendarDuration(months: 12)).description == "1 year")
    }

    @Test func stringsBoolsListsEntitiesFunctions() {
        #expect(Value.string("a \"b\"").description == "a \"b\"")
        #expect(Value.string("x").echoDescription == "\"x\"")
        #expect(Value.bool(true).description == "true")
        #expect(Value.bool(false).description == "false")
        #expect(Value.list([.number(1), .number(2), .money(5e9, currency: "USD")]).description == "[1, 2, $5B]")
        #expect(Value.list([.string("a"), .string("b")]).description == "[\"a\", \"b\"]")
        #expect(Value.list([]).description == "[]")
        #expect(Value.list([.list([.number(1)]), .list([])]).description == "[[1], []]")
        #expect(Value.entity(EntityRef(kind: .deal, name: "cursor", id: 1)).description == "deal cursor")
        #expect(Value.function(FunctionValue(name: "f", parameters: ["x", "y"])).description == "fn f(x, y)")
        #expect(Value.function(FunctionValue(name: "fn", parameters: ["x"])).description == "fn(x)")
        #expect(Value.function(FunctionValue(name: "g", parameters: [])).description == "fn g()")
    }

    @Test func quoting() {
        #expect(ValueFormatter.quoted("x") == "\"x\"")
        #expect(ValueFormatter.quoted("a \"b\"\n") == #""a \"b\"\n""#)
        #expect(ValueFormatter.quoted("back\\slash\ttab") == #""back\\slash\ttab""#)
        #expect(ValueFormatter.quoted("{gap}") == #""\{gap}""#)  // reads back as a string (issue 8)
        #expect(ValueFormatter.quoted("") == "\"\"")
        #expect(ValueFormatter.quoted("€ é 🙂") == "\"€ é 🙂\"")
        #expect(Value.string("a\nb").echoDescription == #""a\nb""#)
    }

    @Test func typeNames() throws {
        let date = try #require(CalendarDate(year: 2026, month: 5, day: 25))
        let values: [(Value, String)] = [
            (.number(1), "a number"), (.money(1, currency: "USD"), "money"), (.percent(0.1), "a percent"),
            (.points(0.1), "points"), (.date(date), "a date"), (.period(Period(.fiscalYear(2026))), "a period"),
            (.duration(CalendarDuration(days: 1)), "a duration"), (.string(""), "a string"),
            (.bool(true), "a boolean"), (.list([]), "a list"),
            (.uncertain(SampleSet(samples: [1], dimension: .number)), "an uncertain value"),
            (.function(FunctionValue(name: "f", parameters: [])), "a function"),
        ]
        for (value, name) in values { #expect(value.typeName == name) }
        for kind in EntityKind.allCases {
            #expect(Value.entity(EntityRef(kind: kind, name: "x", id: 0)).typeName == "a \(kind.rawValue)")
        }
    }

    // MARK: Uncertain values

    @Test func percentilesInterpolateLinearly() {
        let xs: [Double] = [1, 2, 3, 4]
        #expect(ReferenceStatistics.percentile(sorted: xs, p: 0) == 1)
        #expect(ReferenceStatistics.percentile(sorted: xs, p: 1) == 4)
        #expect(ReferenceStatistics.percentile(sorted: xs, p: 0.5) == 2.5)
        #expect(abs(ReferenceStatistics.percentile(sorted: xs, p: 0.05) - 1.15) < 1e-12)
        #expect(abs(ReferenceStatistics.percentile(sorted: xs, p: 0.95) - 3.85) < 1e-12)
        #expect(ReferenceStatistics.percentile(sorted: [7], p: 0.3) == 7)
        #expect(ReferenceStatistics.percentile(sorted: [], p: 0.5).isNaN)
        let hundred = (0...100).map(Double.init)
        #expect(ReferenceStatistics.percentile(sorted: hundred, p: 0.05) == 5)
        #expect(abs(ReferenceStatistics.percentile(sorted: hundred, p: 0.955) - 95.5) < 1e-9)
    }

    /// 101 samples whose 5th and 95th percentiles (ranks 5 and 95) and mean are chosen.
    private func samples(low: Double, mean: Double, high: Double) -> [Double] {
        var xs = [Double](repeating: low, count: 6) + [Double](repeating: high, count: 6)
        let middle = (mean * 101 - xs.reduce(0, +)) / 89
        xs += [Double](repeating: middle, count: 89)
        var rng = SeededGenerator(seed: 1)
        return xs.shuffled(using: &rng)
    }

    @Test func uncertainNumbersAndMoney() {
        let xs = samples(low: 50.02e9, mean: 59.47e9, high: 69.95e9)
        #expect(Value.uncertain(SampleSet(samples: xs, dimension: .number)).description
                    == "~59.47B (90% CI 50.02B to 69.95B)")
        #expect(Value.uncertain(SampleSet(samples: xs, dimension: .money(currency: "USD"))).description
                    == "~$59.47B (90% CI $50.02B to $69.95B)")
        #expect(Value.uncertain(SampleSet(samples: xs, dimension: .money(currency: "CHF"))).description
                    == "~59.47B CHF (90% CI 50.02B CHF to 69.95B CHF)")
        let ps = samples(low: 0.6, mean: 0.75, high: 0.9)
        #expect(Value.uncertain(SampleSet(samples: ps, dimension: .percent)).description == "~75% (90% CI 60% to 90%)")
        #expect(Value.uncertain(SampleSet(samples: ps, dimension: .points)).description == "~75pp (90% CI 60pp to 90pp)")
    }

    @Test func uncertainDaysDatesAndBooleans() throws {
        let ds = samples(low: 30.4, mean: 44.6, high: 59.5)
        #expect(Value.uncertain(SampleSet(samples: ds, dimension: .days)).description
                    == "~45 days (90% CI 30 days to 60 days)")
        let start = try #require(CalendarDate(year: 2026, month: 7, day: 1)).dayNumber
        let dates = samples(low: Double(start) - 0.4, mean: Double(start + 30) + 0.2, high: Double(start + 91) + 0.5)
        #expect(Value.uncertain(SampleSet(samples: dates, dimension: .date)).description
                    == "~2026-07-31 (90% CI 2026-07-01 to 2026-10-01)")
        let bools = [Double](repeating: 1, count: 3) + [Double](repeating: 0, count: 7)
        #expect(Value.uncertain(SampleSet(samples: bools, dimension: .bool)).description == "~30% true")
        #expect(Value.uncertain(SampleSet(samples: [], dimension: .number)).description == "~(no samples)")
        #expect(Value.uncertain(SampleSet(samples: [], dimension: .bool)).description == "~(no samples)")
        #expect(Value.uncertain(SampleSet(samples: [5], dimension: .number)).description == "5")  // one value: certain
        #expect(Value.uncertain(SampleSet(samples: [1, 1], dimension: .bool)).description == "true")
        #expect(Value.uncertain(SampleSet(samples: [5, 6], dimension: .number)).description == "~5.5 (90% CI 5.05 to 5.95)")
        #expect(Value.uncertain(SampleSet(samples: [1e300, .nan], dimension: .days)).description.contains("days"))
    }

    // MARK: Rounding properties

    /// Against a reference: the formatter's two-decimal rounding of x equals
    /// rounding the exact decimal text with Foundation's Decimal, half up on
    /// the magnitude.
    @Test func twoDecimalRoundingMatchesDecimalArithmetic() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<5_000 {
            let cents = Double(Int.random(in: 0..<10_000_000, using: &rng))
            let x = (cents + [0.5, 0.49, 0.51, 0.25, 0.125, 0.999].randomElement(using: &rng)!) / 1000
            guard x < 99_999 else { continue }
            var exact = Decimal(string: x.description) ?? 0
            var rounded = Decimal()
            NSDecimalRound(&rounded, &exact, 2, .plain)
            let text = ValueFormatter.money(x, currency: "USD")
            let body = text.dropFirst().replacingOccurrences(of: ",", with: "")
            #expect(text.hasPrefix("$") && Decimal(string: body) == rounded, "x = \(x) printed \(text)")
            #expect(body.contains(".") == (rounded != rounded.rounded0), "x = \(x) printed \(text)")
            if let dot = body.firstIndex(of: ".") { #expect(body[dot...].count == 3) }
        }
    }

    @Test func displayDecimalRoundsTextHalfAwayFromZero() throws {
        func r(_ x: Double, _ decimals: Int) throws -> String {
            let d = try #require(DisplayDecimal(x)).rounded(decimals: decimals)
            return (d.isNegative && !d.isZero ? "-" : "") + d.fixed()
        }
        #expect(try r(0.125, 2) == "0.13")
        #expect(try r(-0.125, 2) == "-0.13")
        #expect(try r(1.005, 2) == "1.01")
        #expect(try r(2.675, 2) == "2.68")
        #expect(try r(0.5, 0) == "1")
        #expect(try r(-0.5, 0) == "-1")
        #expect(try r(0.49, 0) == "0")
        #expect(try r(9.995, 2) == "10")
        #expect(try r(0.0004, 3) == "0")
        #expect(try r(0.0005, 3) == "0.001")
        #expect(try r(1234.5, -1) == "1230")
        #expect(try r(1235, -1) == "1240")
        #expect(try r(1e21, 0) == "1000000000000000000000")
        #expect(try r(123.456, 5) == "123.456")
        #expect(DisplayDecimal(.nan) == nil)
        let big = try #require(DisplayDecimal(12_345_678))
        #expect(big.fixed(grouping: true) == "12,345,678")
        #expect(try #require(DisplayDecimal(1_234.5)).fixed(minimumDecimals: 2, grouping: true) == "1,234.50")
    }

    @Test func numbersNeverShowMoreThanFourSignificantDigitsWithASuffix() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<5_000 {
            let x = Double.random(in: 1e6..<1e15, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
            let text = ValueFormatter.number(x)
            guard let suffix = text.last, "MBT".contains(suffix) else {
                Issue.record("\(x) printed \(text)"); continue
            }
            let digits = text.filter(\.isNumber).drop { $0 == "0" }
            #expect(digits.count <= 4 || !text.contains("."), "\(x) printed \(text)")
            let mantissa = Double(text.dropLast().replacingOccurrences(of: "-", with: "")) ?? -1
            #expect(mantissa >= 1 && mantissa < 1000, "\(x) printed \(text)")
            let scale: Double = suffix == "M" ? 1e6 : suffix == "B" ? 1e9 : 1e12
            #expect(abs(mantissa * scale - abs(x)) <= abs(x) * 5e-4 + 1, "\(x) printed \(text)")
        }
    }

    @Test func moneyStaysCloseToItsValue() {
        var rng = SeededGenerator(seed: 6)
        for _ in 0..<5_000 {
            let x = exp(Double.random(in: 0..<35, using: &rng))
            let text = ValueFormatter.money(x, currency: "USD")
            #expect(text.hasPrefix("$"))
            var body = text.dropFirst().replacingOccurrences(of: ",", with: "")
            var scale = 1.0
            if body.contains("e") {  // from $1e15, an exponent with 4 significant digits
                #expect(x >= 999.995e12, "\(x) printed \(text)")
                #expect(abs((Double(body) ?? -1) - x) <= 5e-4 * x, "\(x) printed \(text)")
                continue
            }
            if let s = body.last, let power = ["K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12][String(s)] {
                scale = power
                body.removeLast()
                #expect(x >= 99_999.995)
                #expect(!body.contains(".") || body.split(separator: ".")[1].count <= 2)
            } else {
                #expect(x < 100_000)
                #expect(!body.contains(".") || body.split(separator: ".")[1].count == 2)
            }
            let shown = (Double(body) ?? -1) * scale
            #expect(abs(shown - x) <= 0.005 * scale + 1e-9 * x, "\(x) printed \(text)")
        }
    }
}

private extension Decimal {
    var rounded0: Decimal {
        var copy = self
        var result = Decimal()
        NSDecimalRound(&result, &copy, 0, .plain)
        return result
    }
}
