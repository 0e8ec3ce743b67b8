import Foundation
import Testing
@testable import ScenarioKit

// The samplers of SPEC §16 against closed forms, at 200,000 samples from
// fixed keys (so a pass is a pass for good). Tolerances come from the
// sampling error of a correct sampler, never guessed:
// - a mean is off by about σ/√n, a variance by about √((μ₄ − σ⁴)/n) (μ₄
//   estimated from the samples); we allow 5 standard errors;
// - the Kolmogorov–Smirnov distance of n samples from their true CDF
//   exceeds √(ln(2/α)/(2n)) with probability at most α (the DKW bound);
//   α = 1e-6 gives 0.0060 at n = 200,000;
// - a chi-square statistic with k degrees of freedom is about k ± √(2k);
//   we allow k + 6√(2k) over bins whose expected count is at least 20.

private let n = 200_000

private func key(_ draw: UInt64) -> StreamKey { StreamKey(seed: 2026, stream: 0, draw: draw) }

private struct Moments {
    var mean: Double, variance: Double, meanSE: Double, varianceSE: Double

    init(_ xs: [Double]) {
        let count = Double(xs.count)
        mean = xs.reduce(0, +) / count
        var m2 = 0.0, m4 = 0.0
        for x in xs {
            let d = (x - mean) * (x - mean)
            m2 += d
            m4 += d * d
        }
        variance = m2 / count
        meanSE = (variance / count).squareRoot()
        varianceSE = (max(m4 / count - variance * variance, 0) / count).squareRoot()
    }
}

/// Mean and variance within 5 standard errors of the closed forms.
private func expectMoments(_ xs: [Double], mean: Double, variance: Double, _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let m = Moments(xs)
    let meanTolerance = 5 * (variance / Double(xs.count)).squareRoot()
    #expect(abs(m.mean - mean) < meanTolerance,
            "\(what): mean \(m.mean), expected \(mean) ± \(meanTolerance)", sourceLocation: sourceLocation)
    let varianceTolerance = 5 * m.varianceSE
    #expect(abs(m.variance - variance) < varianceTolerance,
            "\(what): variance \(m.variance), expected \(variance) ± \(varianceTolerance)",
            sourceLocation: sourceLocation)
}


/// The DKW bound at α = 1e-6 for `count` samples.
private func ksLimit(_ count: Int) -> Double { (log(2 / 1e-6) / (2 * Double(count))).squareRoot() }

private func expectKS(_ xs: [Double], _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                      _ cdf: (Double) -> Double) {
    let d = ksDistance(xs, cdf), limit = ksLimit(xs.count)
    #expect(d < limit, "\(what): KS distance \(d), limit \(limit)", sourceLocation: sourceLocation)
}

/// Chi-square of whole-number samples against `pmf`, pooling the tails
/// until every bin expects at least 20 samples.
private func expectPMF(_ xs: [Double], _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                       _ pmf: (Int) -> Double) {
    var counts: [Int: Int] = [:]
    for x in xs {
        #expect(x == x.rounded() && x >= 0, "\(what): \(x) is not a whole number ≥ 0", sourceLocation: sourceLocation)
        counts[Int(x), default: 0] += 1
    }
    let total = Double(xs.count)
    let top = (counts.keys.max() ?? 0) + 50
    // Bins [edge_j, edge_{j+1}) with expected count ≥ 20; the last takes the rest.
    var bins: [(observed: Double, expected: Double)] = []
    var observed = 0.0, expected = 0.0
    for k in 0...top {
        observed += Double(counts[k] ?? 0)
        expected += total * pmf(k)
        if expected >= 20 {
            bins.append((observed, expected))
            observed = 0
            expected = 0
        }
    }
    // The rest (a tail expecting under 20) joins the last bin.
    let rest = total - bins.reduce(0) { $0 + $1.observed }
    let restExpected = total - bins.reduce(0) { $0 + $1.expected }
    if let last = bins.indices.last {
        bins[last].observed += rest
        bins[last].expected += max(restExpected, 0)
    }
    let chi2 = bins.reduce(0) { $0 + ($1.observed - $1.expected) * ($1.observed - $1.expected) / $1.expected }
    let df = Double(bins.count - 1)
    let limit = df + 6 * (2 * df).squareRoot()
    #expect(chi2 < limit, "\(what): chi-square \(chi2) over \(bins.count) bins, limit \(limit)",
            sourceLocation: sourceLocation)
}

// MARK: Exact CDFs (independent of the code under test)

