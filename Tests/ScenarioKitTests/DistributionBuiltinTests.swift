import Foundation
import Testing
@testable import ScenarioKit

// The constructors of SPEC §16 as the language calls them, at 200,000
// samples: means and variances against closed forms within 5 standard
// errors, a Kolmogorov–Smirnov distance against the exact CDF within the
// DKW bound for α = 1e-6 (0.0060 at n = 200,000), and the errors for
// impossible parameters at the argument that names them.

private let bound = (log(2 / 1e-6) / (2 * 200_000.0)).squareRoot()

private func samples(_ expression: String, seed: Int = 11) throws -> [Double] {
    let s = Session()
    s.output = { _ in }
    _ = try s.run("set samples 200000\nset seed \(seed)\nlet x = \(expression)\n")
    guard case .uncertain(let set)? = s.value(of: "x") else {
        Issue.record("\(expression) is not uncertain")
        return []
    }
    return set.samples
}

private func expectMoments(_ xs: [Double], mean: Double, variance: Double, _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let n = Double(xs.count)
    let m = xs.reduce(0, +) / n
    var m2 = 0.0, m4 = 0.0
    for x in xs {
        let d = (x - m) * (x - m)
        m2 += d
        m4 += d * d
    }
    let v = m2 / n
    let meanTolerance = 5 * (variance / n).squareRoot()
    let varianceTolerance = 5 * (max(m4 / n - v * v, 0) / n).squareRoot()
    #expect(abs(m - mean) < meanTolerance, "\(what): mean \(m), expected \(mean)", sourceLocation: sourceLocation)
    #expect(abs(v - variance) < varianceTolerance, "\(what): variance \(v), expected \(variance)",
            sourceLocation: sourceLocation)
}


@Suite struct DistributionBuiltinTests {
    @Test func betaIsAPercentWithItsMoments() throws {
        let xs = try samples("beta(8, 2)")
        // Beta(a, b): mean a / (a + b), variance ab / ((a + b)²(a + b + 1)).
        expectMoments(xs, mean: 0.8, variance: 16.0 / (100 * 11), "beta(8, 2)")
        // Beta(2, 1) has CDF x².
        let ys = try samples("beta(2, 1)")
        #expect(ksDistance(ys) { min(max($0, 0), 1) * min(max($0, 0), 1) } < bound)
        let s = Session()
        guard case .uncertain(let set) = try s.evaluate("beta(2, 3)") else {
            Issue.record("beta is not uncertain")
            return
        }
        #expect(set.dimension == .percent)
    }

    @Test func triangularKeepsMoneyAndFollowsItsCDF() throws {
        let xs = try samples("triangular($10, $20, $60)")
        // mean (a + b + c) / 3, variance (a² + b² + c² − ab − ac − bc) / 18.
        expectMoments(xs, mean: 30, variance: (100 + 400 + 3600 - 200 - 600 - 1200) / 18, "triangular")
        let cdf = { (x: Double) -> Double in
            if x <= 10 { return 0 }
            if x >= 60 { return 1 }
            if x <= 20 { return (x - 10) * (x - 10) / (50 * 10) }
            return 1 - (60 - x) * (60 - x) / (50 * 40)
        }
        #expect(ksDistance(xs, cdf) < bound)
    }

    @Test func pertHasTheBetaMoments() throws {
        let xs = try samples("pert(1, 4, 10)")
        // mean (a + 4m + b) / 6 = 4.5; variance (μ − a)(b − μ) / 7 = 2.75.
        expectMoments(xs, mean: 4.5, variance: 2.75, "pert(1, 4, 10)")
        let days = try samples("pert(0 days, 6 days, 12 days)")
        expectMoments(days, mean: 6, variance: 36.0 / 7, "pert in days")
    }

