// Typed readers checked against computations made here, independently of
// ScenarioKit's statistics: plain arithmetic over the samples it returns.
import ScenarioKit
import Testing

@Suite struct ReaderTests {
    @Test func plainValues() throws {
        let session = Session()
        #expect(try session.evaluate("12.5%").double == 0.125)
        #expect(try session.evaluate("3pp").double == 0.03)
        #expect(try session.evaluate("$60B").double == 60e9)
        #expect(try session.evaluate("€2.5M").money?.currency == "EUR")
        #expect(try session.evaluate("\"text\"").double == nil)
        let date = try #require(try session.evaluate("2026-05-25 + 10 days").date)
        #expect((date.year, date.month, date.day) == (2026, 6, 4))
        // The language's == is relative to 1e-9; Value's own == is exact.
        let sum = try session.evaluate("0.1 + 0.2")
        #expect(sum != .number(0.3))
        #expect(sum.isClose(to: .number(0.3)))
        #expect(!sum.isClose(to: .money(0.3, currency: "USD")))
    }

    @Test func sampleStatisticsAgreeWithPlainArithmetic() throws {
        let session = Session()
        try session.run("set seed 7\nset samples 20000\nlet x = normal(100, 15)")
        let set = try #require(try session.evaluate("x").samples)
        let xs = set.samples
        #expect(xs.count == 20000)
        let mean = xs.reduce(0, +) / Double(xs.count)
        #expect(abs(set.mean - mean) <= 1e-9 * abs(mean))
        // The population standard deviation (divides by n), as the
        // language's `sd` and numpy's default.
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
        #expect(abs(set.sd - variance.squareRoot()) <= 1e-9 * variance.squareRoot())
        // Normal(100, 15): the mean within 4 standard errors.
        #expect(abs(mean - 100) < 4 * 15 / Double(xs.count).squareRoot())
        // The readers are the language's own numbers, digit for digit.
        #expect(try session.evaluate("mean(x)").double == set.mean)
        #expect(try session.evaluate("percentile(x, 95%)").double == set.percentile(0.95))
        #expect(try session.evaluate("percentile(x, 50%)").double == set.median)
        // The 95th percentile lies between the order statistics around it.
        let sorted = xs.sorted()
        let rank = 0.95 * Double(xs.count - 1)
        let p95 = set.percentile(0.95)
        #expect(sorted[Int(rank.rounded(.down))] <= p95 && p95 <= sorted[Int(rank.rounded(.up))])
    }

    @Test func probabilityOfABooleanSet() throws {
        let session = Session()
        try session.run("set seed 11\nset samples 40000")
        let set = try #require(try session.evaluate("chance(30%)").samples)
        let p = try #require(set.probability)
        let trues = Double(set.samples.filter { $0 != 0 }.count) / Double(set.samples.count)
        #expect(p == trues)
        // Binomial: within 4 standard errors of 30%.
        #expect(abs(p - 0.3) < 4 * (0.3 * 0.7 / 40000).squareRoot())
        #expect(try session.evaluate("prob(chance(30%))").double != nil)
    }

    @Test func uncertainDatesReadAsDates() throws {
        let session = Session()
        let set = try #require(try session.evaluate("2026-01-01 + uniform(30 days, 90 days)").samples)
        let dates = try #require(set.dates)
        let low = try #require(CalendarDate(year: 2026, month: 1, day: 31))
        let high = try #require(CalendarDate(year: 2026, month: 4, day: 1))
        #expect(dates.allSatisfy { low <= $0 && $0 <= high })
    }
}
