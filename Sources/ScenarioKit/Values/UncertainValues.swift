// How plain values and sample sets meet: a sample is stored as a bare
// Double (an amount, a fraction, a day count or 1/0 for true/false) and its
// meaning is the sample set's one `Dimension`.

extension Value {
    var isUncertain: Bool {
        if case .uncertain = self { return true }
        return false
    }
}

extension Dimension {
    /// The dimension of a plain value that can take part in sample-wise
    /// arithmetic, with its bare number; nil for strings, lists, entities,
    /// functions and month-based durations. A period stands for its first day.
    static func of(_ value: Value) -> (dimension: Dimension, raw: Double)? {
        switch value {
        case .number(let x): (.number, x)
        case .money(let x, let c): (.money(currency: c), x)
        case .percent(let x): (.percent, x)
        case .points(let x): (.points, x)
        case .bool(let b): (.bool, b ? 1 : 0)
        case .duration(let u) where u.months == 0: (.days, Double(u.days))
        case .duration(let u) where u.days == 0: (.months, Double(u.months))
        case .date(let d): (.date, Double(d.dayNumber))
        case .period(let p): (.date, Double(p.start.dayNumber))
        case .uncertain(let set): (set.dimension, .nan)
        default: nil
        }
    }

    /// A plain value of this dimension: what one sample means. Day counts
    /// and dates round to whole days.
    func value(_ x: Double) -> Value {
        switch self {
        case .number: return .number(x)
        case .money(let c): return .money(x, currency: c)
        case .percent: return .percent(x)
        case .points: return .points(x)
        case .bool: return .bool(x != 0)
        case .days: return .duration(CalendarDuration(days: Dimension.wholeDays(x)))
        case .date: return .date(CalendarDate(dayNumber: Dimension.wholeDays(x)))
        case .months: return .duration(CalendarDuration(months: Dimension.wholeDays(x)))
        }
    }

    /// A value of this dimension that stands for every sample when the
    /// scalar operators work out a result's dimension (or the error).
    var representative: Value { value(self == .date ? 0 : 1) }

    /// The dimension of a plain operator result, when samples can hold it.
    static func ofResult(_ value: Value) -> Dimension? {
        switch value {
        case .number: .number
        case .money(_, let c): .money(currency: c)
        case .percent: .percent
        case .points: .points
        case .bool: .bool
        case .duration(let u) where u.months == 0: .days
        case .duration(let u) where u.days == 0: .months
        case .date, .period: .date
        default: nil
        }
    }

    /// The dimension of a difference or spread of values of this one
    /// (what `sd` returns, what `normal`'s sd must be).
    var spread: Dimension {
        switch self {
        case .percent: .points
        case .date: .days
        default: self
        }
    }

    /// Numbers, percents and points: plain fractions that mix in arithmetic
    /// and comparisons (SPEC §2).
    var isFraction: Bool {
        switch self {
        case .number, .percent, .points: true
        default: false
        }
    }

    /// For error messages: "numbers", "money", "dates", …
    var plural: String {
        switch self {
        case .number: "numbers"
        case .money(let c): c == "USD" ? "money" : "\(c) amounts"
        case .percent: "percents"
        case .points: "points"
        case .bool: "booleans"
        case .days: "durations"
        case .date: "dates"
        case .months: "durations in months"
        }
    }

    /// Day counts beyond ±10,000 years cannot come from valid input; clamp
    /// so a runaway sample cannot trap when it is printed.
    static func wholeDays(_ x: Double) -> Int {
        let r = x.rounded()
        guard r.isFinite else { return 0 }
        return Int(min(max(r, -4e6), 4e6))
    }
}

extension SampleSet {
    var count: Int { samples.count }

    /// The samples as an operand.
    var operand: Operand { .samples(samples) }
}

