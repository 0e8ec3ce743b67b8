import Foundation
import Testing
@testable import ScenarioKit

// Statistical checks use fixed seeds and tolerances derived from the
// sampling error, never guessed:
// - a mean of n samples is off by about σ/√n; we allow 5 standard errors
//   (a 1-in-1.7-million miss for a normal estimate);
// - the share of samples below a value with true probability p is a
//   binomial proportion, off by about √(p(1−p)/n); again 5 standard errors;
// - a sample sd of normal data is off by about σ/√(2n).
// With the seed fixed the samples never change, so a pass is a pass for good;
// the tolerance says how far off a *correct* sampler could have been.

private let n = 200_000
private let z95 = 1.6448536269514722

/// A session with `n` samples and a seed, after running `setup`.
private func session(_ setup: String = "", seed: Int = 7, samples: Int = n) throws -> Session {
    let s = Session()
    s.output = { _ in }
    try s.run("set samples \(samples)\nset seed \(seed)\n" + setup)
    return s
}

/// The samples of an uncertain expression.
private func samples(_ expression: String, _ setup: String = "", seed: Int = 7, count: Int = n) throws -> [Double] {
    let value = try session(setup, seed: seed, samples: count).evaluate(expression)
    guard case .uncertain(let set) = value else {
        Issue.record("\(expression) is not uncertain: \(value)")
        return []
    }
    return set.samples
}

/// The standard normal CDF.
private func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

private func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

private func sd(_ xs: [Double]) -> Double {
    let m = mean(xs)
    return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)).squareRoot()
}

/// The share of samples at or below `x`.
private func share(_ xs: [Double], atMost x: Double) -> Double {
    Double(xs.filter { $0 <= x }.count) / Double(xs.count)
}

/// |mean − μ| within 5 standard errors of a mean of `xs.count` samples of sd σ.
private func expectMean(_ xs: [Double], _ mu: Double, sigma: Double, _ what: String) {
    let tolerance = 5 * sigma / Double(xs.count).squareRoot()
    #expect(abs(mean(xs) - mu) < tolerance, "\(what): mean \(mean(xs)), expected \(mu) ± \(tolerance)")
}

/// The share of samples at or below the true p-quantile q is within 5
/// binomial standard errors of p.
private func expectQuantile(_ xs: [Double], _ q: Double, p: Double, _ what: String) {
    let tolerance = 5 * (p * (1 - p) / Double(xs.count)).squareRoot()
    let got = share(xs, atMost: q)
    #expect(abs(got - p) < tolerance, "\(what): \(got) of samples ≤ \(q), expected \(p) ± \(tolerance)")
}

@Suite struct UncertaintyTests {
    // MARK: The generator

