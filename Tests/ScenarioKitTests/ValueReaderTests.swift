import Foundation
import Testing
import ScenarioKit

/// The typed readers of `Value` and `SampleSet` (SPEC §12, "First-class
/// embedding"), through the public API only: each against a computation
/// written here from its documented definition, and against what the
/// language itself prints and writes to `--json`, which must agree digit
/// for digit.
@Suite struct ValueReaderTests {
    /// A session with `x = normal(100, 15)` and more, at a fixed seed.
    static func session() throws -> Session {
        let session = Session()
        session.output = { _ in }
        try session.run("""
            set seed 7
            let x = normal(100, 15)
            let cost = $50B to $70B
            let c = chance(30%)
            let d = 2026-01-01 + uniform(30 days, 90 days)
            """)
        return session
    }

    /// The mean by plain arithmetic, in order.
    static func plainMean(_ xs: [Double]) -> Double {
        xs.reduce(0, +) / Double(xs.count)
    }

    /// Sort, then interpolate linearly between the samples at ranks
    /// floor(p(n-1)) and the next, as `percentile` is documented.
    static func sortedPercentile(_ xs: [Double], _ p: Double) -> Double {
        let sorted = xs.sorted()
        let rank = p * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let weight = rank - Double(lower)
        guard weight > 0, lower + 1 < sorted.count else { return sorted[lower] }
        return sorted[lower] + weight * (sorted[lower + 1] - sorted[lower])
    }

    @Test func meanAgreesWithArithmeticAndWithTheLanguage() throws {
        let session = try Self.session()
        let set = try #require(try session.evaluate("x").samples)
        #expect(set.dimension == .number)
        #expect(set.samples.count == 10_000)
        let plain = Self.plainMean(set.samples)
        #expect(abs(set.mean - plain) <= 1e-12 * abs(plain))
        // Exactly what `mean(x)` gives, and the closed form within 4 standard errors.
        #expect(set.mean == (try session.evaluate("mean(x)").double))
        #expect(abs(set.mean - 100) < 4 * 15 / 100)
    }

    @Test func percentilesAreSortAndInterpolate() throws {
        let session = try Self.session()
        let set = try #require(try session.evaluate("x").samples)
        for p in [0, 0.05, 0.25, 0.5, 0.95, 0.999, 1] {
            #expect(set.percentile(p) == Self.sortedPercentile(set.samples, p), "p = \(p)")
        }
        #expect(set.median == Self.sortedPercentile(set.samples, 0.5))
        #expect(set.percentile(0.95) == (try session.evaluate("percentile(x, 95%)").double))
        #expect(set.percentile(0.05) == (try session.evaluate("percentile(x, 5%)").double))
        #expect(set.median == (try session.evaluate("median(x)").double))
        // Outside 0...1, p is taken as its nearest end.
        #expect(set.percentile(1.5) == set.samples.max())
        #expect(set.percentile(-1) == set.samples.min())
    }

    @Test func sdIsThePopulationSD() throws {
        let session = try Self.session()
        let set = try #require(try session.evaluate("x").samples)
        let mean = Self.plainMean(set.samples)
        let plain = (set.samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(set.samples.count)).squareRoot()
        #expect(abs(set.sd - plain) <= 1e-9 * plain)
        #expect(set.sd == (try session.evaluate("sd(x)").double))
        #expect(abs(set.sd - 15) < 0.5)
        #expect(SampleSet(samples: [4], dimension: .number).sd == 0)
    }

