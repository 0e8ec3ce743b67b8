// Running a built-in written for plain values once per Monte Carlo sample
// (SPEC §22: "each works sample by sample where that makes sense"): the
// general path for built-ins whose samples are not worth a vector loop of
// their own (calendar fields, finance over lists of flows).

/// Calls a plain body with sample i of every uncertain argument (inside
/// lists too) and collects the results into one sample set.
enum SampleWise {
    /// Whether an argument is uncertain or a list holding uncertain values.
    static func involvesSamples(_ args: [Value]) -> Bool {
        args.contains(where: holdsSamples)
    }

    private static func holdsSamples(_ v: Value) -> Bool {
        switch v {
        case .uncertain: true
        case .list(let xs): xs.contains(where: holdsSamples)
        default: false
        }
    }

    /// `builtins` with those named in `names` also taking uncertain
    /// arguments, sample by sample through their plain body; a call
    /// without one runs the plain body unchanged.
    static func lifting(_ builtins: [Builtin], names: Set<String>) -> [Builtin] {
        builtins.map { builtin in
            guard names.contains(builtin.name) else { return builtin }
            let plain = builtin.body
            return Builtin(name: builtin.name, parameters: builtin.parameters, arity: builtin.arity) { f, args, site in
                guard involvesSamples(args) else { return try plain(f, args, site) }
                return try run(args, in: f, at: site.span) { try plain(f, $0, site) }
            }
        }
    }

    /// The sample count the uncertain arguments share.
    static func count(_ args: [Value], at span: SourceSpan) throws -> Int {
        var counts: [Int?] = []
        func visit(_ v: Value) {
            switch v {
            case .uncertain(let set): counts.append(set.count)
            case .list(let xs): xs.forEach(visit)
            default: break
            }
        }
        args.forEach(visit)
        return try UncertainCheck.count(counts, at: span)
    }

    /// Sample `i` of a value: a plain value stays as it is.
    static func sample(_ v: Value, _ i: Int) -> Value {
        switch v {
        case .uncertain(let set): set.dimension.value(set.samples[i])
        case .list(let xs) where xs.contains(where: holdsSamples): .list(xs.map { sample($0, i) })
        default: v
        }
    }

    /// `body` once per sample; every result must be of one dimension that
    /// samples can hold.
    static func run(_ args: [Value], in f: Frame, at span: SourceSpan,
                    _ body: ([Value]) throws -> Value) throws -> Value {
        let n = try count(args, at: span)
        try SampleMemory.reserve(n, at: span)
        var samples = [Double]()
        samples.reserveCapacity(n)
        var dimension: Dimension?
        for i in 0..<n {
            if i & 0xFFF == 0 { try f.checkInterrupt(at: span) }
            let result: Value
            do {
                result = try body(args.map { sample($0, i) })
            } catch var error as LocatedError {
                // The plain body names one sample's value: say it is one of many.
                error.message += " (in sample \(i + 1) of \(n))"
                throw error
            }
            guard let (d, raw) = Dimension.of(result), !result.isUncertain else {
                throw LocatedError("a result of \(result.typeName) cannot be uncertain", at: span, kind: .type)
            }
            if let dimension, dimension != d {
                throw LocatedError("the samples' results mix \(dimension.plural) and \(d.plural)", at: span, kind: .type)
            }
            dimension = d
            samples.append(raw)
        }
        return try UncertainCheck.finite(samples, dimension ?? .number, at: span)
    }
}
