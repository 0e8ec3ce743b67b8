// Single draws of the exact samplers (gamma, beta, Poisson, binomial),
// keeping the constants of their last parameters.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Single draws of the exact samplers behind ``Distributions``. Each keeps
// the constants of its last parameters, so a chunk with plain parameters
// computes them once, and one with per-sample parameters (an uncertain
// mean, say) recomputes them only when they change.

/// Gamma(shape, 1) by Marsaglia & Tsang (2000): a normal deviate cubed and
/// accepted by a squeeze (about 98% of draws) or the exact log test. Shapes
/// below 1 draw Gamma(shape + 1) and multiply by U^(1/shape), the
/// authors' own boost.
struct GammaDraw {
    private(set) var shape = Double.nan
    private var d = 0.0, c = 0.0, inverseShape = 0.0
    private var boosted = false

    @inline(__always)
    mutating func prepare(_ a: Double) {
        guard a != shape else { return }
        shape = a
        boosted = a < 1
        d = (boosted ? a + 1 : a) - 1.0 / 3
        c = 1 / (9 * d).squareRoot()
        inverseShape = 1 / a
    }

    /// One draw for the prepared shape.
    @inline(__always)
    func next(_ g: inout Xoshiro256StarStar, _ xp: UnsafeBufferPointer<Double>,
              _ rp: UnsafeBufferPointer<Double>) -> Double {
        let x = core(&g, xp, rp)
        return boosted ? x * pow(g.nextOpenUnit(), inverseShape) : x
    }

    /// The logarithm of one draw. For tiny shapes U^(1/shape) underflows to
    /// 0 although the draw is a positive number; its logarithm does not.
    @inline(__always)
    func nextLog(_ g: inout Xoshiro256StarStar, _ xp: UnsafeBufferPointer<Double>,
                 _ rp: UnsafeBufferPointer<Double>) -> Double {
        let x = log(core(&g, xp, rp))
        return boosted ? x + log(g.nextOpenUnit()) * inverseShape : x
    }

    /// True when the shape is at least 1 (no boost, so no underflow).
    var isPlain: Bool { !boosted }

    /// Gamma(d + 1/3, 1).
    @inline(__always)
    private func core(_ g: inout Xoshiro256StarStar, _ xp: UnsafeBufferPointer<Double>,
                      _ rp: UnsafeBufferPointer<Double>) -> Double {
        while true {
            var x: Double, v: Double
            repeat {
                x = Ziggurat.next(&g, xp, rp)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = g.nextOpenUnit()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if log(u) < 0.5 * x2 + d * (1 - v + log(v)) { return d * v }
        }
    }
}

/// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). When a shape
/// is below 1 the ratio is taken from the logarithms, which stay finite
/// where the draws themselves would underflow to 0 / 0.
struct BetaDraw {
    private var x = GammaDraw(), y = GammaDraw()

    @inline(__always)
    mutating func next(_ a: Double, _ b: Double, _ g: inout Xoshiro256StarStar,
                       _ xp: UnsafeBufferPointer<Double>, _ rp: UnsafeBufferPointer<Double>) -> Double {
        x.prepare(a)
        y.prepare(b)
        if x.isPlain && y.isPlain {
            let gx = x.next(&g, xp, rp)
            let gy = y.next(&g, xp, rp)
            return gx / (gx + gy)
        }
        let lx = x.nextLog(&g, xp, rp)
        let ly = y.nextLog(&g, xp, rp)
        let gap = ly - lx
        // Subnormal shapes, where 1/shape overflows and both logarithms
        // are −inf: the draw is then 0 or 1, 1 with probability a / (a + b).
        // (Merely tiny shapes give huge finite logarithms, and 0 or 1 below.)
        if gap.isNaN { return g.nextUnit() * (a + b) < a ? 1 : 0 }
        // x / (x + y) = 1 / (1 + e^(ly − lx)); exp overflowing gives 0.
        return 1 / (1 + exp(gap))
    }
}

/// Poisson(mean): inversion (a sequential search from 0) below a mean of
/// 10, where it takes about mean + 1 steps; above, Hörmann's (1993) PTRS,
/// transformed rejection with squeeze, in the form numpy uses: about 1.1
/// pairs of uniforms per draw whatever the mean.
struct PoissonDraw {
    static let inversionLimit = 10.0

    private(set) var mean = Double.nan
    private var expMinusMean = 0.0
    private var logMean = 0.0, a = 0.0, b = 0.0, logInverseAlpha = 0.0, vr = 0.0

    @inline(__always)
    mutating func prepare(_ lambda: Double) {
        guard lambda != mean else { return }
        mean = lambda
        if lambda < Self.inversionLimit {
            expMinusMean = exp(-lambda)
            return
        }
        let root = lambda.squareRoot()
        logMean = log(lambda)
        b = 0.931 + 2.53 * root
        a = -0.059 + 0.02483 * b
        logInverseAlpha = log(1.1239 + 1.1328 / (b - 3.4))
        vr = 0.9277 - 3.6224 / (b - 2)
    }

    @inline(__always)
    func next(_ g: inout Xoshiro256StarStar) -> Double {
        mean < Self.inversionLimit ? inversion(&g) : ptrs(&g)
    }

