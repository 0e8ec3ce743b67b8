// Specialised closures for the shapes that dominate running time: reading
// numbers straight out of frame slots and constants, arithmetic and
// comparisons on plain numbers, `if` on a comparison. Every fast path
// computes exactly what the general operator would for plain numbers, and
// hands anything else (money, percents, uncertain values, overflow, errors)
// to the general code in `Operators`, so the fast paths change speed only.
//
// A value is large (several words, with references in most cases), so the
// fast paths test a slot's case in place instead of copying its value out.

extension Frame {
    /// The number in a slot, nil for anything else; does not copy the value.
    @inline(__always)
    func number(_ slot: Int) -> Double? {
        if case .number(let x) = base[slot] { return x }
        return nil
    }

    /// A slot's value; a number is rebuilt rather than copied.
    @inline(__always)
    func load(_ slot: Int) -> Value {
        if case .number(let x) = base[slot] { return .number(x) }
        return base[slot]
    }
}

/// An operand that can be read without running code: a local slot or a
/// number constant. Reading it twice is the same as reading it once.
enum Leaf {
    case local(Int)
    case number(Double)

    init?(_ e: ResolvedExpr) {
        switch e {
        case .name(.local(let slot), _): self = .local(slot)
        case .constant(.number(let x)): self = .number(x)
        default: return nil
        }
    }

    @inline(__always)
    func number(_ f: Frame) -> Double? {
        switch self {
        case .local(let slot): f.number(slot)
        case .number(let x): x
        }
    }

    @inline(__always)
    func value(_ f: Frame) -> Value {
        switch self {
        case .local(let slot): f.load(slot)
        case .number(let x): .number(x)
        }
    }
}

/// Plain-number arithmetic; nil where the general operator must decide
/// (a result that is not finite, a zero divisor: errors made there).
protocol NumberArithmetic {
    static func apply(_ x: Double, _ y: Double) -> Double?
}

enum NumberAdd: NumberArithmetic {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double? {
        let z = x + y
        return z.isFinite ? z : nil
    }
}

enum NumberSubtract: NumberArithmetic {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double? {
        let z = x - y
        return z.isFinite ? z : nil
    }
}

enum NumberMultiply: NumberArithmetic {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double? {
        let z = x * y
        return z.isFinite ? z : nil
    }
}

enum NumberDivide: NumberArithmetic {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double? {
        guard y != 0 else { return nil }
        let z = x / y
        return z.isFinite ? z : nil
    }
}

/// `<`, `<=`, `>`, `>=`, `==`, `!=` on plain numbers (`==` within the
/// tolerance of `Operators.close`).
protocol NumberComparison {
    static func test(_ x: Double, _ y: Double) -> Bool
}

enum NumberLess: NumberComparison {
    @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x < y }
}

enum NumberLessEqual: NumberComparison {
    @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x <= y }
}

enum NumberGreater: NumberComparison {
    @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x > y }
}

enum NumberGreaterEqual: NumberComparison {
    @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x >= y }
}

enum NumberEqual: NumberComparison {
    @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { Operators.close(x, y) }
}

enum NumberNotEqual: NumberComparison {
    @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { !Operators.close(x, y) }
}

extension Compiler {
    /// The general operator: both operands evaluated, in the frame.
    typealias General = (Value, Value, Frame) throws -> Value

    static func constant(_ v: Value) -> Code {
        switch v {
        case .number(let x): return { _ in .number(x) }
        case .percent(let x): return { _ in .percent(x) }
        case .bool(let b): return { _ in .bool(b) }
        default: return { _ in v }
        }
    }

    /// A binary operator on plain numbers, specialised for its operand
    /// shapes; `general` handles every other case. Operands are evaluated
    /// left to right, each once (leaves have no effects, so reading one
    /// early or twice is not observable).
    static func numeric<Op: NumberArithmetic>(_: Op.Type, _ l: ResolvedExpr, _ r: ResolvedExpr,
                                              _ general: @escaping General) -> Code {
        switch (Leaf(l), Leaf(r)) {
        case (.some(let a), .some(let b)):
            return { f in
                if let x = a.number(f), let y = b.number(f), let z = Op.apply(x, y) { return .number(z) }
                return try general(a.value(f), b.value(f), f)
            }
        case (.some(let a), .none):
            let rc = expr(r)
            return { f in
                if let x = a.number(f) {
                    let v = try rc(f)
                    if case .number(let y) = v, let z = Op.apply(x, y) { return .number(z) }
                    return try general(.number(x), v, f)
                }
                let u = a.value(f)
                return try general(u, try rc(f), f)
            }
        case (.none, .some(let b)):
            let lc = expr(l)
            return { f in
                let u = try lc(f)
                if case .number(let x) = u, let y = b.number(f), let z = Op.apply(x, y) { return .number(z) }
                return try general(u, b.value(f), f)
            }
        case (.none, .none):
            let lc = expr(l), rc = expr(r)
            return { f in
                let u = try lc(f), v = try rc(f)
                if case .number(let x) = u, case .number(let y) = v, let z = Op.apply(x, y) { return .number(z) }
                return try general(u, v, f)
            }
        }
    }

    /// A comparison; like ``numeric(_:_:_:_:)`` but with a boolean result.
    static func comparison<Op: NumberComparison>(_: Op.Type, _ l: ResolvedExpr, _ r: ResolvedExpr,
                                                 _ general: @escaping General) -> Code {
        switch (Leaf(l), Leaf(r)) {
        case (.some(let a), .some(let b)):
            return { f in
                if let x = a.number(f), let y = b.number(f) { return .bool(Op.test(x, y)) }
                return try general(a.value(f), b.value(f), f)
            }
        case (.some(let a), .none):
            let rc = expr(r)
            return { f in
                if let x = a.number(f) {
                    let v = try rc(f)
                    if case .number(let y) = v { return .bool(Op.test(x, y)) }
                    return try general(.number(x), v, f)
                }
                let u = a.value(f)
                return try general(u, try rc(f), f)
            }
        case (.none, .some(let b)):
            let lc = expr(l)
            return { f in
                let u = try lc(f)
                if case .number(let x) = u, let y = b.number(f) { return .bool(Op.test(x, y)) }
                return try general(u, b.value(f), f)
            }
        case (.none, .none):
            let lc = expr(l), rc = expr(r)
            return { f in
                let u = try lc(f), v = try rc(f)
                if case .number(let x) = u, case .number(let y) = v { return .bool(Op.test(x, y)) }
                return try general(u, v, f)
            }
        }
    }

    /// A condition decided without running code or building a value, when
    /// it compares two leaves holding plain numbers; nil otherwise (the
    /// caller then evaluates the condition in full).
    static func quickTest(_ condition: ResolvedExpr) -> ((Frame) -> Bool?)? {
        guard case .binary(let op, let l, let r, _, _, _) = condition, let a = Leaf(l), let b = Leaf(r) else {
            return nil
        }
        func make<Op: NumberComparison>(_: Op.Type) -> (Frame) -> Bool? {
            { f in
                guard let x = a.number(f), let y = b.number(f) else { return nil }
                return Op.test(x, y)
            }
        }
        switch op {
        case .less: return make(NumberLess.self)
        case .lessEqual: return make(NumberLessEqual.self)
        case .greater: return make(NumberGreater.self)
        case .greaterEqual: return make(NumberGreaterEqual.self)
        case .equal: return make(NumberEqual.self)
        case .notEqual: return make(NumberNotEqual.self)
        default: return nil
        }
    }
}