private func logGammaFunction(_ x: Double) -> Double { log(tgamma(x)) }

/// The regularized incomplete beta I_x(a, b) by Lentz's continued fraction
/// (Numerical Recipes' betacf), using the symmetry where it converges slowly.
private func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let front = exp(logGammaFunction(a + b) - logGammaFunction(a) - logGammaFunction(b)
        + a * log(x) + b * log(1 - x))
    if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, b, a) }
    let tiny = 1e-300
    var c = 1.0, d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
        let m = Double(m)
        var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1 + num * d; if abs(d) < tiny { d = tiny }
        c = 1 + num / c; if abs(c) < tiny { c = tiny }
        d = 1 / d
        h *= d * c
        num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1 + num * d; if abs(d) < tiny { d = tiny }
        c = 1 + num / c; if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15 { break }
    }
    return front * h / a
}

/// The regularized lower incomplete gamma P(a, x): its series below a + 1,
/// the continued fraction for Q above.
private func incompleteGamma(_ a: Double, _ x: Double) -> Double {
    if x <= 0 { return 0 }
    let front = exp(-x + a * log(x) - logGammaFunction(a))
    if x < a + 1 {
        var term = 1 / a, sum = term, k = a
        for _ in 0..<10_000 {
            k += 1
            term *= x / k
            sum += term
            if term < sum * 1e-16 { break }
        }
        return front * sum
    }
    let tiny = 1e-300
    var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
    for i in 1...10_000 {
        let an = -Double(i) * (Double(i) - a)
        b += 2
        d = an * d + b; if abs(d) < tiny { d = tiny }
        c = b + an / c; if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15 { break }
    }
    return 1 - front * h
}

private func triangularCDF(_ x: Double, _ l: Double, _ m: Double, _ h: Double) -> Double {
    if x <= l { return 0 }
    if x >= h { return 1 }
    if x <= m { return (x - l) * (x - l) / ((h - l) * (m - l)) }
    return 1 - (h - x) * (h - x) / ((h - l) * (h - m))
}

private func poissonPMF(_ k: Int, _ lambda: Double) -> Double {
    exp(-lambda + Double(k) * log(lambda) - logGammaFunctionWhole(k))
}

private func binomialPMF(_ k: Int, _ trials: Int, _ p: Double) -> Double {
    guard k <= trials else { return 0 }
    return exp(logGammaFunctionWhole(trials) - logGammaFunctionWhole(k) - logGammaFunctionWhole(trials - k)
        + Double(k) * log(p) + Double(trials - k) * log1p(-p))
}

/// log k! for k up to 200,000, summed once (exact to rounding).
private let logFactorials: [Double] = {
    var table = [0.0]
    for i in 1...200_000 { table.append(table[i - 1] + log(Double(i))) }
    return table
}()

private func logGammaFunctionWhole(_ k: Int) -> Double { logFactorials[k] }

@Suite struct DistributionTests {
    // MARK: Gamma and beta

    @Test(arguments: [0.3, 1.0, 2.5, 50.0])
    func gammaMatchesItsMomentsAndCDF(shape: Double) {
        let xs = Distributions.gamma(shape: .scalar(shape), n, key: key(1), .automatic)
        #expect(xs.allSatisfy { $0 > 0 && $0.isFinite })
        expectMoments(xs, mean: shape, variance: shape, "gamma(\(shape))")
        expectKS(xs, "gamma(\(shape))") { incompleteGamma(shape, $0) }
    }

    @Test func gammaScaleMultiplies() {
        let xs = Distributions.gamma(shape: .scalar(3), scale: .scalar(2), n, key: key(2), .automatic)
        expectMoments(xs, mean: 6, variance: 12, "gamma(3, scale 2)")
    }

    @Test(arguments: [(2.0, 5.0), (0.5, 0.5), (8.0, 2.0), (0.1, 3.0), (1.0, 1.0), (30.0, 0.7)])
    func betaMatchesItsMomentsAndCDF(a: Double, b: Double) {
        let xs = Distributions.beta(.scalar(a), .scalar(b), n, key: key(3), .automatic)
        #expect(xs.allSatisfy { $0 >= 0 && $0 <= 1 })
        let mean = a / (a + b)
        let variance = a * b / ((a + b) * (a + b) * (a + b + 1))
        expectMoments(xs, mean: mean, variance: variance, "beta(\(a), \(b))")
        expectKS(xs, "beta(\(a), \(b))") { incompleteBeta($0, a, b) }
    }

