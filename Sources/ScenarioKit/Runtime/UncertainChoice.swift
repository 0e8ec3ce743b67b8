// `if` on an uncertain condition (SPEC §7).

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
                               at: span, help: "some samples never reach the case that stops the recursion")
        }
        runtime.uncertainChoices += 1
        defer { runtime.uncertainChoices -= 1 }
        let yes = Statistics.countTrue(condition.samples)
        if yes == condition.count { return try then() }
        if yes == 0 { return try otherwise() }
        return try Operators.select(condition, try then(), try otherwise(), at: span)
    }
}
