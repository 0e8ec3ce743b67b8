/// How deeply values nest: a list inside a list, a function holding the
/// values it captured. Releasing, printing, comparing and writing a value as
/// JSON all recurse once per level, on whatever thread the embedder uses, so
/// nesting is bounded where it grows (SPEC §9): a `reduce` or recursion that
/// wraps its result one level deeper each step ends in a located error
/// instead of a stack overflow.
enum ValueNesting {
    /// Levels of lists and functions, far more than any scenario needs and
    /// few enough to release or print on a 512 KiB stack.
    static let limit = 1_000

    /// 0 for a plain value; a list is one deeper than its deepest element, a
    /// function one deeper than its deepest captured value.
    static func depth(_ value: Value) -> Int {
        var known: [UnsafeRawPointer: Int] = [:]
        return depth(value, &known)
    }

    /// The depth of a list or function made of `values`.
    static func depth<C: Collection<Value>>(of values: C) -> Int {
        var known: [UnsafeRawPointer: Int] = [:]
        return depth(of: values, &known)
    }

    /// Only lists and functions are looked into (a function knows its own
    /// depth). Lists share storage, so a list built as `[acc, acc]` over and
    /// over is a small graph but an exponentially large tree: each storage
    /// buffer is measured once, by address (the value being measured keeps
    /// every buffer alive meanwhile).
    private static func depth<C: Collection<Value>>(of values: C, _ known: inout [UnsafeRawPointer: Int]) -> Int {
        var deepest = 0
        for value in values {
            switch value {
            case .list, .function: deepest = max(deepest, depth(value, &known))
            default: continue
            }
        }
        return deepest + 1
    }

    private static func depth(_ value: Value, _ known: inout [UnsafeRawPointer: Int]) -> Int {
        switch value {
        case .function(let f):
            return f.nesting
        case .list(let xs):
            guard let key = xs.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) else { return 1 }
            if let d = known[key] { return d }
            let d = depth(of: xs, &known)
            known[key] = d
            return d
        default:
            return 0
        }
    }

    static func check(_ depth: Int, at span: SourceSpan) throws {
        guard depth <= limit else {
            throw LocatedError("value nested too deeply: more than \(limit) levels of lists and functions", at: span,
                               help: "each step wraps the result once more; build a flat list with '+' instead")
        }
    }
}