    @Test func poissonAndBinomialMoments() throws {
        expectMoments(try samples("poisson(3)"), mean: 3, variance: 3, "poisson(3)")
        expectMoments(try samples("poisson(250)"), mean: 250, variance: 250, "poisson(250)")
        expectMoments(try samples("binomial(10, 30%)"), mean: 3, variance: 2.1, "binomial(10, 30%)")
        expectMoments(try samples("binomial(1000, 0.4)"), mean: 400, variance: 240, "binomial(1000, 0.4)")
        // Poisson(3)'s CDF at whole numbers.
        let xs = try samples("poisson(3)")
        var cdf = [Double]()
        var term = exp(-3.0), total = 0.0
        for k in 0..<40 {
            total += term
            cdf.append(total)
            term *= 3 / Double(k + 1)
        }
        for k in 0..<8 {
            let share = Double(xs.filter { $0 <= Double(k) }.count) / Double(xs.count)
            #expect(abs(share - cdf[k]) < bound, "P(X <= \(k))")
        }
    }

    @Test func truncateIsTheConditionalDistribution() throws {
        // Normal(0, 1) kept above 0: the half-normal, mean √(2/π), variance 1 − 2/π.
        let xs = try samples("truncate(normal(0, 1), 0, none)")
        #expect(xs.allSatisfy { $0 >= 0 })
        expectMoments(xs, mean: (2 / Double.pi).squareRoot(), variance: 1 - 2 / Double.pi, "half-normal")
        // Uniform(0, 10) kept in [2, 4]: uniform there.
        let ys = try samples("truncate(uniform(0, 10), 2, 4)")
        #expect(ksDistance(ys) { min(max(($0 - 2) / 2, 0), 1) } < bound)
    }

    @Test func uncertainParametersWorkSampleBySample() throws {
        // a ~ Uniform(1, 3): E[Beta(a, 1)] = E[a / (a + 1)] = 1 − ln 2 + ln(4/3)·… computed exactly:
        // ∫₁³ a/(a+1) da / 2 = (2 − ln 4 + ln 2) / 2.
        let xs = try samples("beta(uniform(1, 3), 1)")
        let mean = (2 - log(4.0) + log(2.0)) / 2
        let m = xs.reduce(0, +) / Double(xs.count)
        #expect(abs(m - mean) < 0.002)
    }

    @Test func seededAndReproducible() throws {
        #expect(try samples("beta(2, 5)", seed: 3) == samples("beta(2, 5)", seed: 3))
        #expect(try samples("beta(2, 5)", seed: 3) != samples("beta(2, 5)", seed: 4))
    }

    @Test(arguments: [
        ("beta(0, 2)", 1, 6, "a must be above 0"),
        ("beta(2, -1)", 1, 9, "b must be above 0"),
        ("triangular(1, 5, 3)", 1, 15, "mode lies outside"),
        ("pert(3, 2, 1)", 1, 6, "low is above high"),
        ("binomial(10, 120%)", 1, 14, "p must be between 0% and 100%"),
        ("binomial(2.5, 50%)", 1, 10, "n must be a whole number"),
        ("poisson(-1)", 1, 9, "mean must not be negative"),
        ("truncate(normal(0, 1), 10, none)", 1, 10, "x has only"),
        ("truncate(normal(0, 1), 2, 1)", 1, 24, "low is above high"),
        ("correlate(normal(0, 1), normal(0, 1), 1.5)", 1, 39, "rho must be between -1 and 1"),
        ("beta(1 to 3, 0 - (1 to 2))", 1, 14, "b must be above 0 (in sample 1)"),
    ])
    func badParametersAreLocated(_ source: String, _ line: Int, _ column: Int, _ message: String) {
        let s = Session()
        do {
            _ = try s.evaluate(source)
            Issue.record("\(source) did not fail")
        } catch let error as ScenarioError {
            let d = error.diagnostics[0]
            #expect(d.message.contains(message), "\(d.message)")
            #expect(d.line == line && d.column == column, "\(source): \(d.line):\(d.column)")
        } catch {
            Issue.record("\(error)")
        }
    }
}
