// The operators of Operators.swift lifted to uncertain values, sample by
// sample over whole arrays.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loops over whole sample arrays. Each takes the operation as a closure
/// that is inlined into a loop of its own, so `x + y` on a million samples
/// is one tight (vectorisable) loop, split over the cores when large.
enum SampleLoops {
    @inline(__always)
    static func withBase<R>(_ xs: [Double], _ body: (UnsafePointer<Double>) -> R) -> R {
        xs.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return withUnsafePointer(to: 0.0) { body($0) } }
            return body(base)
        }
    }

    @inline(__always)
    static func unary(_ x: [Double], _ mode: Parallelism, _ f: (Double) -> Double) -> [Double] {
        withBase(x) { a in
            Chunks.makeArray(x.count, mode) { _, r, out in for i in r { out[i] = f(a[i]) } }
        }
    }

    @inline(__always)
    static func binary(_ x: Operand, _ y: Operand, _ n: Int, _ mode: Parallelism,
                       _ f: (Double, Double) -> Double) -> [Double] {
        switch (x, y) {
        case (.samples(let xs), .samples(let ys)):
            return withBase(xs) { a in
                withBase(ys) { b in
                    Chunks.makeArray(n, mode) { _, r, out in for i in r { out[i] = f(a[i], b[i]) } }
                }
            }
        case (.samples(let xs), .scalar(let s)):
            return withBase(xs) { a in
                Chunks.makeArray(n, mode) { _, r, out in for i in r { out[i] = f(a[i], s) } }
            }
        case (.scalar(let s), .samples(let ys)):
            return withBase(ys) { b in
                Chunks.makeArray(n, mode) { _, r, out in for i in r { out[i] = f(s, b[i]) } }
            }
        case (.scalar(let s), .scalar(let t)):
            return [Double](repeating: f(s, t), count: n)
        }
    }
}

/// The operators of SPEC §2 lifted to sample sets (SPEC §7): an uncertain
/// operand works sample by sample, sample i with sample i, so reusing a
/// value is correlated (`x - x` is exactly 0). The result's dimension, and
/// any dimension error, come from the scalar operator applied once to a
/// representative of each side.
extension Operators {
    /// `a op b` when either side is uncertain; nil when neither is.
    static func sampleWise(_ op: BinaryOperator, _ a: Value, _ b: Value, at span: SourceSpan) throws -> Value? {
        guard a.isUncertain || b.isUncertain else { return nil }
        if let shifted = try CalendarSamples.shift(op, a, b, at: span) { return shifted }
        let (x, y) = try sides(op, a, b, at: span)
        let n = try UncertainCheck.count(x.count, y.count, at: span)
        let dimension = try arithmeticDimension(op, x, y, at: span)
        try SampleMemory.reserve(n, at: span)
        let mode = Parallelism.automatic
        let out: [Double]
        switch op {
        case .add: out = SampleLoops.binary(x.operand, y.operand, n, mode) { $0 + $1 }
        case .subtract: out = SampleLoops.binary(x.operand, y.operand, n, mode) { $0 - $1 }
        case .multiply: out = SampleLoops.binary(x.operand, y.operand, n, mode) { $0 * $1 }
        case .divide: out = SampleLoops.binary(x.operand, y.operand, n, mode) { $0 / $1 }
        case .power: out = SampleLoops.binary(x.operand, y.operand, n, mode) { pow($0, $1) }
        case .mod:
            out = SampleLoops.binary(x.operand, y.operand, n, mode) { a, b in
                var r = fmod(a, b)
                if r != 0, (r < 0) != (b < 0) { r += b }
                return r
            }
        default:
            throw LocatedError("internal error: '\(op.rawValue)' is not arithmetic", at: span, kind: .runtime)
        }
        let message = (op == .divide || op == .mod) && y.hasZero
            ? "division by zero in some samples" : "some samples are not finite numbers"
        return try UncertainCheck.finite(out, dimension, at: span, message: message,
                                         inputs: Provenance.inputs(a, b))
    }

