// The uncertain built-ins (SPEC §7): constructors, summaries, and `if` on
// an uncertain condition; each constructor takes its draw from the
// runtime's random stream.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Settings {
    /// The seed when a script sets none: runs are reproducible by default.
    static let defaultSeed = 1

    var effectiveSeed: Int { seed ?? Settings.defaultSeed }
}

/// The built-ins of SPEC §7: constructors of uncertain values, their
/// summaries, and the math built-ins of §3 lifted to sample sets.
enum UncertainBuiltins {
    static let all: [Builtin] = constructors + summaries

    /// The next draw of the state the frame runs in: sample count, stream
    /// key and how to spread the work. Consumes the draw.
    static func draw(_ f: Frame, at span: SourceSpan) throws -> (n: Int, key: StreamKey, mode: Parallelism) {
        let runtime = f.runtime
        let n = runtime.state.settings.samples
        try SampleMemory.reserve(n, at: span)
        let definition = runtime.definition
        let key = runtime.state.random.nextKey(seed: runtime.state.settings.effectiveSeed) { definition.stream }
        return (n, key, runtime.parallelism)
    }

    private static func make(_ name: String, _ parameters: [String], _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name: name, parameters: parameters, arity: parameters.count...parameters.count, body: body)
    }

    // MARK: Constructors

    /// The constructors by name, checked and holding their draw, not yet
    /// sampled: the built-ins sample them whole; a mixture written with
    /// them inside samples only what it picks (``UncertainMixture``).
    static let preparers: [String: @Sendable (Frame, [Value], CallSite) throws -> PreparedDraw] = [
        "normal": prepareNormal, "lognormal": prepareLognormal, "uniform": prepareUniform, "chance": prepareChance,
    ]

    private static let constructors: [Builtin] = ["normal", "lognormal", "uniform", "chance"].map { name in
        let prepare = preparers[name] ?? prepareNormal
        let parameters = name == "chance" ? ["p"] : name == "normal" ? ["mean", "sd"]
            : name == "lognormal" ? ["p5", "p95"] : ["a", "b"]
        return make(name, parameters) { f, args, site in try prepare(f, args, site).sample() }
    } + [
        make("mixture", ["values", "weights"]) { f, args, site in
            guard case .list(let values) = args[0], !values.isEmpty else {
                let got = args[0] == .list([]) ? "an empty list" : Compiler.shown(args[0])
                throw LocatedError("'mixture' needs a list of values, got \(got)",
                                   at: site.argument(0), help: "for example: mixture([0, 1 to 3], [40%, 60%])",
                                   kind: args[0] == .list([]) ? .runtime : .type)
            }
            return try UncertainMixture.mixture(values.map { .value($0) }, args[1], site, in: f)
        },
    ]

    private static func prepareNormal(_ f: Frame, _ args: [Value], _ site: CallSite) throws -> PreparedDraw {
        let mean = try side("normal", args, 0, site), sd = try side("normal", args, 1, site)
        guard spreadFits(sd.dimension, mean.dimension) else {
            throw LocatedError("'normal' needs an sd in \(mean.dimension.spread.plural) for a mean in "
                                   + "\(mean.dimension.plural), got \(sd.dimension.plural)", at: site.argument(1), kind: .type)
        }
        guard mean.dimension != .bool else { throw needsAmount("normal", args[0], site.argument(0)) }
        try requireAll(sd.operand, { $0 >= 0 }, "'normal' needs an sd of at least 0", site.argument(1))
        return try PreparedDraw(.normal(mean: mean.operand, sd: sd.operand), mean.dimension,
                                counts: [mean.count, sd.count], at: site.span, in: f)
    }

    private static func prepareLognormal(_ f: Frame, _ args: [Value], _ site: CallSite) throws -> PreparedDraw {
        let (a, b) = try ends("lognormal", args, site)
        guard a.dimension != .date else {
            throw LocatedError("'lognormal' needs positive amounts, not dates", at: site.span,
                               help: "for an uncertain date use 'a to b'", kind: .type)
        }
        try requireAll(a.operand, { $0 > 0 }, "'lognormal' needs a 5th percentile above 0", site.argument(0))
        try requireAll(b.operand, { $0 > 0 }, "'lognormal' needs a 95th percentile above 0", site.argument(1))
        return try PreparedDraw(.range(a.operand, b.operand), a.dimension, counts: [a.count, b.count],
                                at: site.span, overflow: "'lognormal' is too wide: some samples overflow", in: f)
    }

    private static func prepareUniform(_ f: Frame, _ args: [Value], _ site: CallSite) throws -> PreparedDraw {
        let (a, b) = try ends("uniform", args, site)
        return try PreparedDraw(.uniform(a.operand, b.operand), a.dimension, counts: [a.count, b.count],
                                at: site.span, in: f)
    }

    private static func prepareChance(_ f: Frame, _ args: [Value], _ site: CallSite) throws -> PreparedDraw {
        let p = try side("chance", args, 0, site)
        guard p.dimension.isFraction else {  // points are percents too (SPEC §2)
            throw LocatedError("'chance' needs a probability (a percent), got \(UncertainCheck.describe(args[0]))",
                               at: site.argument(0), kind: .type)
        }
        return try PreparedDraw(.chance(p.operand), .bool, counts: [p.count], at: site.span, in: f)
    }

    /// `a to b` (SPEC §7): a 90% interval, lognormal when both ends are
    /// positive, normal otherwise; dates are normal on the calendar. A
    /// period at the low end counts from its first day, at the high end to
    /// its last.
    static func range(_ a: Value, _ b: Value, at span: SourceSpan, left: SourceSpan, right: SourceSpan,
                      in f: Frame) throws -> Value {
        try prepareRange(a, b, at: span, left: left, right: right, in: f).sample()
    }

    /// The one rule for periods as the upper end of a range (`to`,
    /// `uniform`, and the constructors of SPEC §16): the period's last day.
    static func upperEnd(_ v: Value) -> Value {
        if case .period(let p) = v { return .date(p.end) }
        return v
    }

    static func prepareRange(_ a: Value, _ b: Value, at span: SourceSpan, left: SourceSpan, right: SourceSpan,
                             in f: Frame) throws -> PreparedDraw {
        let high = upperEnd(b)
        func end(_ v: Value, _ at: SourceSpan) throws -> SampleSide {
            guard let s = SampleSide(v), s.dimension != .bool else {
                throw LocatedError("a range needs numbers, money, percents, points, durations in days or dates, "
                                       + "got \(UncertainCheck.describe(v))", at: at, kind: .type)
            }
            return s
        }
        var x = try end(a, left), y = try end(high, right)
        guard let dimension = endsDimension(x.dimension, y.dimension) else {
            throw LocatedError("the ends of a range must have one dimension, got \(UncertainCheck.describe(a)) "
                                   + "and \(UncertainCheck.describe(b))", at: span,
                               help: "write both ends alike, e.g. $50B to $70B or 60% to 90%", kind: .type)
        }
        (x.dimension, y.dimension) = (dimension, dimension)
        try requireOrdered(x.operand, y.operand, "the low end of the range is above its high end", span,
                           help: "write the smaller end first")
        // Day numbers are all positive: a lognormal would skew toward later dates.
        let plan: PreparedDraw.Plan = x.dimension == .date ? .normalRange(x.operand, y.operand)
            : .range(x.operand, y.operand)
        return try PreparedDraw(plan, x.dimension, counts: [x.count, y.count], at: span,
                                overflow: "the range is too wide: some samples overflow", in: f)
    }

    /// The sd of `normal` is a spread of its mean: a percent's in points or
    /// percents, a date's in days; a plain number's may be a percent.
    private static func spreadFits(_ sd: Dimension, _ mean: Dimension) -> Bool {
        sd == mean.spread || sd == mean && mean != .date
            || (mean == .number && sd == .percent) || (mean == .percent && sd == .points)
    }

    // MARK: Summaries

    private static let summaries: [Builtin] = [
        make("mean", ["x"]) { f, args, site in
            if let plain = plainSummary(args[0]) { return plain }
            let set = try sampleSet("mean", args[0], site)
            let m = Statistics.mean(set.samples, f.runtime.parallelism)
            return set.dimension == .bool ? .percent(m) : set.dimension.value(m)
        },
        make("median", ["x"]) { _, args, site in
            if let plain = plainSummary(args[0]) { return plain }
            let set = try sampleSet("median", args[0], site)
            return set.dimension.value(Statistics.percentile(set.samples, 0.5))
        },
        make("sd", ["x"]) { f, args, site in
            let set = try sampleSet("sd", args[0], site)
            guard set.dimension != .bool else { throw needsAmount("sd", args[0], site.argument(0)) }
            return set.dimension.spread.value(set.count == 1 ? 0 : Statistics.sd(set.samples, f.runtime.parallelism))
        },
        make("percentile", ["x", "p"]) { _, args, site in
            guard !args[1].isUncertain, let p = Operators.plainNumber(args[1]), p >= 0, p <= 1 else {
                throw LocatedError("'percentile' needs a percent from 0% to 100%, got \(Compiler.shown(args[1]))",
                                   at: site.argument(1), help: "for example: percentile(x, 95%)",
                                   kind: args[1].isUncertain || Operators.plainNumber(args[1]) == nil ? .type : .runtime)
            }
            if let plain = plainSummary(args[0]) { return plain }
            let set = try sampleSet("percentile", args[0], site)
            return set.dimension.value(Statistics.percentile(set.samples, p))
        },
        make("prob", ["condition"]) { _, args, site in
            switch args[0] {
            case .bool(let b):
                return .percent(b ? 1 : 0)
            case .uncertain(let set) where set.dimension == .bool:
                return .percent(min(max(Double(Statistics.countTrue(set.samples)) / Double(max(set.count, 1)), 0), 1))
            default:
                throw LocatedError("'prob' needs a condition (a boolean), got \(UncertainCheck.describe(args[0]))",
                                   at: site.argument(0), help: "compare it with something, e.g. prob(x > 0)", kind: .type)
            }
        },
        make("hist", ["x"]) { _, args, site in
            .figure(Figures.hist(try sampleSet("hist", args[0], site)))
        },
    ]

    /// mean, median and percentile of a plain amount are the amount.
    private static func plainSummary(_ v: Value) -> Value? {
        switch v {
        case .number, .money, .percent, .points, .date, .period: v
        case .duration(let u) where u.months == 0 || u.days == 0: v
        default: nil
        }
    }

    /// The samples to summarise: an uncertain value's, a plain value as one
    /// sample, or a list of plain values of one dimension.
    static func sampleSet(_ name: String, _ v: Value, _ site: CallSite) throws -> SampleSet {
        switch v {
        case .uncertain(let set):
            return set
        case .list(let xs):
            guard !xs.isEmpty else { throw LocatedError("'\(name)' of an empty list", at: site.argument(0), kind: .runtime) }
            if xs.contains(where: \.isUncertain) {
                throw LocatedError("'\(name)' of a list of uncertain values", at: site.argument(0),
                                   help: "summarise one value, e.g. \(name)((x + y) / 2)", kind: .type)
            }
            let dimension = try Operators.commonDimension(xs, of: "the elements", at: site.argument(0))
            return SampleSet(samples: xs.compactMap { Dimension.of($0)?.raw }, dimension: dimension)
        default:
            guard let (dimension, raw) = Dimension.of(v) else {
                throw needsAmount(name, v, site.argument(0))
            }
            return SampleSet(samples: [raw], dimension: dimension)
        }
    }

    // MARK: Argument helpers

    /// `1 year 10 days` mixes months and days, the one kind of duration
    /// samples cannot hold, so the error names that, not "durations".
    private static func needsAmount(_ name: String, _ v: Value, _ span: SourceSpan) -> LocatedError {
        if case .duration(let u) = v, u.months != 0, u.days != 0 {
            return LocatedError("'\(name)' needs durations in days or in months, not \(v.description)", at: span,
                                help: "write it in one unit, e.g. 375 days or 12 months", kind: .type)
        }
        return LocatedError("'\(name)' needs numbers, money, percents, points, durations or dates, "
                         + "got \(UncertainCheck.describe(v))", at: span, kind: .type)
    }

    /// A parameter that samples can carry (plain or uncertain): month-based
    /// durations too (`uniform(3 months, 9 months)`), as in `to`.
    private static func side(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> SampleSide {
        guard let s = SampleSide(args[i]) else { throw needsAmount(name, args[i], site.argument(i)) }
        return s
    }

    /// The two ends of `lognormal` and `uniform`: one dimension, low ≤ high.
    /// A period as the high end stands for its last day, as in `to`
    /// (SPEC §5: `uniform(Q3 2025, Q4 2025)` runs to Dec 31).
    private static func ends(_ name: String, _ args: [Value], _ site: CallSite) throws -> (SampleSide, SampleSide) {
        var args = args
        args[1] = upperEnd(args[1])
        var a = try side(name, args, 0, site), b = try side(name, args, 1, site)
        guard a.dimension != .bool else { throw needsAmount(name, args[0], site.argument(0)) }
        guard let dimension = endsDimension(a.dimension, b.dimension) else {
            throw LocatedError("'\(name)' needs both ends in one dimension, got \(UncertainCheck.describe(args[0])) "
                                   + "and \(UncertainCheck.describe(args[1]))", at: site.span, kind: .type)
        }
        (a.dimension, b.dimension) = (dimension, dimension)
        try requireOrdered(a.operand, b.operand, "'\(name)' needs its low end first", site.span)
        return (a, b)
    }

    /// The dimension two ends share. Points are percents that print as pp
    /// (SPEC §2), so a percent and points make a range of percents, as
    /// percent ± points does.
    private static func endsDimension(_ a: Dimension, _ b: Dimension) -> Dimension? {
        if a == b { return a }
        let fractions: [Dimension] = [.percent, .points]
        return fractions.contains(a) && fractions.contains(b) ? .percent : nil
    }

    private static func requireAll(_ x: Operand, _ test: (Double) -> Bool, _ message: String,
                                   _ span: SourceSpan) throws {
        switch x {
        case .scalar(let v):
            guard test(v) else { throw LocatedError(message, at: span, kind: .runtime) }
        case .samples(let xs):
            for v in xs where !test(v) {
                throw LocatedError(message + " in every sample", at: span, kind: .runtime)
            }
        }
    }

    private static func requireOrdered(_ a: Operand, _ b: Operand, _ message: String, _ span: SourceSpan,
                                       help: String? = nil) throws {
        let n = max(count(a), count(b))
        let ok = a.withLane { a in
            b.withLane { b in
                var ok = true
                for i in 0..<n where a[i] > b[i] {
                    ok = false
                    break
                }
                return ok
            }
        }
        guard ok else {
            let suffix = a.isScalar && b.isScalar ? "" : " in some samples"
            throw LocatedError(message + suffix, at: span, help: help, kind: .runtime)
        }
    }

    private static func count(_ x: Operand) -> Int {
        switch x {
        case .scalar: 1
        case .samples(let xs): xs.count
        }
    }
}

