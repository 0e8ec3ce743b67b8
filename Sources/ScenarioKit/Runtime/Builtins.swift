// The table of built-in functions (SPEC §3, §6, §7): the core ones here,
// the uncertain and domain ones from their files, one function value each.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built-in functions of SPEC §3 (and placeholders for §6, §7). Later
/// stages add entries to `all`.
enum Builtins {
    static let all: [Builtin] = SampleWise.lifting(UncertainBuiltins.lifting(core) + MoreBuiltins.all,
                                                  names: MoreBuiltins.sampleWise)
        + FinanceBuiltins.all + UncertainBuiltins.all + DistributionBuiltins.all + FigureBuiltins.all
        + DomainEvaluation.builtins

    /// One immutable function value per built-in, so `abs == abs`.
    static let functions: [FunctionValue] = all.map { FunctionValue(builtin: $0) }
    static let index: [String: Int] = Dictionary(all.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    static let names: [String] = all.map(\.name)
    /// What the resolver needs to know of the built-ins.
    static let resolverNames = Resolver.BuiltinNames(index: index)

    private static func make(_ name: String, _ parameters: [String], _ arity: ClosedRange<Int>? = nil,
                             _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name: name, parameters: parameters, arity: arity ?? parameters.count...parameters.count, body: body)
    }

    private static let core: [Builtin] = [
        make("min", ["values"], 1...Int.max) { f, args, site in try extreme(args, site, name: "min", op: .less, f) },
        make("max", ["values"], 1...Int.max) { f, args, site in try extreme(args, site, name: "max", op: .greater, f) },
        make("abs", ["x"]) { _, args, site in
            switch args[0] {
            case .number(let x): return .number(abs(x))
            case .money(let x, let c): return .money(abs(x), currency: c)
            case .percent(let x): return .percent(abs(x))
            case .points(let x): return .points(abs(x))
            case .duration(let u):
                return u.months < 0 || (u.months == 0 && u.days < 0) ? try Operators.negate(args[0], at: site.span)
                    : .duration(u)
            default: throw needs("abs", "a number", args[0], site.argument(0))
            }
        },
        make("round", ["x", "digits"], 1...2) { _, args, site in
            var digits = 0
            if args.count == 2 {
                guard case .number(let d) = args[1], d == d.rounded(), abs(d) <= 1000 else {
                    throw needs("round", "a whole number of digits", args[1], site.argument(1),
                                kind: Compiler.numberOrType(args[1]))
                }
                digits = Int(d)
            }
            switch args[0] {
            case .number(let x): return .number(roundHalfAway(x, digits: digits))
            case .money(let x, let c): return .money(roundHalfAway(x, digits: digits), currency: c)
            // Percents and points round in percentage units: round(16.667%) is 17%.
            case .percent(let x): return .percent(roundHalfAway(x * 100, digits: digits) / 100)
            case .points(let x): return .points(roundHalfAway(x * 100, digits: digits) / 100)
            default: throw needs("round", "a number", args[0], site.argument(0))
            }
        },
        make("sqrt", ["x"]) { _, args, site in .number(try Operators.finite(sqrt(try number("sqrt", args, 0, site)), site.span)) },
        make("ln", ["x"]) { _, args, site in .number(try Operators.finite(log(try number("ln", args, 0, site)), site.span)) },
        make("exp", ["x"]) { _, args, site in .number(try Operators.finite(exp(try number("exp", args, 0, site)), site.span)) },
        make("sum", ["xs"]) { caller, args, site in try ListLoops.sum(try list("sum", args, 0, site), site, in: caller) },
        make("len", ["xs"]) { _, args, site in
            switch args[0] {
            case .list(let xs): return .number(Double(xs.count))
            case .string(let s): return .number(Double(s.count))
            default: throw needs("len", "a list or a string", args[0], site.argument(0))
            }
        },
        make("map", ["xs", "f"]) { caller, args, site in
            let xs = try list("map", args, 0, site), f = try function("map", args, 1, site)
            return try ListLoops.map(xs, f, site, in: caller)
        },
        make("filter", ["xs", "f"]) { caller, args, site in
            let xs = try list("filter", args, 0, site), f = try function("filter", args, 1, site)
            return try ListLoops.filter(xs, f, site, in: caller)
        },
        make("reduce", ["xs", "init", "f"]) { caller, args, site in
            let xs = try list("reduce", args, 0, site), f = try function("reduce", args, 2, site)
            return try ListLoops.reduce(xs, args[1], f, site, in: caller)
        },
        make("days_between", ["a", "b"]) { _, args, site in
            let a = try day("days_between", args, 0, site), b = try day("days_between", args, 1, site)
            return .number(Double(b.dayNumber - a.dayNumber))
        },
        make("months_between", ["a", "b"]) { _, args, site in
            let a = try day("months_between", args, 0, site), b = try day("months_between", args, 1, site)
            return .number(Double(CalendarMath.monthsBetween(a, b)))
        },
        make("year", ["d"]) { _, args, site in .number(Double(try day("year", args, 0, site).year)) },
        make("quarter", ["d"]) { _, args, site in
            .number(Double((try day("quarter", args, 0, site).month - 1) / 3 + 1))
        },
        make("implied_p", ["market", "fallback", "offer"]) { _, args, site in
            // (market − fallback) / (offer − fallback): the market-implied chance of closing;
            // the same arithmetic as the deal method `d.implied_p(market, fallback)`.
            try DomainState.impliedP(market: args[0], fallback: args[1], offer: args[2], at: site.span)
        },
    ]