/// One side of a sample-wise operation.
struct SampleSide {
    var operand: Operand
    var dimension: Dimension
    /// The sample count, nil for a plain value.
    var count: Int?
    /// The value the scalar operators see: a plain value itself (a period as
    /// its first day), or the dimension's representative.
    var scalar: Value

    /// nil when the value has no dimension samples can carry.
    init?(_ value: Value) {
        switch value {
        case .uncertain(let set):
            operand = .samples(set.samples)
            dimension = set.dimension
            count = set.count
            scalar = set.dimension.representative
        default:
            guard let (dimension, raw) = Dimension.of(value) else { return nil }
            operand = .scalar(raw)
            self.dimension = dimension
            count = nil
            if case .period(let p) = value { scalar = .date(p.start) } else { scalar = value }
        }
    }
}

/// Shared checks and constructors of sample-wise evaluation.
enum UncertainCheck {
    /// The common sample count of the uncertain operands (at least one).
    static func count(_ counts: Int?..., at span: SourceSpan) throws -> Int {
        try count(counts, at: span)
    }

    static func count(_ counts: [Int?], at span: SourceSpan) throws -> Int {
        var n: Int?
        for case let c? in counts {
            if let m = n, m != c {
                throw LocatedError("these uncertain values have different numbers of samples (\(m) and \(c))",
                                   at: span, help: "'set samples' changed between them; make them again", kind: .runtime)
            }
            n = c
        }
        return n ?? 1
    }

    /// A sample set whose samples must all be finite numbers (SPEC §2:
    /// nothing prints `nan` or `inf`); dates are whole days within years
    /// 1…9999 and durations within ±10,000 years.
    static func finite(_ samples: [Double], _ dimension: Dimension, at span: SourceSpan,
                       message: @autoclosure () -> String = "some samples are not finite numbers",
                       inputs: [SampleOrigin] = []) throws -> Value {
        var samples = samples
        switch dimension {
        case .date:
            let valid = CalendarMath.validDayNumbers
            let lo = Double(valid.lowerBound), hi = Double(valid.upperBound)
            for i in samples.indices {
                let d = samples[i].rounded()
                guard d >= lo, d <= hi else {
                    if !d.isFinite { throw LocatedError(message(), at: span, kind: .runtime) }
                    throw LocatedError("some samples are dates out of range", at: span, kind: .runtime)
                }
                samples[i] = d
            }
        case .days:
            let limit = Double(Operators.maxDurationDays)
            for x in samples where !(abs(x) <= limit) {
                if !x.isFinite { throw LocatedError(message(), at: span, kind: .runtime) }
                throw LocatedError("some samples are durations out of range", at: span, kind: .runtime)
            }
        default:
            if !allFinite(samples) { throw LocatedError(message(), at: span, kind: .runtime) }
        }
        return .uncertain(SampleSet(samples: samples, dimension: dimension, inputs: inputs))
    }

    /// Whether no sample is an infinity or NaN: their exponent bits are all
    /// ones, and adding one more to the exponent field carries into the
    /// sign bit only for them. Integer operations only, so it vectorises.
    static func allFinite(_ xs: [Double]) -> Bool {
        var carry: UInt64 = 0
        for x in xs {
            carry |= (x.bitPattern & 0x7FF0_0000_0000_0000) &+ 0x0010_0000_0000_0000
        }
        return carry & 0x8000_0000_0000_0000 == 0
    }

    /// The value a name is given for an uncertain value in errors.
    static func describe(_ v: Value) -> String {
        if case .uncertain(let set) = v { return "uncertain \(set.dimension.plural)" }
        // `$1 to 2 EUR` is "money and money in EUR", not "money and money".
        if case .money(_, let currency) = v, currency != "USD" { return "money in \(currency)" }
        // `3 months` and `90 days` do not mix: name which is which.
        if case .duration(let u) = v {
            if u.days == 0 { return "a month-based duration" }
            if u.months == 0 { return "a day-based duration" }
        }
        return Operators.dimensionName(v)
    }
}
