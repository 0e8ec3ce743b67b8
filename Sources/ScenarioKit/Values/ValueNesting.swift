/// How deep and how big values are, where lists and functions hold other
/// values (SPEC §9, issue 8).
///
/// - Depth: releasing a value recurses once per level of lists and captured
///   values, on whatever thread drops it, so a `reduce` or recursion that
///   wraps its result one level deeper each step would overflow the stack.
/// - Size: lists share storage, so `[a, a]` built forty times over is a
///   small graph holding 2^40 elements; printing, comparing or writing it
///   as JSON visits every one of them. The size of a list counts each
///   element every time it appears.
///
/// Both are bounded where lists and functions are made (list literals,
/// `map`, `+` on lists, lambdas); passing a bound is a located error.
enum ValueNesting {
    /// Levels of lists and functions, far more than any scenario needs and
    /// few enough to release on a 512 KiB stack.
    static let limit = 1_000
    /// Elements in all, nested ones included: the list length limit.
    static var sizeLimit: Int { Operators.maxListCount }

    /// Depth and size of a list or function made of `values`.
    struct Shape {
        /// 1 for a list of plain values.
        var depth: Int
        /// Elements, counting nested lists' elements every time they occur
        /// (capped just above the limit).
        var size: Int
    }

    /// The depth a function made of `captures` has.
    static func depth<C: Collection<Value>>(of captures: C) -> Int {
        var known: [UnsafeRawPointer: Shape] = [:]
        return shape(of: captures, &known).depth
    }

    /// Elements in a list, nested ones counted each time they occur (capped
    /// just above the limit); 1 for anything else.
    static func size(_ value: Value) -> Int {
        guard case .list(let xs) = value else { return 1 }
        var known: [UnsafeRawPointer: Shape] = [:]
        return shape(ofList: xs, &known).size
    }

    /// Throws when a list or function made of `values` would pass a limit.
    static func check<C: Collection<Value>>(_ values: C, at span: SourceSpan) throws {
        var known: [UnsafeRawPointer: Shape] = [:]
        let s = shape(of: values, &known)
        try check(depth: s.depth, at: span)
        guard s.size <= sizeLimit else {
            throw LocatedError("value too large: more than \(sizeLimit) elements in all", at: span,
                               help: "nested lists count every time they occur; a list holding the same list twice counts it twice",
                               kind: .limit)
        }
    }

    static func check(depth: Int, at span: SourceSpan) throws {
        guard depth <= limit else {
            throw LocatedError("value nested too deeply: more than \(limit) levels of lists and functions", at: span,
                               help: "each step wraps the result once more; build a flat list with '+' instead", kind: .limit)
        }
    }

    /// Only lists and functions are looked into (a function knows its own
    /// depth and counts as one element). Each storage buffer is measured
    /// once, by address, so a shared list costs one visit however often it
    /// occurs (the value being measured keeps every buffer alive meanwhile).
    private static func shape<C: Collection<Value>>(of values: C, _ known: inout [UnsafeRawPointer: Shape]) -> Shape {
        // In place where the storage allows: copying each value out (to find
        // most are plain numbers) would cost more than the rest of the check.
        if let result = values.withContiguousStorageIfAvailable({ shape(ofBuffer: $0, &known) }) { return result }
        // Collections without contiguous storage are rare here: one copy.
        return Array(values).withUnsafeBufferPointer { shape(ofBuffer: $0, &known) }
    }

    private static func shape(ofBuffer values: UnsafeBufferPointer<Value>,
                              _ known: inout [UnsafeRawPointer: Shape]) -> Shape {
        var result = Shape(depth: 1, size: values.count)
        for i in values.indices {
            switch values[i] {
            case .function(let f):
                result.depth = max(result.depth, f.nesting + 1)
            case .list(let xs):
                let inner = shape(ofList: xs, &known)
                result.depth = max(result.depth, inner.depth + 1)
                result.size = min(result.size + inner.size, sizeLimit + 1)
            case .record(let r):
                // A record's fields nest like a list's elements.
                let inner = shape(ofList: r.values, &known)
                result.depth = max(result.depth, inner.depth + 1)
                result.size = min(result.size + inner.size, sizeLimit + 1)
            default:
                continue
            }
        }
        return result
    }

    private static func shape(ofList xs: [Value], _ known: inout [UnsafeRawPointer: Shape]) -> Shape {
        guard let key = xs.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) else {
            return Shape(depth: 1, size: 0)
        }
        if let s = known[key] { return s }
        let s = shape(of: xs, &known)
        known[key] = s
        return s
    }
}

extension Value {
    /// The first value, this one or one held in its lists and records (not
    /// in functions' captures), that `test` picks; nil when none is.
    func firstNested(where test: (Value) -> Bool) -> Value? {
        var pending = [self]
        while let next = pending.popLast() {
            if test(next) { return next }
            switch next {
            case .list(let items): pending += items
            case .record(let record): pending += record.values
            default: break
            }
        }
        return nil
    }

    /// Whether it is a function.
    var isFunction: Bool {
        if case .function = self { return true }
        return false
    }
}
