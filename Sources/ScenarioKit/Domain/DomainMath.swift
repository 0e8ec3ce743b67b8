// The arithmetic of derived deal members (p_close, expected_cost, …).
//
// TEMPORARY: scalar rules until the evaluator's operators land; then every
// function here delegates to them so that uncertain values flow through.

enum DomainMath {
    static func add(_ a: Value, _ b: Value, at span: SourceSpan) throws(LocatedError) -> Value {
        try scalar(a, b, "+", at: span)
    }

    static func subtract(_ a: Value, _ b: Value, at span: SourceSpan) throws(LocatedError) -> Value {
        try scalar(a, b, "-", at: span)
    }

    static func multiply(_ a: Value, _ b: Value, at span: SourceSpan) throws(LocatedError) -> Value {
        try scalar(a, b, "*", at: span)
    }

    static func divide(_ a: Value, _ b: Value, at span: SourceSpan) throws(LocatedError) -> Value {
        try scalar(a, b, "/", at: span)
    }

    /// A plain fraction (or uncertain one) as a percent: 1/6 is 16.67%.
    static func percent(_ value: Value) -> Value {
        switch value {
        case .number(let x): return .percent(x)
        case .uncertain(let set) where set.dimension == .number:
            return .uncertain(SampleSet(samples: set.samples, dimension: .percent))
        default: return value
        }
    }

    private static func scalar(_ a: Value, _ b: Value, _ op: String, at span: SourceSpan) throws(LocatedError) -> Value {
        func parts(_ v: Value) -> (Double, String?, Bool)? {
            switch v {
            case .number(let x): return (x, nil, false)
            case .percent(let x): return (x, nil, true)
            case .money(let x, let c): return (x, c, false)
            default: return nil
            }
        }
        guard let (x, cx, px) = parts(a), let (y, cy, py) = parts(b) else {
            throw LocatedError("cannot compute with \(a.typeName) and \(b.typeName)", at: span)
        }
        switch op {
        case "+", "-":
            let r = op == "+" ? x + y : x - y
            if let c = cx ?? cy { return .money(r, currency: c) }
            return px && py ? .percent(r) : .number(r)
        case "*":
            if let c = cx ?? cy { return .money(x * y, currency: c) }
            return px && py ? .percent(x * y) : .number(x * y)
        default:
            guard y != 0 else { throw LocatedError("division by zero", at: span) }
            if let c = cx, cy == nil { return .money(x / y, currency: c) }
            return .number(x / y)
        }
    }
}
