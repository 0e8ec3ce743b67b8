// Compiling calls: a built-in by its name, the running function (recursion),
// a top-level function, or any expression that yields a function. Every one
// ends in `Frame.call` (FunctionValue.swift), the one call mechanism. The
// arguments are compiled into a fixed-size list type per count, so that a
// call with one to three arguments stores each straight into the callee's
// frame.

extension Compiler {
    static func call(_ call: ResolvedCall) -> Code {
        let site = call.site
        let args = call.arguments
        if case .name(let name) = call.callee, case .builtin(let index) = name.access {
            // A built-in called by its name needs no function value.
            let codes = args.map(expr)
            let count = codes.count
            let fn = Builtins.functions[index]
            let builtin = Builtins.all[index]
            return { f in
                guard builtin.arity.contains(count) else { throw Frame.arityError(fn, count, site) }
                var values: [Value] = []
                values.reserveCapacity(count)
                for c in codes { values.append(try c(f)) }
                return try builtin.body(f, values, site)
            }
        }
        switch args.count {
        case 0: return self.call(call.callee, NoArguments(), site)
        case 1: return self.call(call.callee, OneArgument(a0: expr(args[0])), site)
        case 2: return self.call(call.callee, TwoArguments(a0: expr(args[0]), a1: expr(args[1])), site)
        case 3:
            return self.call(call.callee, ThreeArguments(a0: expr(args[0]), a1: expr(args[1]), a2: expr(args[2])),
                             site)
        default: return self.call(call.callee, ManyArguments(codes: args.map(expr)), site)
        }
    }

    private static func call<A: ArgumentList>(_ callee: ResolvedExpr, _ args: A, _ site: CallSite) -> Code {
        guard case .name(let name) = callee else { return generalCall(callee, args, site) }
        switch name.access {
        case .currentFunction:
            // Self-recursion: the callee is the function running in this frame.
            let node = CallNode(args, site)
            return { f in try f.callSelf(node.args, at: node.site) }
        case .global(let slot):
            // A top-level function: called from its slot without copying the value out.
            let node = CallNode(args, site, general: generalCall(callee, args, site))
            return { f in
                if let fn = f.runtime.function(at: slot) { return try f.call(fn, node.args, at: node.site) }
                return try node.general(f)
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
            return try f.call(fn, args, at: site)
        }
    }
}

/// What a compiled call captures, as one object: a closure with many
/// captures pays, on every call, for a forwarding thunk that loads each of
/// them; with one reference the body loads only what its path uses.
final class CallNode<A: ArgumentList> {
    let args: A
    let site: CallSite
    let general: Code

    init(_ args: A, _ site: CallSite, general: @escaping Code = { _ in .bool(false) }) {
        self.args = args
        self.site = site
        self.general = general
    }
}
