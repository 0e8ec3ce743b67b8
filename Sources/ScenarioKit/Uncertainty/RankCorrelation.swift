// Spearman's rank correlation and Iman & Conover's reordering of
// index-aligned sample sets (SPEC §16).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Relations between index-aligned sample sets (SPEC §16): Spearman's rank
/// correlation, and Iman & Conover's (1982) reordering that gives one
/// sample set a chosen rank correlation with another without changing
/// either's values.
enum RankCorrelation {
    /// 1-based ranks, tied values sharing the average of their ranks.
    static func ranks(_ xs: [Double]) -> [Double] {
        let order = sortedIndices(xs)
        var ranks = [Double](repeating: 0, count: xs.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && xs[order[end]] == xs[order[start]] { end += 1 }
            // Ranks start + 1 … end share their mean.
            let average = Double(start + 1 + end) / 2
            for k in start..<end { ranks[order[k]] = average }
            start = end
        }
        return ranks
    }

    /// Spearman's rank correlation of paired samples: Pearson's correlation
    /// of their average ranks, in [-1, 1]; 0 when either side is constant
    /// (or there are fewer than two pairs). Only the first min(x, y) pairs count.
    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        let n = min(x.count, y.count)
        guard n >= 2 else { return 0 }
        let rx = ranks(Array(x.prefix(n))), ry = ranks(Array(y.prefix(n)))
        // Average ranks always have mean (n + 1) / 2.
        let centre = Double(n + 1) / 2
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let a = rx[i] - centre, b = ry[i] - centre
            sxy += a * b
            sxx += a * a
            syy += b * b
        }
        guard sxx > 0, syy > 0 else { return 0 }
        return min(max(sxy / (sxx * syy).squareRoot(), -1), 1)
    }

    /// `correlate`'s rho must be a number in −1…1.
    static func checkRho(_ rho: Double) -> DistributionParameterError? {
        if !rho.isFinite { return DistributionParameterError("rho", .notFinite, sample: nil, value: rho) }
        if rho < -1 || rho > 1 {
            return DistributionParameterError("rho", .correlationOutside, sample: nil, value: rho)
        }
        return nil
    }

    /// x's samples reordered so that their rank correlation with y is about
    /// `rho` (−1…1): Iman & Conover's method for two variables.
    ///
    /// y's samples get van der Waerden scores Φ⁻¹(rank / (n + 1)) (average
    /// ranks for ties); a second score column is a permutation of the same
    /// scores (keyed by `key`), made exactly uncorrelated with y's by
    /// Gram–Schmidt, which is the Cholesky step of the method. The two are
    /// mixed as r·y + √(1 − r²)·w and x's sorted values are handed out in
    /// the mix's rank order. For normal scores, Pearson r gives Spearman
    /// (6/π)·asin(r/2), so r = 2·sin(π·rho/6) aims the rank correlation
    /// itself at rho (Iman & Conover target r = rho, up to 0.018 off).
    ///
    /// rho = ±1 sorts x along y exactly (ties in y in sample order). x's
    /// multiset of values is unchanged; a constant y leaves x as it is.
    static func imanConover(_ x: [Double], _ y: [Double], rho: Double, key: StreamKey) -> [Double] {
        let n = x.count
        guard n >= 2, y.count == n else { return x }
        let sortedX = x.sorted()
        if rho >= 1 || rho <= -1 {
            return place(sortedX, order: sortedIndices(y), descending: rho < 0)
        }
        let ry = ranks(y)
        let scale = 1 / Double(n + 1)
        var zy = ry.map { normalQuantile($0 * scale) }
        var w = (1...n).map { normalQuantile(Double($0) * scale) }
        var g = Xoshiro256StarStar(key, chunk: 0)
        for i in stride(from: n - 1, to: 0, by: -1) {
            w.swapAt(i, Int(g.next() % UInt64(i + 1)))
        }
        guard center(&zy) > 0 else { return x }
        _ = center(&w)
        // w minus its projection on zy, then both to unit length.
        let zz = dot(zy, zy)
        let projection = dot(w, zy) / zz
        for i in 0..<n { w[i] -= projection * zy[i] }
        let ww = dot(w, w)
        let r = 2 * sin(Double.pi * rho / 6)
        let a = r / zz.squareRoot()
        let b = ww > 0 ? (1 - r * r).squareRoot() / ww.squareRoot() : 0
        let mixed = (0..<n).map { a * zy[$0] + b * w[$0] }
        return place(sortedX, order: sortedIndices(mixed), descending: false)
    }

    /// result[order[k]] = sorted[k] (or sorted[n − 1 − k]).
    private static func place(_ sorted: [Double], order: [Int], descending: Bool) -> [Double] {
        var result = sorted
        let last = sorted.count - 1
        for (k, i) in order.enumerated() { result[i] = sorted[descending ? last - k : k] }
        return result
    }

    /// Indices in ascending order of value, equal values in index order.
    static func sortedIndices(_ xs: [Double]) -> [Int] {
        var pairs = xs.enumerated().map { ($0.element, $0.offset) }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        return pairs.map(\.1)
    }

    /// Subtracts the mean; returns the sum of squares left.
    private static func center(_ xs: inout [Double]) -> Double {
        let mean = xs.reduce(0, +) / Double(xs.count)
        for i in xs.indices { xs[i] -= mean }
        return dot(xs, xs)
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var total = 0.0
        for i in a.indices { total += a[i] * b[i] }
        return total
    }

    /// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation (relative
    /// error 1.2e-9) polished by one Halley step on erfc, which leaves it
    /// within a few ulp.
    static func normalQuantile(_ p: Double) -> Double {
        guard p > 0 else { return -.infinity }
        guard p < 1 else { return .infinity }
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}
