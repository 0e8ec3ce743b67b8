// Calls: a built-in by its name, the running function (recursion), a
// top-level function, or any expression that yields a function. The
// arguments are compiled into a fixed-size list type per count, so that a
// call with one to three arguments stores each straight into the callee's
// frame without going through an array of closures.

/// A call's arguments: evaluated left to right in the caller's frame.
protocol ArgumentList {
    var count: Int { get }
    /// Stores the values into the first slots of the callee's frame.
    func store(_ caller: Frame, _ callee: Frame) throws
    /// The values as an array (for built-ins).
    func values(_ caller: Frame) throws -> [Value]
}

struct NoArguments: ArgumentList {
    var count: Int { 0 }
    @inline(__always) func store(_ caller: Frame, _ callee: Frame) throws {}
    func values(_ caller: Frame) throws -> [Value] { [] }
}

struct OneArgument: ArgumentList {
    let a0: Code
    var count: Int { 1 }
    @inline(__always) func store(_ caller: Frame, _ callee: Frame) throws {
        callee.bind(0, try a0(caller))
    }
    func values(_ caller: Frame) throws -> [Value] { [try a0(caller)] }
}

struct TwoArguments: ArgumentList {
    let a0: Code, a1: Code
    var count: Int { 2 }
    @inline(__always) func store(_ caller: Frame, _ callee: Frame) throws {
        callee.bind(0, try a0(caller))
        callee.bind(1, try a1(caller))
    }
    func values(_ caller: Frame) throws -> [Value] {
        let x = try a0(caller)
        return [x, try a1(caller)]
    }
}

struct ThreeArguments: ArgumentList {
    let a0: Code, a1: Code, a2: Code
    var count: Int { 3 }
    @inline(__always) func store(_ caller: Frame, _ callee: Frame) throws {
        callee.bind(0, try a0(caller))
        callee.bind(1, try a1(caller))
        callee.bind(2, try a2(caller))
    }
    func values(_ caller: Frame) throws -> [Value] {
        let x = try a0(caller), y = try a1(caller)
        return [x, y, try a2(caller)]
    }
}

struct ManyArguments: ArgumentList {
    let codes: [Code]
    var count: Int { codes.count }
    func store(_ caller: Frame, _ callee: Frame) throws {
        for (i, a) in codes.enumerated() { callee.bind(i, try a(caller)) }
    }
    func values(_ caller: Frame) throws -> [Value] { try Compiler.evaluate(codes, caller) }
}

extension Compiler {
    static func call(_ callee: ResolvedExpr, _ args: [ResolvedExpr], _ site: CallSite) -> Code {
        if case .name(.builtin(let index), _) = callee {
            // A built-in called by its name needs no function value.
            let codes = args.map(expr)
            let count = codes.count
            let fn = Builtins.functions[index]
            let builtin = Builtins.all[index]
            return { f in
                guard builtin.arity.contains(count) else { throw Interpreter.arityError(fn, count, site) }
                return try builtin.body(f, try evaluate(codes, f), site)
            }
        }
        switch args.count {
        case 0: return call(callee, NoArguments(), site)
        case 1: return call(callee, OneArgument(a0: expr(args[0])), site)
        case 2: return call(callee, TwoArguments(a0: expr(args[0]), a1: expr(args[1])), site)
        case 3: return call(callee, ThreeArguments(a0: expr(args[0]), a1: expr(args[1]), a2: expr(args[2])), site)
        default: return call(callee, ManyArguments(codes: args.map(expr)), site)
        }
    }

    private static func call<A: ArgumentList>(_ callee: ResolvedExpr, _ args: A, _ site: CallSite) -> Code {
        switch callee {
        case .name(.currentFunction, let id):
            // Self-recursion: the callee is the function running in this frame.
            let node = CallNode(args, site, id.span)
            return { f in
                guard let callee = f.callee,
                      // The running function holds its code: no reference counting.
                      let code = callee._withUnsafeGuaranteedRef({ $0.unownedCode }) else {
                    throw internalError(node.span)
                }
                return try invoke(callee, code, node.args, f, node.site)
            }
        case .name(.global(let slot), _):
            // A top-level function: called from its slot without copying the value out.
            let node = CallNode(args, site, site.span, general: generalCall(callee, args, site))
            return { f in
                try f.context.pointee.interpreter._withUnsafeGuaranteedRef { interpreter in
                    if let fn = interpreter.function(at: slot), let code = fn.unownedCode {
                        return try withExtendedLifetime(fn) {
                            try invoke(Unmanaged.passUnretained(fn), code, node.args, f, node.site)
                        }
                    }
                    return try node.general(f)
                }
            }
        default:
            return generalCall(callee, args, site)
        }
    }

    /// Evaluates the callee, then calls whatever function it is.
    private static func generalCall<A: ArgumentList>(_ callee: ResolvedExpr, _ args: A, _ site: CallSite) -> Code {
        let calleeCode = expr(callee)
        return { f in
            let v = try calleeCode(f)
            guard case .function(let fn) = v else { throw notAFunction(v, site) }
            return try withExtendedLifetime(fn) {
                if let code = fn.unownedCode { return try invoke(Unmanaged.passUnretained(fn), code, args, f, site) }
                guard let builtin = fn.builtin else { throw internalError(site.span) }
                guard builtin.arity.contains(args.count) else { throw Interpreter.arityError(fn, args.count, site) }
                return try builtin.body(f, try args.values(f), site)
            }
        }
    }

    /// Runs a user function's body in a new frame holding the arguments.
    /// The caller keeps `fn` (and so its code) alive.
    @inline(__always)
    private static func invoke<A: ArgumentList>(_ fn: Unmanaged<FunctionValue>, _ code: Unmanaged<UserCode>,
                                                _ args: A, _ f: Frame, _ site: CallSite) throws -> Value {
        let (size, parameters) = code._withUnsafeGuaranteedRef { ($0.frameSize, $0.parameterCount) }
        guard args.count == parameters else {
            throw Interpreter.arityError(fn.takeUnretainedValue(), args.count, site)
        }
        try f.checkCall(fn, at: site)
        let stack = f.context
        let base = ValueStack.push(stack, size: size)
        defer { ValueStack.pop(stack, base, size: size) }
        let g = Frame(base: base, context: stack, callee: fn, depth: f.depth + 1)
        try args.store(f, g)
        return try code._withUnsafeGuaranteedRef { try $0.body(g) }
    }
}

/// What a compiled call captures, as one object (see `LeafLeaf`).
final class CallNode<A: ArgumentList> {
    let args: A
    let site: CallSite
    /// Where an internal error is reported.
    let span: SourceSpan
    let general: Code

    init(_ args: A, _ site: CallSite, _ span: SourceSpan, general: @escaping Code = { _ in .bool(false) }) {
        self.args = args
        self.site = site
        self.span = span
        self.general = general
    }
}

extension Interpreter {
    /// The function in a global slot, if it holds one (without copying
    /// the slot's value).
    @inline(__always)
    func function(at slot: Int) -> FunctionValue? {
        globals.withUnsafeBufferPointer { slots in
            if slot < slots.count, case .function(let fn)? = slots[slot] { return fn }
            return nil
        }
    }
}