    /// The printed form and `--json` show the same mean and 90% interval.
    @Test func summariesAgreeWithThePrintedFormAndJSON() throws {
        let session = try Self.session()
        for name in ["x", "cost"] {
            let value = try session.evaluate(name)
            let set = try #require(value.samples)
            let shown = { (x: Double) -> String in
                if case .money(let currency) = set.dimension { return Value.money(x, currency: currency).description }
                return Value.number(x).description
            }
            #expect(value.description
                        == "~\(shown(set.mean)) (90% CI \(shown(set.percentile(0.05))) to \(shown(set.percentile(0.95))))")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(value.json.utf8)) as? [String: Any])
            #expect(json["mean"] as? Double == set.mean)
            #expect(json["p5"] as? Double == set.percentile(0.05))
            #expect(json["p95"] as? Double == set.percentile(0.95))
        }
        let cost = try #require(try session.evaluate("cost").samples)
        #expect(cost.dimension == .money(currency: "USD"))
        #expect(cost.mean == (try session.evaluate("mean(cost)").money?.amount))
    }

    @Test func probabilityOfABooleanSet() throws {
        let session = try Self.session()
        let set = try #require(try session.evaluate("c").samples)
        let p = try #require(set.probability)
        let n = Double(set.samples.count)
        #expect(abs(p - 0.3) < 4 * (0.3 * 0.7 / n).squareRoot())
        #expect(p == Double(set.samples.filter { $0 != 0 }.count) / n)
        #expect(p == (try session.evaluate("prob(c)").double))
        #expect(try session.evaluate("x").samples?.probability == nil)
        #expect(try session.evaluate("prob(x > 100)").double == session.evaluate("x > 100").samples?.probability)
    }

    @Test func datesOfAnUncertainDate() throws {
        let session = try Self.session()
        let set = try #require(try session.evaluate("d").samples)
        #expect(set.dimension == .date)
        let dates = try #require(set.dates)
        #expect(dates.count == set.samples.count)
        let first = try #require(CalendarDate(year: 2026, month: 1, day: 31))
        let last = try #require(CalendarDate(year: 2026, month: 4, day: 1))
        #expect(dates.allSatisfy { $0 >= first && $0 <= last })
        // Day numbers count from 1970-01-01.
        let epoch = try #require(CalendarDate(year: 1970, month: 1, day: 1))
        #expect(epoch.dayNumber == 0)
        for (date, sample) in zip(dates, set.samples) {
            #expect(date.dayNumber == Int(sample.rounded()))
        }
        // `median(d)` is the median day number, rounded to a day.
        #expect(try session.evaluate("median(d)").date?.dayNumber == Int(set.median.rounded()))
        #expect(try session.evaluate("mean(d)").date?.dayNumber == Int(set.mean.rounded()))
        #expect(try session.evaluate("x").samples?.dates == nil)
    }

    @Test func plainReaders() throws {
        let session = Session()
        #expect(try session.evaluate("12.5%").double == 0.125)
        #expect(try session.evaluate("87.6% - 75%").double.map { abs($0 - 0.126) < 1e-12 } == true)
        #expect(try session.evaluate("$60B").double == 60e9)
        #expect(try session.evaluate("1.5T").double == 1.5e12)
        #expect(try session.evaluate("42").double == 42)
        #expect(try session.evaluate("2026-05-25").double == nil)
        #expect(try session.evaluate("\"42\"").double == nil)
        #expect(try session.evaluate("3 months").double == nil)

        let money = try #require(try session.evaluate("$60B").money)
        #expect(money.amount == 60e9 && money.currency == "USD")
        #expect(try session.evaluate("5M EUR").money?.currency == "EUR")
        #expect(try session.evaluate("60B").money == nil)

        let date = try #require(try session.evaluate("2026-05-25").date)
        #expect(date.year == 2026 && date.month == 5 && date.day == 25)
        #expect(try session.evaluate("2026-05-25 + 10 days").date?.day == 4)
        #expect(try session.evaluate("Q3 2026").date == nil)

        #expect(try session.evaluate("42").samples == nil)
        // Uncertain values have no plain reading, even when every sample agrees.
        try session.run("let u = normal(0, 1)")
        #expect(try session.evaluate("u").double == nil)
        #expect(try session.evaluate("u - u").double == nil)
        #expect(try session.evaluate("u - u").samples?.constant == 0)
    }

    @Test func isCloseIsTheLanguagesEquality() throws {
        let session = Session()
        func close(_ a: String, _ b: String) throws -> Bool {
            try session.evaluate(a).isClose(to: session.evaluate(b))
        }
        #expect(try close("0.1 + 0.2", "0.3"))
        #expect(try session.evaluate("0.1 + 0.2") != session.evaluate("0.3"))
        #expect(try close("$121B / 1.21", "$100B"))
        #expect(try session.evaluate("$60B * 80% + $10B * 20%").isClose(to: .money(50e9, currency: "USD")))
        #expect(try close("0.05", "5%"))
        #expect(try close("10% - 3%", "7%"))
        #expect(try close("2026-05-25", "2026-05-24 + 1 day"))
        #expect(try close("[1, 0.1 + 0.2]", "[1, 0.3]"))
        #expect(try !close("1", "1.001"))
        #expect(try !close("[1, 2]", "[1, 2, 3]"))
        // Where `==` is an error (dimensions that do not mix), false.
        #expect(throws: ScenarioError.self) { try session.evaluate("$1 == 1") }
        #expect(try !close("$1", "1"))
        #expect(try !close("5M EUR", "5M USD"))
        #expect(try !close("7pp", "7 days"))
        // Each agrees with `==` where `==` answers.
        for (a, b) in [("0.1 + 0.2", "0.3"), ("1", "1.001"), ("$121B / 1.21", "$100B"), ("\"a\"", "\"a\"")] {
            #expect(try close(a, b) == (session.evaluate("\(a) == \(b)") == .bool(true)))
        }
        // Uncertain values are close when they are the same samples.
        try session.run("set seed 3; let u = normal(0, 1)")
        #expect(try close("u", "u"))
        #expect(try !close("u", "u + 1"))
        #expect(try !close("u", "0"))
    }
}
