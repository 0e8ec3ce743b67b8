// The constructors of SPEC §16 as built-ins (beta, triangular, pert,
// poisson, binomial, truncate and its `none`), and the relations between
// sample sets (rank_corr, correlate).

/// The built-ins of SPEC §16 that make or relate uncertain values. Each
/// constructor checks its parameters with the matching `Distributions.check…`
/// (a bad one is an error at that argument, naming it), takes its draw from
/// the runtime's stream like `normal` and `to`, and samples parameter by
/// sample when a parameter is uncertain.
enum DistributionBuiltins {
    static let all: [Builtin] = [
        make("beta", ["a", "b"], beta),
        make("triangular", ["low", "mode", "high"]) { f, args, site in try threePoint("triangular", f, args, site) },
        make("pert", ["low", "mode", "high"]) { f, args, site in try threePoint("pert", f, args, site) },
        make("poisson", ["mean"], poisson),
        make("binomial", ["n", "p"], binomial),
        make("truncate", ["x", "low", "high"], truncate),
        make("rank_corr", ["x", "y"], rankCorr),
        make("correlate", ["x", "y", "rho"], correlate),
        // `none`: an open side of `truncate` (SPEC §16). A built-in name, so
        // the resolver knows it and a user binding may shadow it.
        Builtin(name: "none", parameters: [], arity: 0...0) { _, _, site in
            throw LocatedError("'none' is not a function: it stands for an open side of 'truncate'", at: site.span,
                               help: "for example: truncate(x, 0, none)", kind: .type)
        },
    ]

