// Finance with numpy-financial's and spreadsheets' conventions (SPEC §22):
// npv, irr, xnpv, xirr, pmt, and Brent's method for `solve`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a finance function or `solve` has no answer. The evaluator turns it
/// into a located error at the call.
enum FinanceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The flows are all of one sign (zeros aside): no rate makes npv 0.
    case noSignChange
    /// `irr`/`xirr` searched every rate above −100% and found none where
    /// the npv is 0 (the flows change sign, but npv never reaches 0).
    case noRate(function: String)
    /// `brent`: f has the same sign at both ends of the interval.
    case sameSign(low: Double, high: Double, fLow: Double, fHigh: Double)
    /// f gave NaN or an infinity at x.
    case notFinite(x: Double)
    /// `brent` ran out of iterations (does not happen for a continuous f).
    case didNotConverge(iterations: Int)
    /// A rate of −100% or below, where (1 + rate)^t is undefined.
    case rateAtOrBelowMinus100(Double)
    /// `xnpv`/`xirr`: the dates and flows differ in length, or are empty.
    case lengthMismatch(dates: Int, flows: Int)
    /// `xnpv`/`xirr`: dates[index] is before dates[0], which spreadsheets
    /// reject (#NUM!): the first date is where discounting starts.
    case dateBeforeFirst(index: Int)

    var description: String {
        switch self {
        case .noSignChange:
            return "the flows never change sign, so no rate makes their npv 0"
        case .noRate(let function):
            return "\(function) did not converge: no rate above -100% makes the npv 0"
        case .sameSign(let low, let high, let fLow, let fHigh):
            return "f has the same sign at both ends (f(\(low)) = \(fLow), f(\(high)) = \(fHigh))"
        case .notFinite(let x):
            return "f is not a finite number at \(x)"
        case .didNotConverge(let iterations):
            return "did not converge in \(iterations) iterations"
        case .rateAtOrBelowMinus100(let rate):
            return "the rate \(rate * 100)% is at or below -100%"
        case .lengthMismatch(let dates, let flows):
            return dates == 0 || flows == 0 ? "needs at least one date and flow"
                : "\(dates) dates but \(flows) flows"
        case .dateBeforeFirst(let index):
            return "date \(index + 1) is before the first date, where discounting starts"
        }
    }
}

/// Finance functions with numpy-financial's and spreadsheets' conventions
/// (SPEC §22), on plain numbers: rates as fractions (5% is 0.05), dates
/// as day numbers. The evaluator applies them sample by sample.
enum Finance {
    /// Σ flows[t] / (1 + rate)^t with flows[0] at t = 0, as
    /// `numpy_financial.npv` (a spreadsheet's NPV starts at t = 1).
    static func npv(rate: Double, flows: [Double]) -> Double {
        var total = 0.0
        for (t, flow) in flows.enumerated() { total += flow / pow(1 + rate, Double(t)) }
        return total
    }

    /// The periodic payment that repays `presentValue` over `periods`
    /// periods at `rate`, paid at the end of each (numpy_financial.pmt with
    /// fv = 0, when = 'end'): negative for a positive loan. Rate 0 gives
    /// −pv / n; 0 periods divide by zero, as in numpy.
    static func pmt(rate: Double, periods: Double, presentValue: Double) -> Double {
        let growth = pow(1 + rate, periods)
        let factor = rate == 0 ? periods : (growth - 1) / rate
        return -(presentValue * growth) / factor
    }

    /// Σ flows[i] / (1 + rate)^((dates[i] − dates[0]) / 365), as a
    /// spreadsheet's XNPV: actual/365 from the first date; the others may
    /// come in any order but none before it.
    static func xnpv(rate: Double, dates: [Int], flows: [Double]) throws -> Double {
        try checkDated(dates, flows)
        guard rate > -1 else { throw FinanceError.rateAtOrBelowMinus100(rate) }
        let start = dates[0]
        var total = 0.0
        for i in flows.indices {
            total += flows[i] / pow(1 + rate, Double(dates[i] - start) / 365)
        }
        return total
    }

    /// The rate per period at which `npv(rate, flows)` is 0. Where several
    /// rates are, the one closest to 0, as numpy_financial.irr (which takes
    /// the polynomial's roots) chooses.
    static func irr(_ flows: [Double]) throws -> Double {
        try rateOfReturn(times: flows.indices.map(Double.init), flows: flows, function: "irr")
    }

    /// The annual rate at which `xnpv(rate, dates, flows)` is 0 (the one
    /// closest to 0 where there are several), as a spreadsheet's XIRR.
    static func xirr(dates: [Int], flows: [Double]) throws -> Double {
        try checkDated(dates, flows)
        let start = dates[0]
        return try rateOfReturn(times: dates.map { Double($0 - start) / 365 }, flows: flows, function: "xirr")
    }

    private static func checkDated(_ dates: [Int], _ flows: [Double]) throws {
        guard dates.count == flows.count, !flows.isEmpty else {
            throw FinanceError.lengthMismatch(dates: dates.count, flows: flows.count)
        }
        if let index = dates.firstIndex(where: { $0 < dates[0] }) { throw FinanceError.dateBeforeFirst(index: index) }
    }

    /// How far the search for a rate of return reaches, in s = ln(1 + rate):
    /// from −100% + e^−50 to e^50 (about 5·10^21 per period).
    static let largestLogRate = 50.0

