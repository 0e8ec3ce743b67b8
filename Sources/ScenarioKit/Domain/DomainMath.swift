// The arithmetic of derived deal members (p_close, expected_cost, …): the
// language's own operators, so that money keeps its currency, percents stay
// percents, and uncertain values (SPEC §7) flow through unchanged.

enum DomainMath {
    static func add(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        try Operators.add(a, b, at: span)
    }

    static func subtract(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        try Operators.subtract(a, b, at: span)
    }

    static func multiply(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        try Operators.multiply(a, b, at: span)
    }

    static func divide(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        try Operators.divide(a, b, at: span)
    }

    /// A plain fraction (or an uncertain one) as a percent: 1/6 is 16.67%.
    static func percent(_ value: Value) -> Value {
        switch value {
        case .number(let x): return .percent(x)
        case .uncertain(let set) where set.dimension == .number:
            return .uncertain(set.keepingProvenance(samples: set.samples, dimension: .percent))
        default: return value
        }
    }
}