    @Test func splitMix64MatchesTheReferenceOutputs() {
        // Vigna's splitmix64.c seeded with 1234567.
        var g = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                                  4_593_380_528_125_082_431, 16_408_922_859_458_223_821]
        #expect((0..<5).map { _ in g.next() } == expected)
    }

    @Test func xoshiro256StarStarMatchesTheReferenceOutputs() {
        // xoshiro256starstar.c from the state {1, 2, 3, 4} ...
        var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
        #expect((0..<5).map { _ in g.next() }
            == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360])
        // ... and seeded through splitmix64 with 42, as `init(seed:)` does.
        var h = Xoshiro256StarStar(seed: 42)
        #expect((0..<5).map { _ in h.next() }
            == [1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009,
                17_057_574_109_182_124_193, 18_295_552_978_065_317_476])
    }

    @Test func unitDoublesAreInRangeAndUniform() {
        var g = Xoshiro256StarStar(seed: 3)
        var bins = [Int](repeating: 0, count: 10)
        for _ in 0..<n {
            let u = g.nextUnit(), v = g.nextOpenUnit()
            #expect(u >= 0 && u < 1 && v > 0 && v <= 1)
            bins[Int(u * 10)] += 1
        }
        // Each bin is binomial(n, 0.1).
        let tolerance = 5 * (0.1 * 0.9 * Double(n)).squareRoot()
        for count in bins { #expect(abs(Double(count) - 0.1 * Double(n)) < tolerance) }
    }

    @Test func fastExpIsWithinTwoUlpOfLibm() {
        var g = Xoshiro256StarStar(seed: 8)
        var worst = 0.0
        for i in 0..<200_000 {
            // Uniform over the whole finite range, and densely near 0.
            let x = i % 2 == 0 ? g.nextUnit() * 1416 - 708 : g.nextUnit() * 20 - 10
            let want = exp(x), got = FastMath.exp(x)
            worst = max(worst, abs(got - want) / want.ulp)
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
        #expect(FastMath.exp(0) == 1)
        #expect(abs(FastMath.exp(1) - exp(1.0)) <= exp(1.0).ulp)
        #expect(FastMath.exp(710) == .infinity)
        #expect(FastMath.exp(-800) == 0)
    }

    @Test func chunkStreamsDiffer() {
        let key = StreamKey(seed: 1, stream: 0, draw: 0)
        let seeds = Set((0..<1000).map { key.seed(forChunk: $0) }
            + (0..<1000).map { StreamKey(seed: 1, stream: 0, draw: UInt64($0)).seed(forChunk: 0) }
            + (0..<1000).map { StreamKey(seed: $0, stream: 0, draw: 0).seed(forChunk: 0) })
        // Only the three (seed 1, draw 0, chunk 0) keys coincide.
        #expect(seeds.count == 2998)
    }

    @Test func zigguratNormalsHaveTheNormalMomentsAndTails() {
        let xs = Sampling.normals(n, StreamKey(seed: 11, stream: 0, draw: 0), .automatic, .affine(mean: 0, sd: 1))
        expectMean(xs, 0, sigma: 1, "ziggurat")
        let tolerance = 5 / (2 * Double(n)).squareRoot()
        #expect(abs(sd(xs) - 1) < tolerance)
        // Quantiles across the layers, the wedges and into the tail (from 3.44).
        for q in [-3.6, -z95, -1, -0.3, 0, 0.5, 1, z95, 2.5, 3.442619855899, 3.8] {
            expectQuantile(xs, q, p: phi(q), "ziggurat at \(q)")
        }
    }

    // MARK: Constructors against their closed forms

    @Test func positiveRangeIsLognormalOnTheInterval() throws {
        let xs = try samples("50 to 70")
        let mu = (log(50.0) + log(70.0)) / 2, sigma = (log(70.0) - log(50.0)) / (2 * z95)
        let mean = exp(mu + sigma * sigma / 2)
        let sd = ((exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)).squareRoot()
        expectMean(xs, mean, sigma: sd, "50 to 70")
        expectQuantile(xs, 50, p: 0.05, "50 to 70")
        expectQuantile(xs, exp(mu), p: 0.5, "50 to 70")
        expectQuantile(xs, 70, p: 0.95, "50 to 70")
        #expect(xs.allSatisfy { $0 > 0 })
    }

    @Test func rangeThroughZeroIsNormalOnTheInterval() throws {
        let xs = try samples("-10 to 30")
        expectMean(xs, 10, sigma: 20 / z95, "-10 to 30")
        expectQuantile(xs, -10, p: 0.05, "-10 to 30")
        expectQuantile(xs, 30, p: 0.95, "-10 to 30")
    }

    @Test func rangesCarryTheirDimension() throws {
        let s = try session()
        func dimension(_ e: String) throws -> ScenarioKit.Dimension? {
            if case .uncertain(let set) = try s.evaluate(e) { return set.dimension }
            return nil
        }
        #expect(try dimension("50B to 70B") == .number)
        #expect(try dimension("$50B to $70B") == .money(currency: "USD"))
        #expect(try dimension("5M EUR to 7M EUR") == .money(currency: "EUR"))
        #expect(try dimension("60% to 90%") == .percent)
        #expect(try dimension("-5pp to 5pp") == .points)
        #expect(try dimension("10 days to 30 days") == .days)
        #expect(try dimension("2026-07-01 to Q4 2026") == .date)
        #expect(try s.evaluate("$50B to $70B").description.hasPrefix("~$"))
    }

    @Test func datesInARangeAreWholeDaysOnANormal() throws {
        let xs = try samples("2026-07-01 to 2026-09-28")
        let a = Double(CalendarDate(year: 2026, month: 7, day: 1)?.dayNumber ?? 0)
        #expect(xs.allSatisfy { $0 == $0.rounded() })
        let sd = 89 / (2 * z95)
        expectMean(xs, a + 44.5, sigma: sd, "dates")
        // A sample rounds to day a or earlier when it fell below a + ½.
        expectQuantile(xs, a, p: phi((a + 0.5 - (a + 44.5)) / sd), "dates")
        expectQuantile(xs, a + 88, p: phi((a + 88.5 - (a + 44.5)) / sd), "dates")
    }

    @Test func normalHasItsMeanAndSd() throws {
        let xs = try samples("normal($10B, $2B)")
        expectMean(xs, 10e9, sigma: 2e9, "normal")
        #expect(abs(sd(xs) - 2e9) < 5 * 2e9 / (2 * Double(n)).squareRoot())
        expectQuantile(xs, 10e9 - 2e9 * z95, p: 0.05, "normal")
    }

    @Test func lognormalHasItsPercentiles() throws {
        let xs = try samples("lognormal(2, 8)")
        expectQuantile(xs, 2, p: 0.05, "lognormal")
        expectQuantile(xs, 4, p: 0.5, "lognormal")
        expectQuantile(xs, 8, p: 0.95, "lognormal")
    }

    @Test func uniformIsFlat() throws {
        let xs = try samples("uniform(2, 6)")
        expectMean(xs, 4, sigma: 4 / 12.0.squareRoot(), "uniform")
        #expect(xs.allSatisfy { $0 >= 2 && $0 < 6 })
        for p in [0.1, 0.25, 0.5, 0.9] { expectQuantile(xs, 2 + 4 * p, p: p, "uniform") }
    }

    @Test func chanceIsTrueWithItsProbability() throws {
        let xs = try samples("chance(30%)")
        #expect(xs.allSatisfy { $0 == 0 || $0 == 1 })
        expectMean(xs, 0.3, sigma: (0.3 * 0.7).squareRoot(), "chance")
        let p = try session().evaluate("prob(chance(30%))")
        guard case .percent(let share) = p else { Issue.record("prob is \(p)"); return }
        #expect(abs(share - 0.3) < 5 * (0.21 / Double(n)).squareRoot())
    }

    @Test func mixtureHonoursItsWeights() throws {
        let xs = try samples("mixture([0, 1, 2], [1, 2, 1])")
        for (value, weight) in [(0.0, 0.25), (1.0, 0.5), (2.0, 0.25)] {
            let got = Double(xs.filter { $0 == value }.count) / Double(xs.count)
            #expect(abs(got - weight) < 5 * (weight * (1 - weight) / Double(n)).squareRoot(), "\(value): \(got)")
        }
        // Weights are normalised, percents work, and a zero weight is never picked.
        let ys = try samples("mixture([5, 6, 7], [30%, 0, 10%])")
        #expect(!ys.contains(6))
        expectQuantile(ys, 5, p: 0.75, "normalised weights")
    }

    @Test func mixtureComponentsKeepTheirSamples() throws {
        let s = try session("let x = normal(100, 10)\nlet m = mixture([x, 0], [50%, 50%])")
        guard case .uncertain(let x) = try s.evaluate("x"), case .uncertain(let m) = try s.evaluate("m") else {
            Issue.record("not uncertain")
            return
        }
        for i in 0..<n { #expect(m.samples[i] == 0 || m.samples[i] == x.samples[i]) }
        // E = ½·100, Var = ½(10² + 100²) − 50².
        expectMean(m.samples, 50, sigma: (0.5 * (100 + 10_000) - 2500).squareRoot(), "mixture of x")
    }

    @Test func constructorsWrittenInAMixtureAreDrawnOnlyWherePicked() throws {
        // `1 to 3` written inside the list is sampled only for the samples
        // that pick it; its distribution must be the same as when bound first.
        let xs = try samples("mixture([0, 1 to 3, uniform(10, 20)], [50%, 25%, 25%])")
        let picked = xs.filter { $0 > 0 && $0 < 10 }, uniform = xs.filter { $0 >= 10 }
        for (q, p) in [(1.0, 0.05), (3.0.squareRoot(), 0.5), (3.0, 0.95)] {
            expectQuantile(picked, q, p: p, "1 to 3 inside a mixture")
        }
        expectQuantile(uniform, 12.5, p: 0.25, "uniform inside a mixture")
        let zeros = Double(xs.filter { $0 == 0 }.count) / Double(n)
        #expect(abs(zeros - 0.5) < 5 * (0.25 / Double(n)).squareRoot())
        // An uncertain parameter makes the constructor sample whole, still correct.
        let ys = try samples("mixture([normal(x, 1), 0], [1, 1])", "let x = normal(100, 0)")
        expectMean(ys.filter { $0 != 0 }, 100, sigma: 1, "normal with an uncertain mean")
        // Errors are the constructors' own.
        let s = try session()
        #expect(throws: ScenarioError.self) { try s.evaluate("mixture([3 to 1, 0], [1, 1])") }
        #expect(throws: ScenarioError.self) { try s.evaluate("mixture([normal(1, -1), 0], [1, 1])") }
        #expect(throws: ScenarioError.self) { try s.evaluate("mixture([1 to 2, $1], [1, 1])") }
        #expect(throws: ScenarioError.self) { try s.evaluate("mixture([1 to 2, 0], [1])") }
        // Written inside or bound first, the draws are taken in the same order:
        // what follows the mixture is the same.
        let a = try session("let m = mixture([0, 1 to 3], [1, 1])\nlet after = 1 to 2")
        let b = try session("let c = 1 to 3\nlet m = mixture([0, c], [1, 1])\nlet after = 1 to 2")
        #expect(try a.evaluate("after") == b.evaluate("after"))
    }

    @Test func timeToBotecModel() throws {
        let setup = """
            let p_c = 0.8 * 0.5
            let t = mixture([0, 1, 1 to 3, 2 to 10], [1 - p_c, p_c / 2, p_c / 4, p_c / 4])
            """
        let xs = try samples("t", setup)
        func lognormalMoments(_ a: Double, _ b: Double) -> (Double, Double) {
            let mu = (log(a) + log(b)) / 2, s = (log(b) - log(a)) / (2 * z95)
            return (exp(mu + s * s / 2), exp(2 * mu + 2 * s * s))
        }
        let (m1, q1) = lognormalMoments(1, 3), (m2, q2) = lognormalMoments(2, 10)
        let mu = 0.2 + 0.1 * m1 + 0.1 * m2
        let second = 0.2 + 0.1 * q1 + 0.1 * q2
        #expect(abs(mu - 0.887) < 0.001)
        expectMean(xs, mu, sigma: (second - mu * mu).squareRoot(), "time to botec")
    }

    // MARK: Sample-wise semantics

    @Test func reuseIsCorrelated() throws {
        let s = try session("let x = 50B to 70B\nfn f(y) = y * 2 + 1")
        for e in ["x - x", "f(x) - f(x)", "(x + 1) - x - 1"] {
            guard case .uncertain(let d) = try s.evaluate(e) else { Issue.record("\(e)"); continue }
            #expect(d.samples.allSatisfy { abs($0) <= 1e-6 }, "\(e)")
        }
        guard case .uncertain(let zero) = try s.evaluate("x - x"), case .uncertain(let one) = try s.evaluate("x / x")
        else { return }
        #expect(zero.samples.allSatisfy { $0 == 0 })
        #expect(one.samples.allSatisfy { $0 == 1 })
        #expect(try s.evaluate("mean(x - x)") == .number(0))
        #expect(try s.evaluate("prob(x / x == 1)") == .percent(1))
        #expect(try s.evaluate("prob(x == x)") == .percent(1))
        #expect(try s.evaluate("prob(x != x)") == .percent(0))
        // Two draws of the same expression are independent.
        #expect(try s.evaluate("prob((1 to 2) - (1 to 2) == 0)") == .percent(0))
    }

    @Test func operatorsWorkSampleBySampleWithDimensions() throws {
        let s = try session("let x = $50B to $70B\nlet p = 60% to 90%")
        #expect(try s.evaluate("x * p").typeName == "an uncertain value")
        guard case .uncertain(let cost) = try s.evaluate("x * p + $10B * (1 - p)"),
              case .uncertain(let xs) = try s.evaluate("x"), case .uncertain(let ps) = try s.evaluate("p") else {
            Issue.record("not uncertain")
            return
        }
        #expect(cost.dimension == .money(currency: "USD"))
        for i in stride(from: 0, to: n, by: 997) {
            #expect(abs(cost.samples[i] - (xs.samples[i] * ps.samples[i] + 10e9 * (1 - ps.samples[i]))) < 1)
        }
        if case .uncertain(let d) = try s.evaluate("p - 50%") { #expect(d.dimension == .points) }
        if case .uncertain(let r) = try s.evaluate("x / $1B") { #expect(r.dimension == .number) }
        if case .uncertain(let t) = try s.evaluate("2026-07-01 + (10 days to 20 days)") { #expect(t.dimension == .date) }
        if case .uncertain(let b) = try s.evaluate("x > $60B and p < 80%") { #expect(b.dimension == .bool) }
    }

    @Test func dimensionErrorsNameBothSides() throws {
        let s = try session()
        for (e, message) in [("($1B to $2B) + 2026-07-01", "cannot add money and a date"),
                             ("($1B to $2B) + (5M EUR to 6M EUR)", "cannot add USD and EUR"),
                             ("(1 to 2) < $5", "cannot compare a number and money"),
                             ("(1 to 2) / 0", "division by zero"),
                             ("(1 to 2) + \"a\"", "cannot add a number and a string"),
                             ("(1 to 2) + 3 months", "cannot add a number and a duration"),
                             ("1 to 90%", "one dimension"),
                             ("$50B to 70B", "one dimension"),
                             ("70 to 50", "low end"),
                             ("true to false", "a range needs"),
                             ("not (1 to 2)", "'not' needs a boolean")] {
            #expect(throws: ScenarioError.self, "\(e)") { try s.evaluate(e) }
            do {
                _ = try s.evaluate(e)
            } catch let error as ScenarioError {
                #expect(error.diagnostics.first?.message.contains(message) == true,
                        "\(e): \(error.diagnostics.first?.message ?? "")")
            }
        }
    }

    @Test func ifSelectsPerSample() throws {
        let s = try session("let x = normal(0, 1)\nlet y = if x > 0 then x else -x")
        guard case .uncertain(let xs) = try s.evaluate("x"), case .uncertain(let ys) = try s.evaluate("y") else {
            Issue.record("not uncertain")
            return
        }
        #expect(zip(xs.samples, ys.samples).allSatisfy { $1 == abs($0) })
        #expect(try s.evaluate("prob(y == abs(x))") == .percent(1))
        // A branch no sample takes is not evaluated, so uncertain recursion stops.
        try s.run("fn down(v) = if v <= 0 then v else down(v - 1)\nlet z = down(uniform(0, 5))")
        guard case .uncertain(let zs) = try s.evaluate("z") else { return }
        #expect(zs.samples.allSatisfy { $0 <= 0 && $0 > -1 })
        #expect(try s.evaluate("if chance(50%) then $1B else 0").description.hasPrefix("~$"))
    }

    @Test func builtinsLift() throws {
        let s = try session("let x = normal(0, 1)")
        #expect(try s.evaluate("prob(abs(x) >= 0)") == .percent(1))
        #expect(try s.evaluate("prob(max(x, 0) >= 0)") == .percent(1))
        #expect(try s.evaluate("prob(min(x, 0) <= 0)") == .percent(1))
        #expect(try s.evaluate("prob(min([x, 1, 2]) <= 1)") == .percent(1))
        #expect(try s.evaluate("prob(exp(ln(abs(x) + 1)) - abs(x) - 1 < 1e-9)") == .percent(1))
        #expect(try s.evaluate("prob(round(x * 10) == round(x * 10, 0))") == .percent(1))
        #expect(try s.evaluate("prob(sqrt(x * x) == abs(x))") == .percent(1))
        #expect(try s.evaluate("sum([x, -x])").description == "0")  // certain: prints plainly
        #expect(throws: ScenarioError.self) { try s.evaluate("sqrt(x)") }
    }

    // MARK: Summaries

    @Test func summariesOfPlainValuesArePlain() throws {
        let s = Session()
        #expect(try s.evaluate("mean(5)") == .number(5))
        #expect(try s.evaluate("median($5B)") == .money(5e9, currency: "USD"))
        #expect(try s.evaluate("sd(5)") == .number(0))
        #expect(try s.evaluate("sd(50%)") == .points(0))
        #expect(try s.evaluate("percentile(5, 95%)") == .number(5))
        #expect(try s.evaluate("prob(true)") == .percent(1))
        #expect(try s.evaluate("prob(false)") == .percent(0))
        #expect(try s.evaluate("prob(1 < 2)") == .percent(1))
        #expect(try s.evaluate("mean([1, 2, 3, 4])") == .number(2.5))
        #expect(try s.evaluate("median([1, 5, 2])") == .number(2))
    }

    @Test func summariesOfSamples() throws {
        let s = try session("let x = normal(100, 15)")
        guard case .uncertain(let set) = try s.evaluate("x") else { return }
        let sorted = set.samples.sorted()
        #expect(try s.evaluate("mean(x)") == .number(Statistics.mean(set.samples)))
        #expect(try s.evaluate("median(x)") == .number(ReferenceStatistics.percentile(sorted: sorted, p: 0.5)))
        #expect(try s.evaluate("percentile(x, 95%)") == .number(ReferenceStatistics.percentile(sorted: sorted, p: 0.95)))
        #expect(try s.evaluate("percentile(x, 0%)") == .number(sorted[0]))
        #expect(try s.evaluate("percentile(x, 100%)") == .number(sorted[n - 1]))
        if case .number(let m) = try s.evaluate("mean(x)") { #expect(abs(m - 100) < 5 * 15 / Double(n).squareRoot()) }
        if case .number(let d) = try s.evaluate("sd(x)") { #expect(abs(d - 15) < 5 * 15 / (2 * Double(n)).squareRoot()) }
        // The percentile of a normal is off by √(p(1−p)/n) / φ(z): for the 95th, about 2.11·σ/√n.
        let se95 = (0.05 * 0.95 / Double(n)).squareRoot() / (exp(-z95 * z95 / 2) / (2 * Double.pi).squareRoot()) * 15
        if case .number(let q) = try s.evaluate("percentile(x, 95%)") { #expect(abs(q - (100 + 15 * z95)) < 5 * se95) }
        #expect(try s.evaluate("sd($1B to $2B)").typeName == "money")
        #expect(try s.evaluate("sd(60% to 90%)").typeName == "points")
        #expect(try s.evaluate("mean(chance(100%))") == .percent(1))
        #expect(throws: ScenarioError.self) { try s.evaluate("percentile(x, 150%)") }
        #expect(throws: ScenarioError.self) { try s.evaluate("prob(x)") }
    }

    @Test func selectionMatchesSorting() {
        var g = Xoshiro256StarStar(seed: 5)
        for count in [1, 2, 3, 10, 101, 5000] {
            // Many ties (a mixture's point masses) and distinct values.
            let xs = (0..<count).map { _ in g.nextUnit() < 0.5 ? 0 : g.nextUnit() }
            let sorted = xs.sorted()
            for p in [0, 0.05, 0.25, 0.5, 0.95, 0.999, 1] {
                #expect(Statistics.percentile(xs, p) == ReferenceStatistics.percentile(sorted: sorted, p: p))
            }
        }
    }

    @Test func histogramDrawsBarsInTheValuesUnits() throws {
        let s = try session("let x = $50B to $70B")
        // A figure (SPEC §16) that prints as its chart.
        guard case .figure(let figure) = try s.evaluate("hist(x)") else { Issue.record("not a figure"); return }
        let text = figure.text
        #expect(figure.kind == .hist)
        let rows = text.split(separator: "\n")
        // At most 20 rows, cut at round numbers (HistogramTests has the details).
        #expect((8...20).contains(rows.count))
        #expect(rows.allSatisfy { $0.contains("$") && $0.hasSuffix("%") })
        #expect(text.contains("█"))
        let shares = rows.compactMap { Double($0.split(separator: " ").last?.dropLast() ?? "") }
        #expect(abs(shares.reduce(0, +) - 100) < 0.2)
        guard case .figure(let bf) = try s.evaluate("hist(x > $60B)") else { Issue.record("not a figure"); return }
        let b = bf.text
        #expect(b.hasPrefix("true "))
        guard case .figure(let onef) = try s.evaluate("hist(5)") else { Issue.record("not a figure"); return }
        let one = onef.text
        #expect(one.hasPrefix("5  ") && one.hasSuffix("100%"))
    }

    // MARK: Determinism, seeds and cores

    @Test func sameSeedSameSamplesDifferentSeedDifferent() throws {
        let script = "let x = mixture([0, 1 to 3, normal(5, 1)], [1, 1, 1]) * uniform(1, 2)"
        let a = try session(script, seed: 42).evaluate("x")
        let b = try session(script, seed: 42).evaluate("x")
        let c = try session(script, seed: 43).evaluate("x")
        #expect(a == b)
        #expect(a != c)
        // No `set seed` means seed 1.
        let d = Session()
        try d.run("set samples \(n)\n" + script)
        #expect(try d.evaluate("x") == session(script, seed: 1).evaluate("x"))
        // `set seed` starts the stream again.
        let e = try session("let y = 1 to 2\nset seed 7\n" + script, seed: 7)
        #expect(try e.evaluate("y") == e.evaluate("y"))
        #expect(try e.evaluate("x") == session(script, seed: 7).evaluate("x"))
    }

    @Test func printedOutputIsStable() throws {
        func run() throws -> [String] {
            let s = Session()
            var lines: [String] = []
            s.output = { lines.append($0) }
            try s.run("set seed 3\nprint 50B to 70B, mean(chance(40%)), hist(1 to 3)")
            return lines
        }
        #expect(try run() == run())
    }

    @Test func oneCoreAndTwoGiveIdenticalResults() throws {
        let script = """
            let x = 50B to 70B
            let y = mixture([0, x, normal(60B, 5B)], [20%, 40%, 40%])
            let z = if chance(30%) then x - y else y * 2
            let s = [mean(z), sd(z), percentile(z, 95%), prob(z > 60B), median(y)]
            """
        func values(_ mode: Parallelism) throws -> [Value] {
            let s = Session()
            s.runtime.parallelism = mode
            try s.run("set samples 300_000\nset seed 9\n" + script)
            return try ["x", "y", "z", "s"].map { try s.evaluate($0) }
        }
        #expect(try values(.serial) == values(.parallel))
        // The whole-array loops and reductions, forced each way.
        let xs = Sampling.normals(300_000, StreamKey(seed: 1, stream: 0, draw: 0), .serial, .affine(mean: 0, sd: 1))
        #expect(xs == Sampling.normals(300_000, StreamKey(seed: 1, stream: 0, draw: 0), .parallel,
                                       .affine(mean: 0, sd: 1)))
        #expect(Statistics.sum(xs, .serial) == Statistics.sum(xs, .parallel))
        #expect(Statistics.sd(xs, .serial) == Statistics.sd(xs, .parallel))
        #expect(SampleLoops.binary(.samples(xs), .scalar(2), xs.count, .serial) { $0 * $1 }
            == SampleLoops.binary(.samples(xs), .scalar(2), xs.count, .parallel) { $0 * $1 })
    }

    // MARK: Probabilities, assert, no nan

    @Test func probabilitiesAreClamped() throws {
        let s = try session()
        #expect(try s.evaluate("prob(chance(150%))") == .percent(1))
        #expect(try s.evaluate("prob(chance(-10%))") == .percent(0))
        if case .percent(let p) = try s.evaluate("prob(chance(50% to 120%))") { #expect(p >= 0 && p <= 1) }
        if case .percent(let p) = try s.evaluate("prob(chance(normal(0%, 50pp)))") {
            // Half the samples are ≤ 0 (never true); the rest are true with their own chance.
            #expect(p > 0.1 && p < 0.3)
        }
    }

    @Test func assertOnAnUncertainBooleanSuggestsProb() throws {
        do {
            try Session().run("let x = 1 to 2\nassert x > 1.5")
            Issue.record("no error")
        } catch let error as ScenarioError {
            #expect(error.diagnostics.first?.message.contains("uncertain") == true)
            #expect(error.diagnostics.first?.help?.contains("prob(") == true)
        }
        try Session().run("let x = 1 to 2\nassert prob(x > 0) == 100%")
    }

    @Test func nothingPrintsNanOrInf() throws {
        let s = try session()
        for e in ["exp(normal(0, 1000))", "lognormal(1, 1e300) * 1e300", "(1 to 2) / (0 to 0)",
                  "1 / (uniform(-1, 1) - uniform(-1, 1) + 0)"] {
            do {
                let v = try s.evaluate(e)
                #expect(!v.description.contains("nan") && !v.description.contains("inf"), "\(e): \(v)")
            } catch is ScenarioError {
                // An error is the right answer for a non-finite result.
            }
        }
    }

    @Test(.disabled(if: Sanitizer.thread, Sanitizer.tooDeepForThreadSanitizer))
    func runawayUncertainRecursionIsALocatedError() throws {
        // Every sample stays positive, so the recursion never stops; each
        // level would keep its samples alive until the call-depth limit.
        let s = try session("fn up(v) = if v > 0 then up(v + 1) else 0", samples: 10_000)
        do {
            _ = try s.evaluate("up(uniform(1, 2))")
            Issue.record("no error")
        } catch let error as ScenarioError {
            #expect(error.diagnostics.first?.message.contains("uncertain recursion too deep") == true)
        }
    }

    @Test func aFailedStatementDrawsNothing() throws {
        let s = try session()
        #expect(throws: ScenarioError.self) { try s.run("let a = 1 to 2\nlet b = (1 to 2) + $1") }
        try s.run("let c = 1 to 2")
        let t = try session()
        try t.run("let a = 1 to 2\nlet c = 1 to 2")
        // `a` succeeded and drew; the failed statement drew nothing.
        #expect(try s.evaluate("c") == t.evaluate("c"))
    }

    @Test func sampleCountsMustAgree() throws {
        let s = try session("let x = 1 to 2\nset samples 100")
        #expect(throws: ScenarioError.self) { try s.evaluate("x + (1 to 2)") }
        if case .uncertain(let set) = try s.evaluate("1 to 2") { #expect(set.count == 100) }
    }
    // MARK: Deals with uncertain inputs (SPEC §6, §7)

    @Test func dealMembersAreComputedSampleBySample() throws {
        let s = try session("""
            deal cursor at $50B to $70B
            breakup 10B
            condition regulatory 60% to 90%
            condition financing 95%
            """)
        func samples(_ e: String) throws -> [Double] {
            guard case .uncertain(let set) = try s.evaluate(e) else { Issue.record("\(e) is plain"); return [] }
            return set.samples
        }
        let price = try samples("cursor.price"), p = try samples("cursor.p_close")
        let regulatory = try samples("cursor.p_close / 95%")
        let cost = try samples("cursor.expected_cost")
        #expect(try s.evaluate("cursor.price").typeName == "an uncertain value")
        for i in stride(from: 0, to: n, by: 101) {
            #expect(abs(p[i] - regulatory[i] * 0.95) < 1e-12)
            let expected = p[i] * price[i] + (1 - p[i]) * 10e9
            #expect(abs(cost[i] - expected) <= 1e-9 * expected)
        }
        #expect(try s.evaluate("cursor.walk_away") == .money(10e9, currency: "USD"))
        #expect(try s.evaluate("cursor.breakup_pct").description.hasPrefix("~"))
    }

    @Test func buyerCostIsThePriceWithProbabilityPCloseElseTheFee() throws {
        let s = try session("""
            deal cursor at $50B to $70B
            breakup 10B
            condition regulatory 60% to 90%
            """)
        func samples(_ e: String) throws -> [Double] {
            guard case .uncertain(let set) = try s.evaluate(e) else { Issue.record("\(e) is plain"); return [] }
            return set.samples
        }
        let price = try samples("cursor.price"), p = try samples("cursor.p_close")
        let cost = try samples("cursor.buyer_cost")
        #expect(zip(cost, price).allSatisfy { $0 == $1 || $0 == 10e9 })
        // Its mean is the expected cost's: E[p·price + (1 − p)·fee], within 5 standard errors.
        let expected = try samples("cursor.expected_cost")
        expectMean(cost, mean(expected), sigma: sd(cost), "buyer_cost")
        // Closing is a Bernoulli draw with the sample's own p: the share closed
        // is within 5 binomial standard errors of the mean p.
        let closed = Double(zip(cost, price).filter { $0 == $1 }.count) / Double(n)
        let meanP = mean(p)
        #expect(abs(closed - meanP) < 5 * (meanP * (1 - meanP) / Double(n)).squareRoot())
        // The same deal closes in the same samples however often it is read.
        #expect(try s.evaluate("prob(cursor.buyer_cost == cursor.buyer_cost)") == .percent(1))
        // A fee the target pays costs the buyer nothing.
        try s.run("deal figma at $20B\nbreakup 1B paid by target\ncondition antitrust 50%")
        let figma = try samples("figma.buyer_cost")
        #expect(figma.allSatisfy { $0 == 0 || $0 == 20e9 })
        expectQuantile(figma, 0, p: 0.5, "figma closes half the time")
        #expect(try s.evaluate("mean(figma.buyer_cost)").typeName == "money")
    }

    @Test func conditionProbabilitiesAreClampedSampleBySample() throws {
        let s = try session("deal cursor at $60B\ncondition regulatory 50% to 120%")
        #expect(try s.evaluate("prob(cursor.p_close <= 100%)") == .percent(1))
        #expect(try s.evaluate("prob(cursor.p_close >= 0%)") == .percent(1))
        if case .percent(let p) = try s.evaluate("prob(cursor.p_close == 100%)") { #expect(p > 0) }
    }

    /// `--json` shows an uncertain value's mean and 90% interval computed
    /// by the same code as its printed form and the summaries `mean` and
    /// `percentile` (issue 12: JSON sorted and summed on its own).
    @Test func jsonSummariesAreTheLanguagesOwn() throws {
        let s = Session()
        try s.run("set seed 7\nlet x = lognormal(10, 1000) * 3 + normal(0, 5)")
        // Read as written (Foundation's JSON parser may round a double).
        let json = s.stateJSON(output: [])
        func field(_ name: String) -> Double? {
            guard let range = json.range(of: "\"\(name)\":") else { return nil }
            let rest = json[range.upperBound...].prefix { $0 != "," && $0 != "}" }
            return Double(rest.trimmingCharacters(in: .whitespaces))
        }
        #expect(field("mean") == (try s.evaluate("mean(x)")).numberValue)
        #expect(field("p5") == (try s.evaluate("percentile(x, 5%)")).numberValue)
        #expect(field("p95") == (try s.evaluate("percentile(x, 95%)")).numberValue)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let x = (parsed?["bindings"] as? [String: Any])?["x"] as? [String: Any]
        #expect(x?["text"] as? String == s.value(of: "x")?.description)
    }
}
