// The finance built-ins of SPEC §22 (npv, irr, xnpv, xirr, pmt) and
// `solve`, over the numeric cores of Values/Finance.swift: here are the
// dimensions (money flows give money, rates are percents), the located
// errors, and sample-by-sample evaluation of uncertain rates and flows.

enum FinanceBuiltins {
    static let all: [Builtin] = SampleWise.lifting(finance, names: Set(finance.map(\.name))) + [solve]

    private static func make(_ name: String, _ parameters: [String], _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name: name, parameters: parameters, arity: parameters.count...parameters.count, body: body)
    }

    private static let finance: [Builtin] = [
        make("npv", ["rate", "flows"]) { _, args, site in
            let rate = try rateArgument("npv", args, 0, site)
            let (flows, unit) = try flowsArgument("npv", args, 1, site)
            return try unit(try finite(Finance.npv(rate: rate, flows: flows), "npv", site))
        },
        make("irr", ["flows"]) { _, args, site in
            let (flows, _) = try flowsArgument("irr", args, 0, site)
            return .percent(try run("irr", site, argument: 0) { try Finance.irr(flows) })
        },
        make("xnpv", ["rate", "dates", "flows"]) { _, args, site in
            let rate = try rateArgument("xnpv", args, 0, site)
            let dates = try datesArgument("xnpv", args, 1, site)
            let (flows, unit) = try flowsArgument("xnpv", args, 2, site)
            let v = try run("xnpv", site, argument: 2) { try Finance.xnpv(rate: rate, dates: dates, flows: flows) }
            return try unit(try finite(v, "xnpv", site))
        },
        make("xirr", ["dates", "flows"]) { _, args, site in
            let dates = try datesArgument("xirr", args, 0, site)
            let (flows, _) = try flowsArgument("xirr", args, 1, site)
            return .percent(try run("xirr", site, argument: 1) { try Finance.xirr(dates: dates, flows: flows) })
        },
        make("pmt", ["rate", "n", "pv"]) { _, args, site in
            let rate = try rateArgument("pmt", args, 0, site)
            guard case .number(let n) = args[1], n > 0 else {
                throw Builtins.needs("pmt", "a number of periods above 0", args[1], site.argument(1),
                                     kind: Compiler.numberOrType(args[1]))
            }
            let (pv, unit) = try amount("pmt", args[2], site.argument(2))
            guard rate > -1 else {
                throw LocatedError("'pmt' needs a rate above -100%, got \(args[0].description)", at: site.argument(0),
                                   kind: .runtime)
            }
            return try unit(try finite(Finance.pmt(rate: rate, periods: n, presentValue: pv), "pmt", site))
        },
    ]

    // MARK: solve

    /// `solve(f, low, high)`: the x in [low, high] where f(x) is 0, by
    /// Brent's method to 1e-12 relative. x has the dimension of low and
    /// high; f may return numbers, money, percents or durations in days.
    private static let solve = make("solve", ["f", "low", "high"]) { caller, args, site in
        guard case .function(let fn) = args[0] else {
            throw Builtins.needs("solve", "a function of one argument", args[0], site.argument(0))
        }
        for i in 1...2 where args[i].isUncertain {
            throw LocatedError("'solve' needs plain ends, got an uncertain value", at: site.argument(i), kind: .type)
        }
        guard let (dimension, low) = Dimension.of(args[1]), dimension != .bool, dimension != .date else {
            throw Builtins.needs("solve", "a number, money or a percent", args[1], site.argument(1))
        }
        guard let (other, high) = Dimension.of(args[2]), other == dimension
            || (other.isFraction && dimension.isFraction) else {
            throw LocatedError("'solve' needs both ends in one dimension, got \(Operators.dimensionName(args[1])) "
                                   + "and \(Operators.dimensionName(args[2]))", at: site.span, kind: .type)
        }
        guard low <= high else {
            throw LocatedError("'solve' needs its low end first", at: site.span, kind: .runtime)
        }
        let inner = CallSite.internalCall(at: site.span)
        var resultDimension: Dimension?
        return try withExtendedLifetime(fn) {
            let call = try caller.prepare(fn, arguments: 1, at: inner)
            func f(_ x: Double) throws -> Double {
                try caller.checkInterrupt(at: site.span)
                let y = try call.invoke(dimension.value(x), from: caller, at: inner)
                guard !y.isUncertain, let (d, raw) = Dimension.of(y), d != .bool, d != .date else {
                    throw LocatedError("'solve' needs f to return a plain number, money or percent, "
                                           + "got \(UncertainCheck.describe(y))", at: site.argument(0),
                                       help: y.isUncertain ? "solve for a summary, e.g. fn(x) => mean(…)" : nil, kind: .type)
                }
                resultDimension = d
                return raw
            }
            do {
                let x = try Finance.brent(f, low: low, high: high, relativeTolerance: 1e-12)
                return dimension.value(x)
            } catch let error as FinanceError {
                if case .sameSign(_, _, let fLow, let fHigh) = error {
                    let d = resultDimension ?? .number
                    throw LocatedError("'solve' needs f to change sign between \(args[1].description) and "
                                           + "\(args[2].description): f is \(d.value(fLow).description) at one end "
                                           + "and \(d.value(fHigh).description) at the other", at: site.span,
                                       help: "widen the interval, or check that f crosses zero", kind: .runtime)
                }
                throw LocatedError("'solve': \(error.description)", at: site.span, kind: .runtime)
            }
        }
    }

    // MARK: Arguments

    /// A rate as a fraction: a percent, points or a plain number.
    private static func rateArgument(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> Double {
        switch args[i] {
        case .percent(let x), .points(let x), .number(let x): return x
        default: throw Builtins.needs(name, "a rate (a percent)", args[i], site.argument(i))
        }
    }

    /// A number or money, and how to give a result the same dimension.
    private static func amount(_ name: String, _ v: Value,
                               _ span: SourceSpan) throws -> (Double, (Double) throws -> Value) {
        switch v {
        case .number(let x): return (x, { .number($0) })
        case .money(let x, let c): return (x, { .money($0, currency: c) })
        default: throw LocatedError("'\(name)' needs money or a number, got \(Compiler.shown(v))", at: span, kind: .type)
        }
    }

    /// Flows: a non-empty list of numbers, or of money in one currency.
    private static func flowsArgument(_ name: String, _ args: [Value], _ i: Int,
                              _ site: CallSite) throws -> ([Double], (Double) throws -> Value) {
        guard case .list(let xs) = args[i], !xs.isEmpty else {
            throw Builtins.needs(name, "a non-empty list of flows", args[i], site.argument(i),
                                 kind: args[i] == .list([]) ? .runtime : .type)
        }
        var out: [Double] = []
        out.reserveCapacity(xs.count)
        var unit: ((Double) throws -> Value)?
        var currency: String??
        for (k, x) in xs.enumerated() {
            let (v, u) = try amount(name, x, site.argument(i))
            let c: String? = if case .money(_, let c) = x { c } else { nil }
            if let currency, currency != c {
                throw LocatedError("'\(name)' needs flows of one kind, but flow \(k + 1) is "
                                       + "\(Operators.dimensionName(x)) after \(Operators.dimensionName(xs[0]))",
                                   at: site.argument(i), kind: .type)
            }
            currency = c
            unit = u
            out.append(v)
        }
        return (out, unit ?? { .number($0) })
    }

    /// Dates (or periods, by their first day) as day numbers.
    private static func datesArgument(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> [Int] {
        guard case .list(let xs) = args[i] else { throw Builtins.needs(name, "a list of dates", args[i], site.argument(i)) }
        return try xs.map { x in
            guard let span = Operators.daySpan(x) else {
                throw LocatedError("'\(name)' needs a list of dates, got \(Compiler.shown(x)) in it", at: site.argument(i),
                                   kind: .type)
            }
            return span.start.dayNumber
        }
    }

    private static func run(_ name: String, _ site: CallSite, argument: Int,
                            _ body: () throws -> Double) throws -> Double {
        do {
            return try body()
        } catch let error as FinanceError {
            throw LocatedError("'\(name)': \(error.description)", at: site.argument(argument), kind: .runtime)
        }
    }

    private static func finite(_ x: Double, _ name: String, _ site: CallSite) throws -> Double {
        guard x.isFinite else { throw LocatedError("'\(name)' is not a finite number here", at: site.span, kind: .runtime) }
        return x
    }
}