    private func inversion(_ g: inout Xoshiro256StarStar) -> Double {
        if mean == 0 { return 0 }
        while true {
            let u = g.nextUnit()
            var k = 0.0, p = expMinusMean, cumulative = p
            // The terms beyond k = 200 are below 1e-150 for means under 10;
            // a u that rounding left above the whole sum draws again.
            while u >= cumulative && k < 200 {
                k += 1
                p *= mean / k
                cumulative += p
            }
            if u < cumulative { return k }
        }
    }

    private func ptrs(_ g: inout Xoshiro256StarStar) -> Double {
        while true {
            let u = g.nextUnit() - 0.5
            let v = g.nextUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return k }
            if k < 0 || (us < 0.013 && v > us) { continue }
            // log(0) = −inf for v = 0 accepts, as in the paper.
            if log(v) + logInverseAlpha - log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1) {
                return k
            }
        }
    }
}

/// Binomial(n, p): inversion below n·min(p, 1 − p) = 10 (a sequential
/// search, about n·p steps); above, Hörmann's (1993) BTRS, transformed
/// rejection with squeeze, accepting against the exact ratio of the
/// probabilities f(k) / f(mode) from log-gamma. Draws for p > 1/2 are n
/// minus draws for 1 − p.
struct BinomialDraw {
    static let inversionLimit = 10.0

    private(set) var trials = Double.nan, probability = Double.nan
    private var p = 0.0, flipped = false, small = true
    // inversion
    private var q = 0.0, qn = 0.0, ratio = 0.0, bound = 0.0
    // BTRS
    private var a = 0.0, b = 0.0, c = 0.0, vr = 0.0, alpha = 0.0, logRatio = 0.0, logModeTerm = 0.0

    @inline(__always)
    mutating func prepare(_ n: Double, _ probability: Double) {
        guard n != trials || probability != self.probability else { return }
        trials = n
        self.probability = probability
        flipped = probability > 0.5
        p = flipped ? 1 - probability : probability
        q = 1 - p
        small = n * p < Self.inversionLimit
        if small {
            // log1p keeps tiny p exact where 1 − p would round.
            qn = exp(n * log1p(-p))
            ratio = p / q
            bound = min(n, n * p + 10 * (n * p * q + 1).squareRoot())
            return
        }
        let spq = (n * p * q).squareRoot()
        b = 1.15 + 2.53 * spq
        a = -0.0873 + 0.0248 * b + 0.01 * p
        c = n * p + 0.5
        vr = 0.92 - 4.2 / b
        alpha = (2.83 + 5.1 / b) * spq
        logRatio = log(p / q)
        let m = ((n + 1) * p).rounded(.down)
        logModeTerm = logChoose(m) + m * logRatio
    }

    @inline(__always)
    func next(_ g: inout Xoshiro256StarStar) -> Double {
        if trials == 0 || p == 0 { return flipped ? trials : 0 }
        let k = small ? inversion(&g) : btrs(&g)
        return flipped ? trials - k : k
    }

    /// log C(n, k) − the part common to every k (log n!).
    @inline(__always)
    private func logChoose(_ k: Double) -> Double {
        -logGamma(k + 1) - logGamma(trials - k + 1)
    }

    private func inversion(_ g: inout Xoshiro256StarStar) -> Double {
        while true {
            var u = g.nextUnit()
            var k = 0.0, f = qn
            // f(k+1) = f(k)·(n − k)/(k + 1)·p/q; past the bound (10 sd above
            // the mean, or rounding's leftovers) the draw starts again.
            while u >= f && k <= bound {
                u -= f
                f *= (trials - k) / (k + 1) * ratio
                k += 1
            }
            if k <= bound && u < f { return k }
        }
    }

    private func btrs(_ g: inout Xoshiro256StarStar) -> Double {
        while true {
            let u = g.nextUnit() - 0.5
            let v = g.nextUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + c).rounded(.down)
            if k < 0 || k > trials { continue }
            if us >= 0.07 && v <= vr { return k }
            let logHat = log(v * alpha / (a / (us * us) + b))
            if logHat <= logChoose(k) + k * logRatio - logModeTerm { return k }
        }
    }
}

private let stirlingCoefficients: [Double] = [
    8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04, -5.952380952380952e-04,
    8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03, -2.955065359477124e-02,
    1.796443723688307e-01, -1.39243221690590e+00,
]

/// log Γ(x) for x ≥ 1 by Stirling's series, shifted up to x ≥ 7 first (the
/// form numpy's samplers use). Pure, unlike libm's `lgamma`, which writes
/// the global `signgam` and so races between chunk threads.
@inline(__always)
private func logGamma(_ x: Double) -> Double {
    if x == 1 || x == 2 { return 0 }
    let shift = x < 7 ? (7 - x).rounded(.towardZero) : 0
    var x0 = x + shift
    let x2 = 1 / (x0 * x0)
    var series = -1.39243221690590e+00
    for k in stride(from: 8, through: 0, by: -1) {
        series = series * x2 + stirlingCoefficients[k]
    }
    var result = series / x0 + 0.9189385332046728 + (x0 - 0.5) * log(x0) - x0
    if shift > 0 {
        for _ in 0..<Int(shift) {
            x0 -= 1
            result -= log(x0)
        }
    }
    return result
}