// MARK: The math built-ins, sample by sample

extension UncertainBuiltins {
    /// `builtins` with the math functions of SPEC §3 also taking uncertain
    /// arguments; a call without one runs the plain body unchanged.
    static func lifting(_ builtins: [Builtin]) -> [Builtin] {
        builtins.map { builtin in
            guard let lifted = liftedBodies[builtin.name] else { return builtin }
            let plain = builtin.body
            return Builtin(name: builtin.name, parameters: builtin.parameters, arity: builtin.arity) { f, args, site in
                guard involvesSamples(args) else { return try plain(f, args, site) }
                return Provenance.derived(try lifted(f, args, site), inputs: Provenance.inputs(of: args))
            }
        }
    }

    private static func involvesSamples(_ args: [Value]) -> Bool {
        args.contains { v in
            if case .list(let xs) = v { return xs.contains(where: \.isUncertain) }
            return v.isUncertain
        }
    }

    private static let liftedBodies: [String: Builtin.Body] = [
        "abs": { _, args, site in
            let set = try uncertain("abs", args[0], site, allowed: [.number, .percent, .points, .days], money: true)
            return .uncertain(SampleSet(samples: SampleLoops.unary(set.samples, .automatic) { abs($0) },
                                        dimension: set.dimension))
        },
        "round": { _, args, site in
            var digits = 0
            if args.count == 2 {
                guard case .number(let d) = args[1], d == d.rounded(), abs(d) <= 1000 else {
                    throw Builtins.needs("round", "a whole number of digits", args[1], site.argument(1),
                                         kind: Compiler.numberOrType(args[1]))
                }
                digits = Int(d)
            }
            let set = try uncertain("round", args[0], site, allowed: [.number, .percent, .points, .days], money: true)
            let samples: [Double]
            switch set.dimension {
            case .percent, .points:
                samples = SampleLoops.unary(set.samples, .automatic) { Builtins.roundHalfAway($0 * 100, digits: digits) / 100 }
            case .days:
                samples = SampleLoops.unary(set.samples, .automatic) { $0.rounded(.toNearestOrAwayFromZero) }
            default:
                samples = SampleLoops.unary(set.samples, .automatic) { Builtins.roundHalfAway($0, digits: digits) }
            }
            return .uncertain(SampleSet(samples: samples, dimension: set.dimension))
        },
        "sqrt": { _, args, site in
            let set = try uncertain("sqrt", args[0], site, allowed: [.number, .percent])
            guard !set.samples.contains(where: { $0 < 0 }) else {
                throw LocatedError("'sqrt' of negative samples", at: site.argument(0), kind: .runtime)
            }
            return .uncertain(SampleSet(samples: SampleLoops.unary(set.samples, .automatic) { $0.squareRoot() },
                                        dimension: .number))
        },
        "ln": { _, args, site in
            let set = try uncertain("ln", args[0], site, allowed: [.number, .percent])
            guard !set.samples.contains(where: { $0 <= 0 }) else {
                throw LocatedError("'ln' needs samples above 0", at: site.argument(0), kind: .runtime)
            }
            return .uncertain(SampleSet(samples: SampleLoops.unary(set.samples, .automatic) { log($0) },
                                        dimension: .number))
        },
        "exp": { _, args, site in
            let set = try uncertain("exp", args[0], site, allowed: [.number, .percent])
            return try UncertainCheck.finite(SampleLoops.unary(set.samples, .automatic) { exp($0) }, .number,
                                             at: site.span)
        },
        "min": { _, args, site in try extreme(args, site, name: "min", op: .less) },
        "max": { _, args, site in try extreme(args, site, name: "max", op: .greater) },
        "days_between": { _, args, site in
            guard let a = SampleSide(args[0]), a.dimension == .date else {
                throw Builtins.needs("days_between", "a date or a period", args[0], site.argument(0))
            }
            guard let b = SampleSide(args[1]), b.dimension == .date else {
                throw Builtins.needs("days_between", "a date or a period", args[1], site.argument(1))
            }
            let n = try UncertainCheck.count(a.count, b.count, at: site.span)
            try SampleMemory.reserve(n, at: site.span)
            return .uncertain(SampleSet(samples: SampleLoops.binary(b.operand, a.operand, n, .automatic) { $0 - $1 },
                                        dimension: .number))
        },
    ]