    @Test func betaWithTinyShapesStaysAFraction() {
        // Both gamma draws underflow to 0 here; the log form must not give NaN.
        let xs = Distributions.beta(.scalar(0.01), .scalar(0.01), n, key: key(4), .automatic)
        #expect(xs.allSatisfy { $0 >= 0 && $0 <= 1 })
        expectMoments(xs, mean: 0.5, variance: 1.0 / (4 * 1.02), "beta(0.01, 0.01)")
        // Smaller still, the draws are 0 or 1, 1 with probability a / (a + b):
        // tiny shapes, and subnormal ones whose logarithms are −inf.
        for (a, b) in [(3e-300, 1e-300), (3e-320, 1e-320)] {
            let coins = Distributions.beta(.scalar(a), .scalar(b), n, key: key(4), .automatic)
            #expect(coins.allSatisfy { $0 == 0 || $0 == 1 })
            expectMoments(coins, mean: 0.75, variance: 0.75 * 0.25, "beta(\(a), \(b))")
        }
    }

    @Test func betaTakesParametersSampleBySample() {
        // Even samples draw beta(8, 2), odd ones beta(2, 8).
        let a = (0..<n).map { $0 % 2 == 0 ? 8.0 : 2.0 }
        let b = (0..<n).map { $0 % 2 == 0 ? 2.0 : 8.0 }
        let xs = Distributions.beta(.samples(a), .samples(b), n, key: key(5), .automatic)
        let even = stride(from: 0, to: n, by: 2).map { xs[$0] }
        let odd = stride(from: 1, to: n, by: 2).map { xs[$0] }
        let variance = 16.0 / (100 * 11)
        expectMoments(even, mean: 0.8, variance: variance, "beta(8, 2) samples")
        expectMoments(odd, mean: 0.2, variance: variance, "beta(2, 8) samples")
        expectKS(even, "beta(8, 2) samples") { incompleteBeta($0, 8, 2) }
    }

    // MARK: Triangular and PERT

    @Test(arguments: [(0.0, 3.0, 10.0), (-5.0, -5.0, 5.0), (1.0, 2.0, 2.0), (100.0, 180.0, 200.0)])
    func triangularMatchesItsMomentsAndCDF(l: Double, m: Double, h: Double) {
        let xs = Distributions.triangular(low: .scalar(l), mode: .scalar(m), high: .scalar(h), n, key: key(6),
                                          .automatic)
        #expect(xs.allSatisfy { $0 >= l && $0 <= h })
        let variance = (l * l + m * m + h * h - l * m - l * h - m * h) / 18
        expectMoments(xs, mean: (l + m + h) / 3, variance: variance, "triangular(\(l), \(m), \(h))")
        expectKS(xs, "triangular(\(l), \(m), \(h))") { triangularCDF($0, l, m, h) }
    }