    /// `-x` for an uncertain x.
    static func negateSamples(_ a: Value, at span: SourceSpan) throws -> Value? {
        guard case .uncertain(let set) = a else { return nil }
        switch set.dimension {
        case .number, .money, .percent, .points, .days, .months:
            try SampleMemory.reserve(set.count, at: span)
            return .uncertain(SampleSet(samples: SampleLoops.unary(set.samples, .automatic) { -$0 },
                                        dimension: set.dimension, inputs: set.provenance.inputs))
        case .bool, .date:
            throw LocatedError("cannot negate uncertain \(set.dimension.plural)", at: span, kind: .type)
        }
    }

    /// Both sides as sample operands, or the scalar operator's error.
    private static func sides(_ op: BinaryOperator, _ a: Value, _ b: Value,
                              at span: SourceSpan) throws -> (SampleSide, SampleSide) {
        for v in [a, b] {
            if case .duration(let u) = v, u.months != 0, u.days != 0 {
                throw LocatedError("uncertain values only combine with durations in days or in months, "
                                       + "not \(v.description)", at: span, help: "write the duration in days, e.g. 90 days",
                                       kind: .type)
            }
        }
        guard let x = SampleSide(a), let y = SampleSide(b) else {
            // The scalar operator names both sides in its error.
            let ra = SampleSide(a)?.scalar ?? a, rb = SampleSide(b)?.scalar ?? b
            _ = try scalar(op, ra, rb, at: span)
            throw mismatch(verb(op), ra, rb, span)
        }
        return (x, y)
    }

    private static func verb(_ op: BinaryOperator) -> String {
        switch op {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        case .power: "raise"
        case .mod: "take the remainder of"
        default: "compare"
        }
    }

    private static func scalar(_ op: BinaryOperator, _ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        switch op {
        case .add: try add(a, b, at: span)
        case .subtract: try subtract(a, b, at: span)
        case .multiply: try multiply(a, b, at: span)
        case .divide: try divide(a, b, at: span)
        case .power: try power(a, b, at: span)
        case .mod: try mod(a, b, at: span)
        default: .bool(try compare(op, a, b, at: span))
        }
    }

    private static func arithmeticDimension(_ op: BinaryOperator, _ x: SampleSide, _ y: SampleSide,
                                            at span: SourceSpan) throws -> Dimension {
        // Scaled durations need not be whole days sample by sample, so these
        // skip the scalar operator's whole-days check.
        switch (op, x.dimension, y.dimension) {
        case (.multiply, .days, .number), (.multiply, .number, .days), (.divide, .days, .number):
            return .days
        case (.multiply, .months, .number), (.multiply, .number, .months), (.divide, .months, .number):
            return .months
        case (.divide, .days, .days), (.divide, .months, .months):
            return .number
        default:
            break
        }
        let result = try scalar(op, x.scalar, y.scalar, at: span)
        guard let dimension = Dimension.ofResult(result) else {
            throw mismatch(verb(op), x.scalar, y.scalar, span)
        }
        return dimension
    }

    // MARK: Comparisons

    /// `<`, `<=`, `>`, `>=` as a value: a boolean sample set when either
    /// side is uncertain.
    static func comparison(_ op: BinaryOperator, _ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        guard a.isUncertain || b.isUncertain else { return .bool(try compare(op, a, b, at: span)) }
        let (x, y) = try sides(op, a, b, at: span)
        let n = try UncertainCheck.count(x.count, y.count, at: span)
        _ = try compare(op, x.scalar, y.scalar, at: span)
        try SampleMemory.reserve(n, at: span)
        let mode = Parallelism.automatic
        let out: [Double]
        switch op {
        case .less: out = SampleLoops.binary(x.operand, y.operand, n, mode) { $0 < $1 ? 1 : 0 }
        case .lessEqual: out = SampleLoops.binary(x.operand, y.operand, n, mode) { $0 <= $1 ? 1 : 0 }
        case .greater: out = SampleLoops.binary(x.operand, y.operand, n, mode) { $0 > $1 ? 1 : 0 }
        default: out = SampleLoops.binary(x.operand, y.operand, n, mode) { $0 >= $1 ? 1 : 0 }
        }
        return .uncertain(SampleSet(samples: out, dimension: .bool, inputs: Provenance.inputs(a, b)))
    }

