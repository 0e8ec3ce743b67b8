/// A constructor parameter that cannot be drawn from: which one, why, and
/// for uncertain parameters the first sample where it fails. The evaluator
/// turns it into a located error at the argument it names.
struct DistributionParameterError: Error, Equatable, Sendable, CustomStringConvertible {
    enum Reason: Equatable, Sendable {
        /// NaN or infinite.
        case notFinite
        /// a ≤ 0 where a > 0 is needed (beta's shapes).
        case notPositive
        /// Below zero (a Poisson mean).
        case negative
        /// low is above high.
        case lowAboveHigh
        /// The mode lies outside [low, high].
        case modeOutside
        /// A probability outside 0…1.
        case probabilityOutside
        /// A correlation outside −1…1 (`correlate`'s rho).
        case correlationOutside
        /// A count that is not a whole number ≥ 0.
        case notWholeCount
        /// Above the largest value the sampler draws exactly for.
        case tooLarge(limit: Double)
        /// Under 1% of x's samples lie within the bounds (`truncate`).
        case tooLittleInside(fraction: Double)
        /// Redrawing did not fill every sample within the bounds.
        case redrawsExhausted
    }

    /// The parameter's name as SPEC §16 writes it: "a", "b", "low", "mode",
    /// "high", "mean", "n", "p", "x".
    var parameter: String
    var reason: Reason
    /// The first failing sample of an uncertain parameter; nil for a plain one.
    var sample: Int?
    /// The failing value.
    var value: Double

    var description: String {
        let what: String
        switch reason {
        case .notFinite: what = "is not a finite number"
        case .notPositive: what = "must be above 0"
        case .negative: what = "must not be negative"
        case .lowAboveHigh: what = "is above high"
        case .modeOutside: what = "lies outside [low, high]"
        case .probabilityOutside: what = "must be between 0% and 100%"
        case .correlationOutside: what = "must be between -1 and 1"
        case .notWholeCount: what = "must be a whole number, 0 or more"
        case .tooLarge(let limit): what = "must be at most \(limit)"
        case .tooLittleInside(let fraction):
            what = "has only \(fraction * 100)% of its samples within the bounds (at least 1% needed)"
        case .redrawsExhausted: what = "could not be redrawn within the bounds"
        }
        let at = sample.map { " (in sample \($0 + 1))" } ?? ""
        return "\(parameter) \(what)\(at)"
    }
}

extension DistributionParameterError {
    init(_ parameter: String, _ reason: Reason, sample: Int?, value: Double) {
        self.init(parameter: parameter, reason: reason, sample: sample, value: value)
    }
}

/// The checks the evaluator runs before drawing: each returns the first bad
/// parameter, nil when all can be drawn from.
extension Distributions {
    /// The largest count or mean drawn: whole numbers stay exact in a
    /// Double and the samplers' integer arithmetic cannot overflow.
    static let largestCount = 1e15

    static func checkBeta(a: Operand, b: Operand) -> DistributionParameterError? {
        firstBad("a", a) { $0 > 0 ? nil : .notPositive }
            ?? firstBad("b", b) { $0 > 0 ? nil : .notPositive }
    }

    static func checkGamma(shape: Operand) -> DistributionParameterError? {
        firstBad("shape", shape) { $0 > 0 ? nil : .notPositive }
    }

    /// low ≤ mode ≤ high (triangular and PERT).
    static func checkRange(low: Operand, mode: Operand, high: Operand) -> DistributionParameterError? {
        if let bad = firstBad("low", low, { _ in nil }) ?? firstBad("mode", mode, { _ in nil })
            ?? firstBad("high", high, { _ in nil }) {
            return bad
        }
        let count = max(length(low), length(mode), length(high))
        let perSample = !(low.isScalar && mode.isScalar && high.isScalar)
        return Sampling.withLanes([low, mode, high]) { lanes in
            let sample = { (i: Int) -> Int? in perSample ? i : nil }
            for i in 0..<count {
                let l = lanes[0][i], m = lanes[1][i], h = lanes[2][i]
                if l > h {
                    return DistributionParameterError("low", .lowAboveHigh, sample: sample(i), value: l)
                }
                if m < l || m > h {
                    return DistributionParameterError("mode", .modeOutside, sample: sample(i), value: m)
                }
            }
            return nil
        }
    }

    static func checkPoisson(mean: Operand) -> DistributionParameterError? {
        firstBad("mean", mean) { $0 < 0 ? .negative : ($0 > largestCount ? .tooLarge(limit: largestCount) : nil) }
    }

