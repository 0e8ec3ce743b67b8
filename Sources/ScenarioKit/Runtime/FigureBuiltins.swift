// The figure built-ins of SPEC §16: cdf_plot, sensitivity and tornado (hist
// is with the summaries in UncertainBuiltins).

/// `cdf_plot(x)`, `sensitivity(y)` and `tornado(y)`: figures computed from
/// the samples that exist, without running the model again.
enum FigureBuiltins {
    static let all: [Builtin] = [
        make("cdf_plot", ["x"]) { _, args, site in
            .figure(Figures.cdf(try UncertainBuiltins.sampleSet("cdf_plot", args[0], site)))
        },
        make("sensitivity", ["y"]) { f, args, site in
            let y = try uncertain("sensitivity", args[0], site)
            return .figure(Figures.sensitivity(y, title: title(y, f, site)))
        },
        make("tornado", ["y"]) { f, args, site in
            let y = try uncertain("tornado", args[0], site)
            return .figure(Figures.tornado(y, title: title(y, f, site)))
        },
    ]

    private static func make(_ name: String, _ parameters: [String], _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name: name, parameters: parameters, arity: parameters.count...parameters.count, body: body)
    }

    /// The output as written at the call (`cursor.buyer_cost`), shortened
    /// to one line; else its name if it is a named input, else "the value".
    private static func title(_ set: SampleSet, _ f: Frame, _ site: CallSite) -> String {
        if let span = site.argumentSpans.first, let text = f.runtime.sourceText(span) {
            let line = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if !line.isEmpty { return line }
        }
        return set.provenance.origin?.name ?? "the value"
    }

    private static func uncertain(_ name: String, _ v: Value, _ site: CallSite) throws -> SampleSet {
        guard case .uncertain(let set) = v else {
            throw LocatedError("'\(name)' needs an uncertain value, got \(UncertainCheck.describe(v))",
                               at: site.argument(0), help: "an uncertain value comes from 'to', 'normal', 'beta', …", kind: .type)
        }
        return set
    }
}