    private static func make(_ name: String, _ parameters: [String], _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name: name, parameters: parameters, arity: parameters.count...parameters.count, body: body)
    }

    /// Whether `v` is the built-in `none`.
    static func isNone(_ v: Value) -> Bool {
        guard case .function(let fn) = v, let i = Builtins.index["none"] else { return false }
        return fn === Builtins.functions[i]
    }

    // MARK: Constructors

    private static func beta(_ f: Frame, _ args: [Value], _ site: CallSite) throws -> Value {
        let a = try number("beta", args, 0, site), b = try number("beta", args, 1, site)
        try report(Distributions.checkBeta(a: a.operand, b: b.operand), "beta", ["a", "b"], site)
        let (n, key, mode) = try draw(f, [a, b], site)
        return try input(Distributions.beta(a.operand, b.operand, n, key: key, mode), .percent, args, site)
    }

    /// triangular and pert: three values of one dimension (numbers, money,
    /// percents, durations in days or dates); the result keeps it.
    private static func threePoint(_ name: String, _ f: Frame, _ args: [Value], _ site: CallSite) throws -> Value {
        let sides = try (0..<3).map { try amount(name, args, $0, site) }
        let dimension = try Operators.commonDimension(args, of: "the arguments of '\(name)'", at: site.span)
        guard dimension != .bool else { throw needsAmount(name, args[0], site.argument(0)) }
        let (low, peak, high) = (sides[0].operand, sides[1].operand, sides[2].operand)
        try report(Distributions.checkRange(low: low, mode: peak, high: high), name, ["low", "mode", "high"], site)
        let (n, key, mode) = try draw(f, sides, site)
        let samples = name == "pert"
            ? Distributions.pert(low: low, mode: peak, high: high, n, key: key, mode)
            : Distributions.triangular(low: low, mode: peak, high: high, n, key: key, mode)
        return try input(samples, dimension, args, site)
    }

    private static func poisson(_ f: Frame, _ args: [Value], _ site: CallSite) throws -> Value {
        let mean = try number("poisson", args, 0, site)
        try report(Distributions.checkPoisson(mean: mean.operand), "poisson", ["mean"], site)
        let (n, key, mode) = try draw(f, [mean], site)
        return try input(Distributions.poisson(mean: mean.operand, n, key: key, mode), .number, args, site)
    }

    private static func binomial(_ f: Frame, _ args: [Value], _ site: CallSite) throws -> Value {
        let trials = try number("binomial", args, 0, site), p = try number("binomial", args, 1, site)
        try report(Distributions.checkBinomial(trials: trials.operand, p: p.operand), "binomial", ["n", "p"], site)
        let (n, key, mode) = try draw(f, [trials, p], site)
        return try input(Distributions.binomial(trials: trials.operand, p: p.operand, n, key: key, mode), .number,
                         args, site)
    }

    /// `truncate(x, low, high)`: samples outside the bounds are replaced by
    /// x's own samples that lie inside, picked at random (rejection from
    /// x's distribution as its samples give it); `none` leaves a side open.
    private static func truncate(_ f: Frame, _ args: [Value], _ site: CallSite) throws -> Value {
        guard case .uncertain(let set) = args[0], set.dimension != .bool else {
            throw LocatedError("'truncate' needs an uncertain amount, got \(UncertainCheck.describe(args[0]))",
                               at: site.argument(0), help: "for example: truncate(normal(10, 5), 0, none)", kind: .type)
        }
        func bound(_ i: Int) throws -> Operand? {
            if isNone(args[i]) { return nil }
            let side = try amount("truncate", args, i, site)
            guard side.dimension == set.dimension
                    || (side.dimension.isFraction && set.dimension.isFraction) else {
                throw LocatedError("'truncate' needs its \(i == 1 ? "low" : "high") bound in "
                                       + "\(set.dimension.plural), got \(UncertainCheck.describe(args[i]))",
                                   at: site.argument(i), help: "or 'none' for an open side", kind: .type)
            }
            if let c = side.count, c != set.count {
                _ = try UncertainCheck.count(c, set.count, at: site.argument(i))
            }
            return side.operand
        }
        let low = try bound(1), high = try bound(2)
        let (n, key, mode) = try draw(f, [SampleSide(args[0])].compactMap { $0 }, site)
        _ = mode
        let xs = set.samples
        let samples: [Double]
        do {
            samples = try Distributions.truncate(xs, low: low, high: high) { round in
                // Round r's picks: uniform indices into x's samples.
                var g = Xoshiro256StarStar(key, chunk: round)
                return (0..<n).map { _ in xs[Int(g.next() % UInt64(n))] }
            }
        } catch let bad as DistributionParameterError {
            throw located(bad, "truncate", ["x", "low", "high"], site)
        }
        return try input(samples, set.dimension, [args[0]], site)
    }

    // MARK: Relations

    private static func rankCorr(_ f: Frame, _ args: [Value], _ site: CallSite) throws -> Value {
        let x = try amountOrCondition("rank_corr", args, 0, site), y = try amountOrCondition("rank_corr", args, 1, site)
        guard case .samples(let xs) = x.operand, case .samples(let ys) = y.operand else { return .number(0) }
        _ = try UncertainCheck.count(x.count, y.count, at: site.span)
        return .number(RankCorrelation.spearman(xs, ys))
    }

    /// `correlate(x, y, rho)`: x's samples reordered (Iman–Conover) so that
    /// their rank correlation with y is about rho; a new input.
    private static func correlate(_ f: Frame, _ args: [Value], _ site: CallSite) throws -> Value {
        guard case .uncertain(let x) = args[0] else {
            throw LocatedError("'correlate' needs an uncertain x, got \(UncertainCheck.describe(args[0]))",
                               at: site.argument(0), help: "for example: correlate(1 to 3, y, 0.7)", kind: .type)
        }
        guard case .uncertain(let y) = args[1] else {
            throw LocatedError("'correlate' needs an uncertain y, got \(UncertainCheck.describe(args[1]))",
                               at: site.argument(1), kind: .type)
        }
        guard !args[2].isUncertain, let rho = Operators.plainNumber(args[2]) else {
            throw Builtins.needs("correlate", "a plain number from -1 to 1", args[2], site.argument(2))
        }
        if let bad = RankCorrelation.checkRho(rho) { throw located(bad, "correlate", ["x", "y", "rho"], site) }
        _ = try UncertainCheck.count(x.count, y.count, at: site.span)
        let (_, key, _) = try UncertainBuiltins.draw(f, at: site.span)
        let samples = RankCorrelation.imanConover(x.samples, y.samples, rho: rho, key: key)
        return Provenance.input(SampleSet(samples: samples, dimension: x.dimension), from: [])
    }

    // MARK: Helpers

    /// The draw of the call, after checking the uncertain parameters' sample
    /// counts against the state's.
    private static func draw(_ f: Frame, _ sides: [SampleSide], _ site: CallSite) throws
        -> (n: Int, key: StreamKey, mode: Parallelism) {
        let d = try UncertainBuiltins.draw(f, at: site.span)
        _ = try UncertainCheck.count(sides.map(\.count) + [d.n], at: site.span)
        return d
    }

    /// A constructor's result: finite samples, marked as an input deriving
    /// from its uncertain parameters.
    private static func input(_ samples: [Double], _ dimension: Dimension, _ parameters: [Value],
                              _ site: CallSite) throws -> Value {
        let value = try UncertainCheck.finite(samples, dimension, at: site.span)
        guard case .uncertain(let set) = value else { return value }
        return Provenance.input(set, from: parameters)
    }

    /// A parameter error at the argument it names.
    private static func report(_ bad: DistributionParameterError?, _ name: String, _ parameters: [String],
                               _ site: CallSite) throws {
        if let bad { throw located(bad, name, parameters, site) }
    }

    private static func located(_ bad: DistributionParameterError, _ name: String, _ parameters: [String],
                                _ site: CallSite) -> LocatedError {
        let i = parameters.firstIndex(of: bad.parameter) ?? 0
        return LocatedError("'\(name)': \(bad.description)", at: i < site.argumentSpans.count ? site.argument(i) : site.span,
                            kind: .runtime)
    }

    /// A plain number (a percent as its fraction) or uncertain numbers or percents.
    private static func number(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> SampleSide {
        guard let side = SampleSide(args[i]), side.dimension.isFraction else {
            throw Builtins.needs(name, "a number", args[i], site.argument(i))
        }
        return side
    }

    /// A number, money, percent, points, duration (in days or in months) or
    /// date, plain or uncertain.
    private static func amount(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> SampleSide {
        if case .duration(let u) = args[i], u.months != 0, u.days != 0 {
            throw LocatedError("'\(name)' needs durations in days or in months, not \(args[i].description)",
                               at: site.argument(i), help: "write it in one unit, e.g. 375 days or 12 months", kind: .type)
        }
        guard let side = SampleSide(args[i]), side.dimension != .bool else {
            throw needsAmount(name, args[i], site.argument(i))
        }
        return side
    }

    private static func amountOrCondition(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws
        -> SampleSide {
        guard let side = SampleSide(args[i]) else { throw needsAmount(name, args[i], site.argument(i)) }
        return side
    }

    private static func needsAmount(_ name: String, _ v: Value, _ span: SourceSpan) -> LocatedError {
        LocatedError("'\(name)' needs numbers, money, percents, points, durations or dates, "
                         + "got \(UncertainCheck.describe(v))", at: span, kind: .type)
    }
}