    // MARK: Argument helpers

    /// `'name' needs what, got …`: a type error, unless the caller says the
    /// value had the right type and is out of range (`kind: .runtime`).
    static func needs(_ name: String, _ what: String, _ got: Value, _ span: SourceSpan,
                      kind: Diagnostic.Kind = .type) -> LocatedError {
        LocatedError("'\(name)' needs \(what), got \(Compiler.shown(got))", at: span, kind: kind)
    }

    /// A number, or a percent as its fraction.
    private static func number(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> Double {
        guard let x = Operators.plainNumber(args[i]) else { throw needs(name, "a number", args[i], site.argument(i)) }
        return x
    }

    private static func list(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> [Value] {
        guard case .list(let xs) = args[i] else { throw needs(name, "a list", args[i], site.argument(i)) }
        return xs
    }

    private static func function(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> FunctionValue {
        guard case .function(let f) = args[i] else { throw needs(name, "a function", args[i], site.argument(i)) }
        return f
    }

    /// The start of a date or period.
    private static func day(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> CalendarDate {
        guard let span = Operators.daySpan(args[i]) else {
            throw needs(name, "a date or a period", args[i], site.argument(i))
        }
        return span.start
    }

    /// `min`/`max` of several arguments or of one list.
    private static func extreme(_ args: [Value], _ site: CallSite, name: String, op: BinaryOperator,
                                _ f: Frame) throws -> Value {
        var values = args
        if args.count == 1, case .list(let xs) = args[0] { values = xs }
        guard var best = values.first else {
            throw LocatedError("'\(name)' of an empty list", at: site.span, kind: .runtime)
        }
        for (i, v) in values.dropFirst().enumerated() {
            if i & 0xFFFF == 0 { try f.checkInterrupt(at: site.span) }
            if try Operators.compare(op, v, best, at: site.span) { best = v }
        }
        return best
    }

    /// Rounds half away from zero. A scaled value within a few ulps of a
    /// half is taken as that half, so round(1.005, 2) is 1.01 as written.
    static func roundHalfAway(_ x: Double, digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        guard scale > 0 else { return 0 }
        let y = x * scale
        guard scale.isFinite, y.isFinite else { return x }
        let magnitude = abs(y)
        let floor = magnitude.rounded(.down)
        let fraction = magnitude - floor
        let rounded: Double
        if abs(fraction - 0.5) <= magnitude.ulp * 4 {
            rounded = floor + 1
        } else {
            rounded = magnitude.rounded(.toNearestOrAwayFromZero)
        }
        return (y < 0 ? -rounded : rounded) / scale
    }
}