    /// The rate r closest to 0 with Σ flows[i]·(1 + r)^(−times[i]) = 0.
    ///
    /// In s = ln(1 + r) every rate above −100% is a real number and the npv
    /// is a sum of exponentials, Σ flows[i]·e^(−times[i]·s). The search
    /// walks outward from s = 0 on both sides at once, in steps that start
    /// at 0.001 and grow by 3% a step, and refines the first sign change on
    /// a side with Brent's method. A side stops at its first root, and once
    /// its rates are further from 0 than a root already found; the nearer
    /// root wins. Each side is scaled by e^(t*·s) (t* the earliest time for
    /// s > 0, the latest for s < 0), which keeps every exponent ≤ 0 so no
    /// term overflows, and leaves the signs as they were. Two roots within
    /// one step of each other cancel out and are not seen.
    private static func rateOfReturn(times: [Double], flows: [Double], function: String) throws -> Double {
        guard flows.contains(where: { $0 > 0 }), flows.contains(where: { $0 < 0 }) else {
            throw FinanceError.noSignChange
        }
        func npv(_ s: Double, anchor: Double) -> Double {
            var total = 0.0
            for i in flows.indices { total += flows[i] * exp(-(times[i] - anchor) * s) }
            return total
        }
        if npv(0, anchor: 0) == 0 { return 0 }
        struct Side {
            let direction: Double, anchor: Double
            var s = 0.0, f: Double
            var done = false
        }
        var sides = [Side(direction: 1, anchor: times.min() ?? 0, f: 0),
                     Side(direction: -1, anchor: times.max() ?? 0, f: 0)]
        for k in sides.indices { sides[k].f = npv(0, anchor: sides[k].anchor) }
        var best: Double?
        var step = 0.001
        while sides.contains(where: { !$0.done }) {
            for k in sides.indices where !sides[k].done {
                var side = sides[k]
                defer { sides[k] = side }
                if let best, abs(expm1(side.s)) >= abs(best) {
                    side.done = true
                    continue
                }
                let next = side.s + side.direction * step
                let g = npv(next, anchor: side.anchor)
                guard g.isFinite, abs(next) <= largestLogRate else {
                    side.done = true
                    continue
                }
                var root: Double?
                if g == 0 {
                    root = next
                } else if (side.f < 0) != (g < 0) {
                    let anchor = side.anchor
                    root = try brent({ npv($0, anchor: anchor) }, low: min(side.s, next), high: max(side.s, next),
                                     relativeTolerance: 4 * .ulpOfOne, absoluteTolerance: 1e-300)
                }
                if let root {
                    let rate = expm1(root)
                    if best.map({ abs(rate) < abs($0) }) ?? true { best = rate }
                    side.done = true
                }
                side.s = next
                side.f = g
            }
            step *= 1.03
        }
        guard let best else { throw FinanceError.noRate(function: function) }
        return best
    }

    /// A root of f in [low, high] by Brent's method (1973), in the form of
    /// scipy's `brentq`: inverse quadratic interpolation or secant steps
    /// where they make progress, bisection where they do not, so it never
    /// does worse than bisection and converges superlinearly for smooth f.
    ///
    /// Stops when the bracket is below relativeTolerance·|x| +
    /// absoluteTolerance (nil: relativeTolerance·1e-9·max(|low|, |high|),
    /// so a root at exactly 0 still ends), or f(x) = 0. Throws
    /// ``FinanceError/sameSign(low:high:fLow:fHigh:)`` when f(low) and
    /// f(high) have the same sign, ``FinanceError/notFinite(x:)`` when f
    /// is NaN or infinite, and passes on what f throws.
    static func brent(_ f: (Double) throws -> Double, low: Double, high: Double,
                      relativeTolerance: Double = 1e-12, absoluteTolerance: Double? = nil,
                      maxIterations: Int = 500) throws -> Double {
        let xtol = absoluteTolerance ?? relativeTolerance * 1e-9 * max(abs(low), abs(high))
        func value(_ x: Double) throws -> Double {
            let y = try f(x)
            guard y.isFinite else { throw FinanceError.notFinite(x: x) }
            return y
        }
        var xpre = low, xcur = high
        var fpre = try value(xpre), fcur = try value(xcur)
        if fpre == 0 { return xpre }
        if fcur == 0 { return xcur }
        guard (fpre < 0) != (fcur < 0) else {
            throw FinanceError.sameSign(low: low, high: high, fLow: fpre, fHigh: fcur)
        }
        var xblk = 0.0, fblk = 0.0, spre = 0.0, scur = 0.0
        for _ in 0..<maxIterations {
            if fpre != 0 && fcur != 0 && (fpre < 0) != (fcur < 0) {
                xblk = xpre
                fblk = fpre
                spre = xcur - xpre
                scur = spre
            }
            // xcur is the best guess so far, xblk the other end of the bracket.
            if abs(fblk) < abs(fcur) {
                xpre = xcur; xcur = xblk; xblk = xpre
                fpre = fcur; fcur = fblk; fblk = fpre
            }
            let delta = (xtol + relativeTolerance * abs(xcur)) / 2
            let sbis = (xblk - xcur) / 2
            if fcur == 0 || abs(sbis) < delta { return xcur }
            if abs(spre) > delta && abs(fcur) < abs(fpre) {
                let stry: Double
                if xpre == xblk {
                    stry = -fcur * (xcur - xpre) / (fcur - fpre)
                } else {
                    let dpre = (fpre - fcur) / (xpre - xcur)
                    let dblk = (fblk - fcur) / (xblk - xcur)
                    stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
                }
                if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta) {
                    spre = scur
                    scur = stry
                } else {
                    spre = sbis
                    scur = sbis
                }
            } else {
                spre = sbis
                scur = sbis
            }
            xpre = xcur
            fpre = fcur
            xcur += abs(scur) > delta ? scur : (sbis > 0 ? delta : -delta)
            fcur = try value(xcur)
        }
        throw FinanceError.didNotConverge(iterations: maxIterations)
    }
}