    /// An argument as a sample set of one of the `allowed` dimensions, with
    /// room for one more set of its size (the result).
    private static func uncertain(_ name: String, _ v: Value, _ site: CallSite, allowed: [Dimension],
                                  money: Bool = false) throws -> SampleSet {
        guard case .uncertain(let set) = v,
              allowed.contains(set.dimension) || (money && { if case .money = set.dimension { true } else { false } }())
        else {
            throw LocatedError("'\(name)' needs \(money ? "numbers or money" : "numbers"), "
                                   + "got \(UncertainCheck.describe(v))", at: site.argument(0), kind: .type)
        }
        try SampleMemory.reserve(set.count, at: site.span)
        return set
    }

    /// `min`/`max` of several values (or one list) sample by sample.
    private static func extreme(_ args: [Value], _ site: CallSite, name: String,
                                op: BinaryOperator) throws -> Value {
        var values = args
        if args.count == 1, case .list(let xs) = args[0] { values = xs }
        guard var best = values.first else { throw LocatedError("'\(name)' of an empty list", at: site.span, kind: .runtime) }
        for v in values.dropFirst() {
            guard best.isUncertain || v.isUncertain else {
                if try Operators.compare(op, v, best, at: site.span) { best = v }
                continue
            }
            // The comparison checks the dimensions (and names them in its error).
            _ = try Operators.comparison(op, v, best, at: site.span)
            let dimension = try Operators.commonDimension([best, v], of: "the values of '\(name)'", at: site.span)
            guard let x = SampleSide(best), let y = SampleSide(v) else { continue }
            let n = try UncertainCheck.count(x.count, y.count, at: site.span)
            try SampleMemory.reserve(n, at: site.span)
            let samples = op == .less
                ? SampleLoops.binary(x.operand, y.operand, n, .automatic) { Swift.min($0, $1) }
                : SampleLoops.binary(x.operand, y.operand, n, .automatic) { Swift.max($0, $1) }
            best = .uncertain(SampleSet(samples: samples, dimension: dimension))
        }
        return best
    }
}

/// `if` on an uncertain condition (SPEC §7).
enum UncertainChoice {
    /// `if` on an uncertain condition: a branch no sample takes is not
    /// evaluated (so recursion on uncertain values can stop); otherwise
    /// both are, once each, and every sample picks its own.
    static func choose(_ condition: SampleSet, then: () throws -> Value, else otherwise: () throws -> Value,
                       at span: SourceSpan, in runtime: Runtime) throws -> Value {
        // Each level of a recursion through such an `if` keeps a few sample
        // arrays alive until it returns: bound the nesting by memory (about
        // 256 MiB at three arrays a level) well before the call-depth limit.
        let limit = max(16, (1 << 28) / (24 * max(condition.count, 1)))
        guard runtime.uncertainChoices < limit else {
            throw LocatedError("uncertain recursion too deep: more than \(limit) nested 'if's on uncertain conditions",
                               at: span, help: "some samples never reach the case that stops the recursion", kind: .limit)
        }
        runtime.uncertainChoices += 1
        defer { runtime.uncertainChoices -= 1 }
        let yes = Statistics.countTrue(condition.samples)
        if yes == condition.count { return try then() }
        if yes == 0 { return try otherwise() }
        return try Operators.select(condition, try then(), try otherwise(), at: span)
    }
}