    @Test(arguments: [(10.0, 20.0, 60.0), (0.0, 0.0, 1.0), (-3.0, 2.0, 2.0), (0.5, 0.55, 0.9)])
    func pertMatchesItsMomentsAndCDF(l: Double, m: Double, h: Double) {
        let xs = Distributions.pert(low: .scalar(l), mode: .scalar(m), high: .scalar(h), n, key: key(7), .automatic)
        #expect(xs.allSatisfy { $0 >= l && $0 <= h })
        let alpha = 1 + 4 * (m - l) / (h - l), beta = 1 + 4 * (h - m) / (h - l)
        let variance = (h - l) * (h - l) * alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1))
        expectMoments(xs, mean: (l + 4 * m + h) / 6, variance: variance, "pert(\(l), \(m), \(h))")
        expectKS(xs, "pert(\(l), \(m), \(h))") { incompleteBeta(($0 - l) / (h - l), alpha, beta) }
    }

    @Test func aRangeOfZeroWidthGivesItsEnd() {
        let t = Distributions.triangular(low: .scalar(4), mode: .scalar(4), high: .scalar(4), 1000, key: key(8),
                                         .automatic)
        let p = Distributions.pert(low: .scalar(4), mode: .scalar(4), high: .scalar(4), 1000, key: key(8), .automatic)
        #expect(t.allSatisfy { $0 == 4 } && p.allSatisfy { $0 == 4 })
    }

    @Test func triangularTakesParametersSampleBySample() {
        let high = (0..<n).map { $0 % 2 == 0 ? 1.0 : 10.0 }
        let xs = Distributions.triangular(low: .scalar(0), mode: .scalar(1), high: .samples(high), n, key: key(9),
                                          .automatic)
        let odd = stride(from: 1, to: n, by: 2).map { xs[$0] }
        #expect(stride(from: 0, to: n, by: 2).allSatisfy { xs[$0] <= 1 })
        expectKS(odd, "triangular(0, 1, 10) samples") { triangularCDF($0, 0, 1, 10) }
    }

    // MARK: Poisson and binomial

    @Test(arguments: [0.5, 4.0, 9.99, 10.0, 37.5, 1_000.0, 20_000.0])
    func poissonMatchesItsPMF(mean: Double) {
        let xs = Distributions.poisson(mean: .scalar(mean), n, key: key(10), .automatic)
        expectMoments(xs, mean: mean, variance: mean, "poisson(\(mean))")
        expectPMF(xs, "poisson(\(mean))") { poissonPMF($0, mean) }
    }

    @Test func poissonOfZeroIsZero() {
        let xs = Distributions.poisson(mean: .scalar(0), 1000, key: key(11), .automatic)
        #expect(xs.allSatisfy { $0 == 0 })
    }

    @Test func poissonTakesMeansSampleBySample() {
        // Alternating means on both sides of the switch from inversion to PTRS.
        let means = (0..<n).map { $0 % 2 == 0 ? 3.0 : 30.0 }
        let xs = Distributions.poisson(mean: .samples(means), n, key: key(12), .automatic)
        let even = stride(from: 0, to: n, by: 2).map { xs[$0] }
        let odd = stride(from: 1, to: n, by: 2).map { xs[$0] }
        expectPMF(even, "poisson(3) samples") { poissonPMF($0, 3) }
        expectPMF(odd, "poisson(30) samples") { poissonPMF($0, 30) }
    }

    @Test(arguments: [(20, 0.3), (1_000, 0.005), (1, 0.5), (100, 0.4), (5_000, 0.9), (60, 0.97), (100_000, 0.5)])
    func binomialMatchesItsPMF(trials: Int, p: Double) {
        let xs = Distributions.binomial(trials: .scalar(Double(trials)), p: .scalar(p), n, key: key(13), .automatic)
        #expect(xs.allSatisfy { $0 >= 0 && $0 <= Double(trials) })
        let t = Double(trials)
        expectMoments(xs, mean: t * p, variance: t * p * (1 - p), "binomial(\(trials), \(p))")
        expectPMF(xs, "binomial(\(trials), \(p))") { binomialPMF($0, trials, p) }
    }

    @Test func binomialEdgesAreCertain() {
        let zero = Distributions.binomial(trials: .scalar(0), p: .scalar(0.4), 100, key: key(14), .automatic)
        let never = Distributions.binomial(trials: .scalar(50), p: .scalar(0), 100, key: key(14), .automatic)
        let always = Distributions.binomial(trials: .scalar(50), p: .scalar(1), 100, key: key(14), .automatic)
        #expect(zero.allSatisfy { $0 == 0 } && never.allSatisfy { $0 == 0 } && always.allSatisfy { $0 == 50 })
    }

    @Test func binomialTakesParametersSampleBySample() {
        let trials = (0..<n).map { $0 % 2 == 0 ? 10.0 : 400.0 }
        let p = (0..<n).map { $0 % 2 == 0 ? 0.5 : 0.25 }
        let xs = Distributions.binomial(trials: .samples(trials), p: .samples(p), n, key: key(15), .automatic)
        let even = stride(from: 0, to: n, by: 2).map { xs[$0] }
        let odd = stride(from: 1, to: n, by: 2).map { xs[$0] }
        expectPMF(even, "binomial(10, 0.5) samples") { binomialPMF($0, 10, 0.5) }
        expectPMF(odd, "binomial(400, 0.25) samples") { binomialPMF($0, 400, 0.25) }
    }

    // MARK: Reproducibility

    @Test func theSameKeyGivesTheSameSamplesOnOneCoreAndOnTwo() {
        let draws: [(StreamKey, Parallelism) -> [Double]] = [
            { Distributions.gamma(shape: .scalar(0.7), n, key: $0, $1) },
            { Distributions.beta(.scalar(2), .scalar(3), n, key: $0, $1) },
            { Distributions.triangular(low: .scalar(0), mode: .scalar(1), high: .scalar(3), n, key: $0, $1) },
            { Distributions.pert(low: .scalar(0), mode: .scalar(1), high: .scalar(3), n, key: $0, $1) },
            { Distributions.poisson(mean: .scalar(4), n, key: $0, $1) },
            { Distributions.poisson(mean: .scalar(400), n, key: $0, $1) },
            { Distributions.binomial(trials: .scalar(30), p: .scalar(0.2), n, key: $0, $1) },
            { Distributions.binomial(trials: .scalar(3000), p: .scalar(0.2), n, key: $0, $1) },
        ]
        for (i, draw) in draws.enumerated() {
            let serial = draw(key(20), .serial)
            #expect(serial == draw(key(20), .parallel), "sampler \(i): one core and two differ")
            #expect(serial == draw(key(20), .automatic), "sampler \(i): not reproducible")
            #expect(serial != draw(key(21), .serial), "sampler \(i): another key gives the same samples")
        }
    }

    // MARK: Truncation

    @Test func truncationRedrawsInsideTheBounds() throws {
        // A standard normal kept within [−1, 2]; the truncated normal's mean is
        // (φ(−1) − φ(2)) / (Φ(2) − Φ(−1)).
        let x = Sampling.normal(mean: .scalar(0), sd: .scalar(1), n, key(30), .automatic)
        var rounds = 0
        let kept = try Distributions.truncate(x, low: .scalar(-1), high: .scalar(2)) { round in
            rounds += 1
            return Sampling.normal(mean: .scalar(0), sd: .scalar(1), n, key(31 + UInt64(round)), .automatic)
        }
        #expect(rounds >= 1)
        #expect(kept.allSatisfy { $0 >= -1 && $0 <= 2 })
        // Samples already inside stay as they were.
        #expect((0..<n).allSatisfy { x[$0] < -1 || x[$0] > 2 || kept[$0] == x[$0] })
        let phi = { (z: Double) in exp(-z * z / 2) / (2 * Double.pi).squareRoot() }
        let cdf = { (z: Double) in 0.5 * erfc(-z / 2.0.squareRoot()) }
        let mass = cdf(2) - cdf(-1)
        expectKS(kept, "normal truncated to [−1, 2]") { (cdf(min(max($0, -1), 2)) - cdf(-1)) / mass }
        let mean = (phi(-1) - phi(2)) / mass
        let variance = 1 + (-1 * phi(-1) - 2 * phi(2)) / mass - mean * mean
        expectMoments(kept, mean: mean, variance: variance, "normal truncated to [−1, 2]")
    }

    @Test func truncationWithAnOpenSide() throws {
        let x = Sampling.normal(mean: .scalar(0), sd: .scalar(1), n, key(40), .automatic)
        let kept = try Distributions.truncate(x, low: .scalar(0), high: nil) { round in
            Sampling.normal(mean: .scalar(0), sd: .scalar(1), n, key(41 + UInt64(round)), .automatic)
        }
        #expect(kept.allSatisfy { $0 >= 0 })
        // A half-normal: mean √(2/π).
        expectMoments(kept, mean: (2 / Double.pi).squareRoot(), variance: 1 - 2 / Double.pi, "half-normal")
    }

    @Test func truncationTakesBoundsSampleBySample() throws {
        // Even samples are kept above −1, odd ones above 0 (a half-normal).
        let x = Sampling.normal(mean: .scalar(0), sd: .scalar(1), n, key(45), .automatic)
        let low = (0..<n).map { $0 % 2 == 0 ? -1.0 : 0.0 }
        let kept = try Distributions.truncate(x, low: .samples(low), high: nil) { round in
            Sampling.normal(mean: .scalar(0), sd: .scalar(1), n, key(46 + UInt64(round)), .automatic)
        }
        #expect((0..<n).allSatisfy { kept[$0] >= low[$0] })
        let odd = stride(from: 1, to: n, by: 2).map { kept[$0] }
        expectKS(odd, "half-normal samples") { erf($0 / 2.0.squareRoot()) }
    }

    @Test func gammaAndPertTakeParametersSampleBySample() {
        let shapes = (0..<n).map { $0 % 2 == 0 ? 0.4 : 6.0 }
        let g = Distributions.gamma(shape: .samples(shapes), n, key: key(47), .automatic)
        expectKS(stride(from: 0, to: n, by: 2).map { g[$0] }, "gamma(0.4) samples") { incompleteGamma(0.4, $0) }
        expectKS(stride(from: 1, to: n, by: 2).map { g[$0] }, "gamma(6) samples") { incompleteGamma(6, $0) }
        let modes = (0..<n).map { $0 % 2 == 0 ? 1.0 : 9.0 }
        let p = Distributions.pert(low: .scalar(0), mode: .samples(modes), high: .scalar(10), n, key: key(48),
                                   .automatic)
        // pert(0, 1, 10) is 10·Beta(1.4, 4.6); pert(0, 9, 10) is 10·Beta(4.6, 1.4).
        expectKS(stride(from: 0, to: n, by: 2).map { p[$0] }, "pert(0, 1, 10) samples") {
            incompleteBeta($0 / 10, 1.4, 4.6)
        }
        expectKS(stride(from: 1, to: n, by: 2).map { p[$0] }, "pert(0, 9, 10) samples") {
            incompleteBeta($0 / 10, 4.6, 1.4)
        }
    }

    @Test func truncationKeepingUnderOnePercentIsAnError() {
        let x = Sampling.normal(mean: .scalar(0), sd: .scalar(1), 10_000, key(50), .automatic)
        #expect(throws: DistributionParameterError.self) {
            _ = try Distributions.truncate(x, low: .scalar(2.6), high: nil) { _ in x }
        }
        do {
            _ = try Distributions.truncate(x, low: .scalar(2.6), high: nil) { _ in x }
        } catch let error as DistributionParameterError {
            #expect(error.parameter == "x")
            guard case .tooLittleInside(let share) = error.reason else {
                Issue.record("wrong reason \(error.reason)")
                return
            }
            #expect(share < 0.01 && share > 0)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func truncationPassesOnTheRedrawsError() {
        struct Failed: Error {}
        let x = Sampling.normal(mean: .scalar(0), sd: .scalar(1), 1000, key(60), .automatic)
        #expect(throws: Failed.self) {
            _ = try Distributions.truncate(x, low: .scalar(0), high: nil) { _ in throw Failed() }
        }
    }

    @Test func truncationChecksItsBounds() {
        let x = [1.0, 2.0, 3.0]
        #expect(throws: DistributionParameterError(parameter: "low", reason: .lowAboveHigh, sample: nil, value: 3)) {
            _ = try Distributions.truncate(x, low: .scalar(3), high: .scalar(2)) { _ in x }
        }
        #expect((try? Distributions.truncate(x, low: nil, high: nil) { _ in [] }) == x)
    }

    // MARK: Parameter checks

    @Test func badParametersAreNamed() {
        #expect(Distributions.checkBeta(a: .scalar(0), b: .scalar(1))?.parameter == "a")
        #expect(Distributions.checkBeta(a: .scalar(1), b: .samples([1, 2, -1]))
            == DistributionParameterError(parameter: "b", reason: .notPositive, sample: 2, value: -1))
        #expect(Distributions.checkBeta(a: .scalar(.nan), b: .scalar(1))?.reason == .notFinite)
        #expect(Distributions.checkBeta(a: .scalar(0.5), b: .scalar(3)) == nil)
        #expect(Distributions.checkRange(low: .scalar(5), mode: .scalar(5), high: .scalar(4))?.reason == .lowAboveHigh)
        #expect(Distributions.checkRange(low: .scalar(1), mode: .scalar(6), high: .scalar(5))
            == DistributionParameterError(parameter: "mode", reason: .modeOutside, sample: nil, value: 6))
        #expect(Distributions.checkRange(low: .scalar(1), mode: .samples([2, 0.5]), high: .scalar(5))?.sample == 1)
        #expect(Distributions.checkRange(low: .scalar(1), mode: .scalar(1), high: .scalar(1)) == nil)
        #expect(Distributions.checkPoisson(mean: .scalar(-0.1))?.reason == .negative)
        #expect(Distributions.checkPoisson(mean: .scalar(0)) == nil)
        #expect(Distributions.checkBinomial(trials: .scalar(2.5), p: .scalar(0.5))?.reason == .notWholeCount)
        #expect(Distributions.checkBinomial(trials: .scalar(-1), p: .scalar(0.5))?.parameter == "n")
        #expect(Distributions.checkBinomial(trials: .scalar(10), p: .scalar(1.2))?.reason == .probabilityOutside)
        #expect(Distributions.checkBinomial(trials: .scalar(10), p: .scalar(1)) == nil)
        #expect(Distributions.checkGamma(shape: .scalar(0))?.parameter == "shape")
        #expect(DistributionParameterError(parameter: "mode", reason: .modeOutside, sample: 4, value: 1).description
            == "mode lies outside [low, high] (in sample 5)")
    }
}