    /// `==` (or `!=` when `negated`) as a value: sample by sample, within
    /// the same relative tolerance as plain values. Values of dimensions
    /// that do not mix are an error, as for `<` (SPEC §2, revised December).
    static func equality(_ a: Value, _ b: Value, negated: Bool, at span: SourceSpan) throws -> Value {
        guard a.isUncertain || b.isUncertain else { return .bool(try strictEquals(a, b, at: span) != negated) }
        let (x, y) = try sides(.equal, a, b, at: span)
        guard comparable(x.dimension, y.dimension) else {
            throw LocatedError("cannot compare \(UncertainCheck.describe(a)) and \(UncertainCheck.describe(b))",
                               at: span, kind: .type)
        }
        let n = try UncertainCheck.count(x.count, y.count, at: span)
        try SampleMemory.reserve(n, at: span)
        let yes: Double = negated ? 0 : 1, no: Double = negated ? 1 : 0
        let out = SampleLoops.binary(x.operand, y.operand, n, .automatic) { close($0, $1) ? yes : no }
        return .uncertain(SampleSet(samples: out, dimension: .bool, inputs: Provenance.inputs(a, b)))
    }

    /// Dimensions whose samples compare: the same, or numbers, percents and
    /// points (which compare freely).
    private static func comparable(_ a: Dimension, _ b: Dimension) -> Bool {
        a == b || (a.isFraction && b.isFraction)
    }

    /// `element in container` as a value: an uncertain date in a period,
    /// or an uncertain value among a list's elements, sample by sample.
    static func membership(_ container: Value, _ element: Value, at span: SourceSpan) throws -> Value {
        if case .uncertain = container {
            throw LocatedError("cannot look inside an uncertain value with 'in'", at: span, kind: .type)
        }
        guard case .uncertain(let set) = element else {
            if case .list(let xs) = container, xs.contains(where: \.isUncertain) {
                return try anyEqual(xs, element, at: span)
            }
            return .bool(try contains(container, element, at: span))
        }
        switch container {
        case .date, .period:
            guard set.dimension == .date, let (start, end) = daySpan(container) else {
                throw LocatedError("cannot look for uncertain \(set.dimension.plural) in \(container.typeName)",
                                   at: span, help: "'in' on a period tests whether a date lies inside it", kind: .type)
            }
            let lo = Double(start.dayNumber), hi = Double(end.dayNumber)
            try SampleMemory.reserve(set.count, at: span)
            let out = SampleLoops.unary(set.samples, .automatic) { $0 >= lo && $0 <= hi ? 1 : 0 }
            return .uncertain(SampleSet(samples: out, dimension: .bool, inputs: set.provenance.inputs))
        case .list(let xs):
            return try anyEqual(xs, element, at: span)
        default:
            throw LocatedError("cannot look for an uncertain value in \(container.typeName)", at: span, kind: .type)
        }
    }

    private static func anyEqual(_ xs: [Value], _ element: Value, at span: SourceSpan) throws -> Value {
        var result = Value.bool(false)
        // A list may hold values of any kind: looking for an element skips
        // those it cannot equal instead of failing on them.
        for x in xs {
            guard let side = SampleSide(x), let other = SampleSide(element),
                  comparable(side.dimension, other.dimension) else { continue }
            result = try logical(.or, result, equality(x, element, negated: false, at: span), at: span)
        }
        return result
    }

    // MARK: Booleans

    /// `and`/`or` when either side is an uncertain boolean (the other may
    /// be a plain one).
    static func logical(_ op: BinaryOperator, _ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        let isAnd = op == .and
        switch (a, b) {
        case (.bool(let x), .bool(let y)):
            return .bool(isAnd ? x && y : x || y)
        case (.bool(let x), .uncertain), (.uncertain, .bool(let x)):
            // A plain side decides alone, or leaves the other side's value.
            if x != isAnd { return .bool(x) }
            let other = a.isUncertain ? a : b
            try requireBoolean(other, op, at: span)
            return other
        case (.uncertain(let s), .uncertain(let t)):
            try requireBoolean(a, op, at: span)
            try requireBoolean(b, op, at: span)
            let n = try UncertainCheck.count(s.count, t.count, at: span)
            try SampleMemory.reserve(n, at: span)
            let out = isAnd
                ? SampleLoops.binary(s.operand, t.operand, n, .automatic) { $0 != 0 && $1 != 0 ? 1 : 0 }
                : SampleLoops.binary(s.operand, t.operand, n, .automatic) { $0 != 0 || $1 != 0 ? 1 : 0 }
            return .uncertain(SampleSet(samples: out, dimension: .bool,
                                        inputs: Provenance.merged(s.provenance.inputs, t.provenance.inputs)))
        default:
            let culprit: Value
            if case .bool = a { culprit = b } else if a.isUncertain, case .bool = b { culprit = b } else { culprit = a }
            throw LocatedError("'\(op.rawValue)' needs booleans, got \(UncertainCheck.describe(culprit))", at: span, kind: .type)
        }
    }

