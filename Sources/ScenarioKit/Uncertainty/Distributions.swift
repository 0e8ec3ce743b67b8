// The constructors of SPEC §16 as whole sample arrays: beta, gamma,
// triangular, PERT, Poisson, binomial, and truncation by rejection.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The constructors of SPEC §16: exact samplers (no approximations), drawn
/// like ``Sampling``'s, chunk by chunk with a generator per chunk, so one
/// key gives the same samples on one core and on two.
///
/// Parameters are ``Operand``s: one number, or one per sample (an array of
/// at least `n`). The samplers assume valid parameters; the evaluator runs
/// the matching `check…` function first and reports its
/// ``DistributionParameterError`` at the call.
enum Distributions {
    /// Gamma(shape, scale) samples (Marsaglia & Tsang, 2000).
    static func gamma(shape: Operand, scale: Operand = .scalar(1), _ n: Int, key: StreamKey,
                      _ mode: Parallelism) -> [Double] {
        assert(covers(n, shape, scale))
        let ziggurat = Ziggurat.shared
        return shape.withLane { a in
            scale.withLane { s in
                Chunks.makeArray(n, mode) { chunk, range, out in
                    var g = Xoshiro256StarStar(key, chunk: chunk)
                    var draw = GammaDraw()
                    ziggurat.withTables { xp, rp in
                        for i in range {
                            draw.prepare(a[i])
                            out[i] = s[i] * draw.next(&g, xp, rp)
                        }
                    }
                }
            }
        }
    }

    /// Beta(a, b) samples: fractions in [0, 1] (a, b > 0).
    static func beta(_ a: Operand, _ b: Operand, _ n: Int, key: StreamKey, _ mode: Parallelism) -> [Double] {
        assert(covers(n, a, b))
        let ziggurat = Ziggurat.shared
        return a.withLane { a in
            b.withLane { b in
                Chunks.makeArray(n, mode) { chunk, range, out in
                    var g = Xoshiro256StarStar(key, chunk: chunk)
                    var draw = BetaDraw()
                    ziggurat.withTables { xp, rp in
                        for i in range { out[i] = draw.next(a[i], b[i], &g, xp, rp) }
                    }
                }
            }
        }
    }

    /// Triangular(low, mode, high) samples by inversion of the CDF: one
    /// uniform per sample. low = high gives low.
    static func triangular(low: Operand, mode peak: Operand, high: Operand, _ n: Int, key: StreamKey,
                           _ mode: Parallelism) -> [Double] {
        assert(covers(n, low, peak, high))
        return Sampling.withLanes([low, peak, high]) { lanes in
            let l = lanes[0], m = lanes[1], h = lanes[2]
            return Sampling.uniforms(n, key, mode) { i, u in
                triangularQuantile(u, l[i], m[i], h[i])
            }
        }
    }

    /// The u-quantile of Triangular(l, m, h): below the mode when u < F(m).
    @inline(__always)
    static func triangularQuantile(_ u: Double, _ l: Double, _ m: Double, _ h: Double) -> Double {
        let width = h - l
        guard width > 0 else { return l }
        let left = m - l
        if u * width < left { return l + (u * width * left).squareRoot() }
        return max(h - ((1 - u) * width * (h - m)).squareRoot(), l)
    }

    /// PERT(low, mode, high) samples with λ = 4: low + (high − low)·Beta(α, β),
    /// α = 1 + 4(mode − low)/(high − low), β = 1 + 4(high − mode)/(high − low);
    /// mean (low + 4·mode + high) / 6. low = high gives low.
    static func pert(low: Operand, mode peak: Operand, high: Operand, _ n: Int, key: StreamKey,
                     _ mode: Parallelism) -> [Double] {
        assert(covers(n, low, peak, high))
        let ziggurat = Ziggurat.shared
        return Sampling.withLanes([low, peak, high]) { lanes in
            let l = lanes[0], m = lanes[1], h = lanes[2]
            return Chunks.makeArray(n, mode) { chunk, range, out in
                var g = Xoshiro256StarStar(key, chunk: chunk)
                var draw = BetaDraw()
                ziggurat.withTables { xp, rp in
                    for i in range {
                        let width = h[i] - l[i]
                        guard width > 0 else {
                            out[i] = l[i]
                            continue
                        }
                        let alpha = 1 + 4 * (m[i] - l[i]) / width
                        let beta = 1 + 4 * (h[i] - m[i]) / width
                        out[i] = l[i] + width * draw.next(alpha, beta, &g, xp, rp)
                    }
                }
            }
        }
    }

    /// Poisson(mean) samples: whole numbers ≥ 0 (inversion below a mean of
    /// 10, PTRS above).
    static func poisson(mean: Operand, _ n: Int, key: StreamKey, _ mode: Parallelism) -> [Double] {
        assert(covers(n, mean))
        return mean.withLane { lambda in
            Chunks.makeArray(n, mode) { chunk, range, out in
                var g = Xoshiro256StarStar(key, chunk: chunk)
                var draw = PoissonDraw()
                for i in range {
                    draw.prepare(lambda[i])
                    out[i] = draw.next(&g)
                }
            }
        }
    }

    /// Binomial(trials, p) samples: whole numbers 0…trials (inversion below
    /// trials·min(p, 1 − p) = 10, BTRS above).
    static func binomial(trials: Operand, p: Operand, _ n: Int, key: StreamKey, _ mode: Parallelism) -> [Double] {
        assert(covers(n, trials, p))
        return trials.withLane { t in
            p.withLane { p in
                Chunks.makeArray(n, mode) { chunk, range, out in
                    var g = Xoshiro256StarStar(key, chunk: chunk)
                    var draw = BinomialDraw()
                    for i in range {
                        draw.prepare(t[i], p[i])
                        out[i] = draw.next(&g)
                    }
                }
            }
        }
    }

    /// True when every per-sample operand has a value for each of n samples
    /// (the lanes are read through unchecked pointers).
    private static func covers(_ n: Int, _ operands: Operand...) -> Bool {
        operands.allSatisfy { operand in
            if case .samples(let xs) = operand { return xs.count >= n }
            return true
        }
    }
}
