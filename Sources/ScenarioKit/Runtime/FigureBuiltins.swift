// The figure built-ins of SPEC §16: cdf_plot, sensitivity and tornado (hist
// is with the summaries in UncertainBuiltins).

/// `cdf_plot(x)`, `sensitivity(y)` and `tornado(y)`: figures computed from
/// the samples that exist, without running the model again.
enum FigureBuiltins {
    static let all: [Builtin] = [
        make("cdf_plot", ["x"]) { _, args, site in
            .figure(Figures.cdf(try samples("cdf_plot", args[0], site)))
        },
        make("sensitivity", ["y"]) { _, args, site in
            let y = try uncertain("sensitivity", args[0], site)
            return .figure(Figures.sensitivity(y, title: title(y)))
        },
        make("tornado", ["y"]) { _, args, site in
            let y = try uncertain("tornado", args[0], site)
            return .figure(Figures.tornado(y, title: title(y)))
        },
    ]

    private static func make(_ name: String, _ parameters: [String], _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name: name, parameters: parameters, arity: parameters.count...parameters.count, body: body)
    }

    /// The output's name if it is a named input, else "the value".
    private static func title(_ set: SampleSet) -> String {
        set.provenance.origin?.name ?? "the value"
    }

    private static func uncertain(_ name: String, _ v: Value, _ site: CallSite) throws -> SampleSet {
        guard case .uncertain(let set) = v else {
            throw LocatedError("'\(name)' needs an uncertain value, got \(UncertainCheck.describe(v))",
                               at: site.argument(0), help: "an uncertain value comes from 'to', 'normal', 'beta', …")
        }
        return set
    }

    private static func samples(_ name: String, _ v: Value, _ site: CallSite) throws -> SampleSet {
        if case .uncertain(let set) = v { return set }
        guard let (dimension, raw) = Dimension.of(v) else {
            throw LocatedError("'\(name)' needs numbers, money, percents, points, durations or dates, "
                                   + "got \(UncertainCheck.describe(v))", at: site.argument(0))
        }
        return SampleSet(samples: [raw], dimension: dimension)
    }
}
