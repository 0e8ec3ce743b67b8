// Specialised closures for the shapes that dominate running time: reading
// numbers straight out of frame slots and constants, arithmetic and
// comparisons on plain numbers, `if` on a comparison. Every fast path
// computes exactly what the general operator would for plain numbers, and
// hands anything else (money, percents, uncertain values, overflow, errors)
// to the general code in `Operators`, so the fast paths change speed only.
//
// A value is large (several words, with references in most cases), so the
// fast paths test a slot's case in place instead of copying its value out.

/// An operand that can be read without running code: a local slot or a
/// number constant. Reading it twice is the same as reading it once.
enum Leaf {
    case local(Int)
    case number(Double)

    init?(_ e: ResolvedExpr) {
        switch e {
        case .name(let name):
            guard case .local(let slot) = name.access else { return nil }
            self = .local(slot)
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
            let node = LeafPair(a, b, general)
            return { f in
                if let x = node.a.number(f), let y = node.b.number(f), let z = Op.apply(x, y) { return .number(z) }
                return try node.general(node.a.value(f), node.b.value(f), f)
            }
        case (.some(let a), .none):
            let node = LeafAndCode(a, expr(r), general)
            return { f in
                if let x = node.a.number(f) {
                    let v = try node.code(f)
                    if case .number(let y) = v, let z = Op.apply(x, y) { return .number(z) }
                    return try node.general(.number(x), v, f)
                }
                let u = node.a.value(f)
                return try node.general(u, try node.code(f), f)
            }
        case (.none, .some(let b)):
            let node = LeafAndCode(b, expr(l), general)
            return { f in
                let u = try node.code(f)
                if case .number(let x) = u, let y = node.a.number(f), let z = Op.apply(x, y) { return .number(z) }
                return try node.general(u, node.a.value(f), f)
            }
        case (.none, .none):
            let node = CodePair(expr(l), expr(r), general)
            return { f in
                let u = try node.l(f), v = try node.r(f)
                if case .number(let x) = u, case .number(let y) = v, let z = Op.apply(x, y) { return .number(z) }
                return try node.general(u, v, f)
            }
        }
    }

    /// A comparison; like ``numeric(_:_:_:_:)`` but with a boolean result.
    static func comparison<Op: NumberComparison>(_: Op.Type, _ l: ResolvedExpr, _ r: ResolvedExpr,
                                                 _ general: @escaping General) -> Code {
        switch (Leaf(l), Leaf(r)) {
        case (.some(let a), .some(let b)):
            let node = LeafPair(a, b, general)
            return { f in
                if let x = node.a.number(f), let y = node.b.number(f) { return .bool(Op.test(x, y)) }
                return try node.general(node.a.value(f), node.b.value(f), f)
            }
        case (.some(let a), .none):
            let node = LeafAndCode(a, expr(r), general)
            return { f in
                if let x = node.a.number(f) {
                    let v = try node.code(f)
                    if case .number(let y) = v { return .bool(Op.test(x, y)) }
                    return try node.general(.number(x), v, f)
                }
                let u = node.a.value(f)
                return try node.general(u, try node.code(f), f)
            }
        case (.none, .some(let b)):
            let node = LeafAndCode(b, expr(l), general)
            return { f in
                let u = try node.code(f)
                if case .number(let x) = u, let y = node.a.number(f) { return .bool(Op.test(x, y)) }
                return try node.general(u, node.a.value(f), f)
            }
        case (.none, .none):
            let node = CodePair(expr(l), expr(r), general)
            return { f in
                let u = try node.l(f), v = try node.r(f)
                if case .number(let x) = u, case .number(let y) = v { return .bool(Op.test(x, y)) }
                return try node.general(u, v, f)
            }
        }
    }

    /// `if` on a comparison of two leaves: decided straight from the slots
    /// when both hold plain numbers, without building a boolean; otherwise
    /// the general `if` runs (it reads the leaves again, which is the same).
    static func ifOnComparison(_ c: ResolvedConditional) -> Code? {
        guard case .binary(let b) = c.condition, let l = Leaf(b.left), let r = Leaf(b.right) else { return nil }
        switch b.op {
        case .less: return ifCompare(NumberLess.self, l, r, c)
        case .lessEqual: return ifCompare(NumberLessEqual.self, l, r, c)
        case .greater: return ifCompare(NumberGreater.self, l, r, c)
        case .greaterEqual: return ifCompare(NumberGreaterEqual.self, l, r, c)
        case .equal: return ifCompare(NumberEqual.self, l, r, c)
        case .notEqual: return ifCompare(NumberNotEqual.self, l, r, c)
        default: return nil
        }
    }

    // The branches are compiled in here, not passed in: closures handed to a
    // generic function are called through reabstraction thunks.
    private static func ifCompare<Op: NumberComparison>(_: Op.Type, _ a: Leaf, _ b: Leaf,
                                                        _ c: ResolvedConditional) -> Code {
        let t = expr(c.then), o = expr(c.otherwise)
        let node = IfNode(a, b, t, o, ifElse(expr(c.condition), t, o, c.conditionSpan))
        return { f in
            if let x = node.a.number(f), let y = node.b.number(f) { return Op.test(x, y) ? try node.t(f) : try node.o(f) }
            return try node.general(f)
        }
    }
}

// What the closures above capture, as one object: a closure with many
// captures pays, on every call, for a forwarding thunk that loads each of
// them; with one reference the body loads only what its path uses.

final class LeafPair {
    let a: Leaf, b: Leaf
    let general: Compiler.General

    init(_ a: Leaf, _ b: Leaf, _ general: @escaping Compiler.General) {
        self.a = a
        self.b = b
        self.general = general
    }
}

final class LeafAndCode {
    let a: Leaf
    let code: Code
    let general: Compiler.General

    init(_ a: Leaf, _ code: @escaping Code, _ general: @escaping Compiler.General) {
        self.a = a
        self.code = code
        self.general = general
    }
}

final class CodePair {
    let l: Code, r: Code
    let general: Compiler.General

    init(_ l: @escaping Code, _ r: @escaping Code, _ general: @escaping Compiler.General) {
        self.l = l
        self.r = r
        self.general = general
    }
}

/// A long chain's compiled operands, as one object.
final class ChainNode {
    struct Step {
        let op: BinaryOperator
        let right: Code
        let leftSpan: SourceSpan, rightSpan: SourceSpan, span: SourceSpan
    }

    let first: Code
    let steps: [Step]

    init(first: @escaping Code, steps: [Step]) {
        self.first = first
        self.steps = steps
    }
}

final class IfNode {
    let a: Leaf, b: Leaf
    let t: Code, o: Code
    let general: Code

    init(_ a: Leaf, _ b: Leaf, _ t: @escaping Code, _ o: @escaping Code, _ general: @escaping Code) {
        self.a = a
        self.b = b
        self.t = t
        self.o = o
        self.general = general
    }
}