    private static func requireBoolean(_ v: Value, _ op: BinaryOperator, at span: SourceSpan) throws {
        if case .uncertain(let set) = v, set.dimension != .bool {
            throw LocatedError("'\(op.rawValue)' needs booleans, got uncertain \(set.dimension.plural)", at: span, kind: .type)
        }
    }

    /// `not` of an uncertain boolean; nil for other values.
    static func notSamples(_ v: Value, at span: SourceSpan) throws -> Value? {
        guard case .uncertain(let set) = v, set.dimension == .bool else { return nil }
        try SampleMemory.reserve(set.count, at: span)
        return .uncertain(SampleSet(samples: SampleLoops.unary(set.samples, .automatic) { $0 != 0 ? 0 : 1 },
                                    dimension: .bool, inputs: set.provenance.inputs))
    }
}

extension SampleSide {
    /// Whether any sample (or the plain value) is zero: a divisor's culprit.
    var hasZero: Bool {
        switch operand {
        case .scalar(let x): x == 0
        case .samples(let xs): xs.contains(0)
        }
    }
}

// MARK: Choosing sample by sample

extension Operators {
    /// `if c then a else b` with an uncertain condition: both branches were
    /// evaluated once, as whole values; each sample takes the branch its
    /// condition sample chose.
    static func select(_ condition: SampleSet, _ then: Value, _ otherwise: Value,
                       at span: SourceSpan) throws -> Value {
        let dimension = try commonDimension([then, otherwise], of: "the branches of an uncertain 'if'", at: span)
        guard let t = SampleSide(then), let e = SampleSide(otherwise) else {
            throw LocatedError("internal error: branch without samples", at: span, kind: .runtime)
        }
        let n = try UncertainCheck.count(condition.count, t.count, e.count, at: span)
        try SampleMemory.reserve(n, at: span)
        let out = SampleLoops.withBase(condition.samples) { c in
            t.operand.withLane { a in
                e.operand.withLane { b in
                    Chunks.makeArray(n, .automatic) { _, r, out in
                        for i in r { out[i] = c[i] != 0 ? a[i] : b[i] }
                    }
                }
            }
        }
        return .uncertain(SampleSet(samples: out, dimension: dimension,
                                    inputs: Provenance.merged(condition.provenance.inputs,
                                                              Provenance.inputs(then, otherwise))))
    }

    /// The one dimension several values share, to put them in one sample
    /// set. A plain 0 fits any dimension (`if c then $10B else 0`), and a
    /// percent with plain numbers makes percents.
    static func commonDimension(_ values: [Value], of what: String, at span: SourceSpan) throws -> Dimension {
        var dimensions: [Dimension] = []
        for v in values {
            guard let (d, raw) = Dimension.of(v) else {
                throw LocatedError("\(what) must be numbers, money, percents, points, durations in days, "
                                       + "dates or booleans, not \(v.typeName)", at: span, kind: .type)
            }
            if !v.isUncertain, d == .number, raw == 0 { continue }
            if !dimensions.contains(d) { dimensions.append(d) }
        }
        switch dimensions.count {
        case 0: return .number
        case 1: return dimensions[0]
        case _ where dimensions.allSatisfy(\.isFraction):
            // Numbers, percents and points together make percents.
            return .percent
        default:
            throw LocatedError("\(what) must have one dimension, got \(dimensions[0].plural) "
                                   + "and \(dimensions[1].plural)", at: span, kind: .type)
        }
    }
}