    /// `p` as a fraction (the evaluator converts percents).
    static func checkBinomial(trials: Operand, p: Operand) -> DistributionParameterError? {
        firstBad("n", trials) { n in
            if n < 0 || n != n.rounded(.towardZero) { return .notWholeCount }
            return n > largestCount ? .tooLarge(limit: largestCount) : nil
        } ?? firstBad("p", p) { (0...1).contains($0) ? nil : .probabilityOutside }
    }

    /// The first value of `operand` that is not finite or that `problem`
    /// objects to.
    private static func firstBad(_ name: String, _ operand: Operand,
                                 _ problem: (Double) -> DistributionParameterError.Reason?)
        -> DistributionParameterError? {
        func check(_ x: Double, _ sample: Int?) -> DistributionParameterError? {
            guard x.isFinite else { return DistributionParameterError(name, .notFinite, sample: sample, value: x) }
            return problem(x).map { DistributionParameterError(name, $0, sample: sample, value: x) }
        }
        switch operand {
        case .scalar(let x):
            return check(x, nil)
        case .samples(let xs):
            for (i, x) in xs.enumerated() {
                if let bad = check(x, i) { return bad }
            }
            return nil
        }
    }
}

/// 1 for a scalar, the number of samples otherwise.
private func length(_ operand: Operand) -> Int {
    switch operand {
    case .scalar: 1
    case .samples(let xs): xs.count
    }
}

extension Distributions {
    /// The share of x's samples that must lie within truncation bounds.
    static let smallestInsideShare = 0.01
    /// Rounds of redrawing before giving up: with at least 1% inside, each
    /// round of n redraws yields about n/100 samples inside, so 1,000
    /// rounds fail only by extraordinary chance.
    static let largestRedrawRounds = 1_000

    /// `truncate(x, low, high)`: x's samples outside [low, high] (either
    /// bound nil for an open side; bounds per sample allowed) are replaced,
    /// in order, by fresh draws of x that lie inside: `redraw(round)`
    /// returns n fresh samples of x for round 0, 1, 2, … (each from its own
    /// key). Every fresh sample is looked at once, for the next sample still
    /// to fill, and kept or discarded: rejection sampling, so a replaced
    /// sample has x's distribution restricted to its bounds.
    ///
    /// Throws a ``DistributionParameterError`` for "x" when under 1% of x's
    /// samples lie inside, and passes on whatever `redraw` throws.
    static func truncate(_ x: [Double], low: Operand?, high: Operand?,
                         redraw: (Int) throws -> [Double]) throws -> [Double] {
        let n = x.count
        guard n > 0, low != nil || high != nil else { return x }
        let lowOperand = low ?? .scalar(-.infinity)
        let highOperand = high ?? .scalar(.infinity)
        if let bad = checkBounds(low: lowOperand, high: highOperand) { throw bad }
        return try lowOperand.withLane { lo in
            try highOperand.withLane { hi in
                var outside: [Int] = []
                for i in 0..<n where !(x[i] >= lo[i] && x[i] <= hi[i]) { outside.append(i) }
                let inside = Double(n - outside.count) / Double(n)
                if inside < smallestInsideShare {
                    throw DistributionParameterError(parameter: "x", reason: .tooLittleInside(fraction: inside),
                                                     sample: nil, value: inside)
                }
                var result = x
                var next = 0
                var round = 0
                while next < outside.count {
                    guard round < largestRedrawRounds else {
                        throw DistributionParameterError(parameter: "x", reason: .redrawsExhausted,
                                                         sample: outside[next], value: x[outside[next]])
                    }
                    let fresh = try redraw(round)
                    round += 1
                    for y in fresh {
                        let i = outside[next]
                        guard y >= lo[i] && y <= hi[i] else { continue }
                        result[i] = y
                        next += 1
                        if next == outside.count { break }
                    }
                }
                return result
            }
        }
    }

    /// low ≤ high wherever both are given; NaN bounds are errors.
    static func checkBounds(low: Operand, high: Operand) -> DistributionParameterError? {
        let count = max(length(low), length(high))
        let perSample = !(low.isScalar && high.isScalar)
        return low.withLane { lo in
            high.withLane { hi in
                for i in 0..<count {
                    let sample = perSample ? i : nil
                    if lo[i].isNaN {
                        return DistributionParameterError("low", .notFinite, sample: sample, value: lo[i])
                    }
                    if hi[i].isNaN {
                        return DistributionParameterError("high", .notFinite, sample: sample, value: hi[i])
                    }
                    if lo[i] > hi[i] {
                        return DistributionParameterError("low", .lowAboveHigh, sample: sample, value: lo[i])
                    }
                }
                return nil
            }
        }
    }
}
