/// `mixture(values, weights)` (SPEC §7), and its one shortcut: a
/// constructor written inside the list (`mixture([0, 1 to 3], …)`) makes a
/// value nothing else can see, so only the samples that pick it are drawn
/// from it. The samples differ from sampling it whole (both are fixed by
/// the seed); their distribution does not. `1 to 3` bound to a name first
/// is sampled whole, since the name can be used elsewhere.
enum UncertainMixture {
    enum Component {
        case value(Value)
        case draw(PreparedDraw)
    }

    static func mixture(_ components: [Component], _ weightValue: Value, _ site: CallSite,
                        in f: Frame) throws -> Value {
        guard case .list(let weightValues) = weightValue else {
            throw LocatedError("'mixture' needs a list of weights, got \(Compiler.shown(weightValue))",
                               at: site.argument(1), kind: .type)
        }
        guard weightValues.count == components.count else {
            throw LocatedError("'mixture' has \(components.count) values but \(weightValues.count) weights",
                               at: site.argument(1), kind: .runtime)
        }
        var weights: [Double] = []
        for w in weightValues {
            guard let x = Operators.plainNumber(w), x.isFinite else {
                throw LocatedError("'mixture' weights must be plain numbers or percents, got \(w.typeName)",
                                   at: site.argument(1), kind: .type)
            }
            guard x >= 0 else {
                throw LocatedError("'mixture' weights must not be negative, got \(ValueFormatter.exact(w))", at: site.argument(1),
                                   kind: .runtime)
            }
            weights.append(x)
        }
        guard weights.reduce(0, +) > 0 else { throw LocatedError("'mixture' weights are all zero", at: site.argument(1),
                                                                 kind: .runtime) }
        // A prepared draw stands in for its samples in the dimension check.
        let stand = components.map { c -> Value in
            switch c {
            case .value(let v): v
            case .draw(let d): .uncertain(SampleSet(samples: [], dimension: d.dimension))
            }
        }
        let dimension = try Operators.commonDimension(stand, of: "the values of a 'mixture'", at: site.argument(0))
        var sources: [Sampling.MixtureSource] = []
        var counts: [Int?] = []
        for c in components {
            switch c {
            case .value(let v):
                guard let side = SampleSide(v) else { continue }
                sources.append(.operand(side.operand))
                counts.append(side.count)
            case .draw(let d):
                if let sampler = d.scalarSampler {
                    sources.append(.sampler(sampler))
                    counts.append(d.n)
                } else {
                    let set = try d.sample()
                    guard let side = SampleSide(set) else { continue }
                    sources.append(.operand(side.operand))
                    counts.append(side.count)
                }
            }
        }
        let (n, key, mode) = try UncertainBuiltins.draw(f, at: site.span)
        _ = try UncertainCheck.count(counts + [n], at: site.span)
        let samples = Sampling.mixture(sources, weights: weights, n, key, mode)
        var set = SampleSet(samples: samples, dimension: dimension)
        if sources.contains(where: { if case .sampler = $0 { true } else { false } }) {
            let checked = try UncertainCheck.finite(samples, dimension, at: site.span,
                                                    message: "a value of the 'mixture' is too wide: some samples overflow")
            if case .uncertain(let s) = checked { set = s }
        }
        // A mixture is drawn by a constructor: an input (SPEC §16), deriving
        // also from the uncertain values it picks from.
        return Provenance.input(set, from: components.compactMap { c in
            if case .value(let v) = c { return v }
            return nil
        })
    }

    // MARK: The shortcut, at compile time

    /// The built-in a callee names, if it is one called by its name.
    private static func builtinIndex(_ callee: ResolvedExpr) -> Int? {
        if case .name(let name) = callee, case .builtin(let index) = name.access { return index }
        return nil
    }

    private enum Item {
        case value(Code)
        case constructor(String, [Code], CallSite)
        case range(Code, Code, span: SourceSpan, left: SourceSpan, right: SourceSpan)
    }

    /// Code for `mixture([items…], weights)` when the built-in `mixture` is
    /// called with a list written out; nil otherwise (the ordinary call).
    static func compile(_ call: ResolvedCall) -> Code? {
        let args = call.arguments, site = call.site
        guard let index = builtinIndex(call.callee), Builtins.all[index].name == "mixture",
              args.count == 2, case .list(let written) = args[0], !written.items.isEmpty else { return nil }
        var lazy = false
        let items: [Item] = written.items.map { e in
            if case .binary(let b) = e, b.op == .to {
                lazy = true
                return .range(Compiler.expr(b.left), Compiler.expr(b.right), span: b.span, left: b.leftSpan,
                              right: b.rightSpan)
            }
            if case .call(let inner) = e, let i = builtinIndex(inner.callee),
               UncertainBuiltins.preparers[Builtins.all[i].name] != nil,
               Builtins.all[i].arity.contains(inner.arguments.count) {
                lazy = true
                return .constructor(Builtins.all[i].name, inner.arguments.map(Compiler.expr), inner.site)
            }
            return .value(Compiler.expr(e))
        }
        guard lazy else { return nil }
        let weights = Compiler.expr(args[1])
        return { f in
            var components: [Component] = []
            components.reserveCapacity(items.count)
            for item in items {
                switch item {
                case .value(let c):
                    components.append(.value(try c(f)))
                case .constructor(let name, let codes, let csite):
                    var values: [Value] = []
                    for c in codes { values.append(try c(f)) }
                    guard let prepare = UncertainBuiltins.preparers[name] else {
                        throw LocatedError("internal error: no constructor '\(name)'", at: csite.span, kind: .runtime)
                    }
                    components.append(.draw(try prepare(f, values, csite)))
                case .range(let l, let r, let span, let left, let right):
                    let a = try l(f), b = try r(f)
                    components.append(.draw(try UncertainBuiltins.prepareRange(a, b, at: span, left: left,
                                                                               right: right, in: f)))
                }
            }
            return try mixture(components, try weights(f), site, in: f)
        }
    }
}
