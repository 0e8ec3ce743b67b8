// The loops of `map`, `filter`, `reduce` and `sum` (SPEC §3). A user
// function of the right arity is run straight in a frame pushed for each
// element, without an argument array per element; anything else (a
// built-in, a wrong argument count) goes through `Frame.call`, which checks
// and reports as for any call. `sum` adds plain numbers as doubles and hands
// the first non-number (or a sum that is not finite) to `Operators.add`.

extension Value {
    /// A copy of the value at `p`; a number is rebuilt rather than copied
    /// through the general (out-of-line) copy of a value.
    @inline(__always)
    static func copy(_ p: UnsafePointer<Value>) -> Value {
        if case .number(let x) = p.pointee { return .number(x) }
        return p.pointee
    }
}

enum ListLoops {
    static func map(_ xs: [Value], _ fn: FunctionValue, _ site: CallSite, in caller: Frame) throws -> Value {
        let inner = CallSite.internalCall(at: site.span)
        var out = try LargeLists.reserved(xs.count, at: site.span)
        try withExtendedLifetime(fn) {
            try xs.withUnsafeBufferPointer { items in
                guard let base = items.baseAddress else { return }
                if let code = fn.unownedCode, code._withUnsafeGuaranteedRef({ $0.parameterCount }) == 1 {
                    let callee = Unmanaged.passUnretained(fn)
                    try code._withUnsafeGuaranteedRef { code in
                        for i in 0..<items.count {
                            out.append(try caller.withCallee(callee, frameSize: code.frameSize, at: inner) { g in
                                g.bind(0, Value.copy(base + i))
                                return try code.body(g)
                            })
                        }
                    }
                } else {
                    for i in 0..<items.count {
                        try caller.interpreter.checkInterrupt(at: site.span)
                        out.append(try caller.call(fn, [Value.copy(base + i)], at: inner))
                    }
                }
            }
        }
        try ValueNesting.check(out, at: site.span)
        return .list(out)
    }

    static func filter(_ xs: [Value], _ fn: FunctionValue, _ site: CallSite, in caller: Frame) throws -> Value {
        let inner = CallSite.internalCall(at: site.span)
        // Room for every element: pages the kept ones do not reach are never
        // touched, and the list is not copied as it grows.
        var out = try LargeLists.reserved(xs.count, at: site.span)
        func keep(_ v: Value) throws -> Bool {
            guard case .bool(let b) = v else {
                throw LocatedError("'filter' needs a function that returns a boolean, got \(v.typeName)",
                                   at: site.argument(1))
            }
            return b
        }
        try withExtendedLifetime(fn) {
            try xs.withUnsafeBufferPointer { items in
                guard let base = items.baseAddress else { return }
                if let code = fn.unownedCode, code._withUnsafeGuaranteedRef({ $0.parameterCount }) == 1 {
                    let callee = Unmanaged.passUnretained(fn)
                    try code._withUnsafeGuaranteedRef { code in
                        for i in 0..<items.count {
                            let b = try caller.withCallee(callee, frameSize: code.frameSize, at: inner) { g in
                                g.bind(0, Value.copy(base + i))
                                return try keep(try code.body(g))
                            }
                            if b { out.append(Value.copy(base + i)) }
                        }
                    }
                } else {
                    for i in 0..<items.count {
                        try caller.interpreter.checkInterrupt(at: site.span)
                        if try keep(try caller.call(fn, [Value.copy(base + i)], at: inner)) {
                            out.append(Value.copy(base + i))
                        }
                    }
                }
            }
        }
        return .list(out)
    }

    static func reduce(_ xs: [Value], _ initial: Value, _ fn: FunctionValue, _ site: CallSite,
                       in caller: Frame) throws -> Value {
        let inner = CallSite.internalCall(at: site.span)
        var acc = initial
        try withExtendedLifetime(fn) {
            try xs.withUnsafeBufferPointer { items in
                guard let base = items.baseAddress else { return }
                if let code = fn.unownedCode, code._withUnsafeGuaranteedRef({ $0.parameterCount }) == 2 {
                    let callee = Unmanaged.passUnretained(fn)
                    try code._withUnsafeGuaranteedRef { code in
                        for i in 0..<items.count {
                            acc = try caller.withCallee(callee, frameSize: code.frameSize, at: inner) { g in
                                g.bind(0, acc)
                                g.bind(1, Value.copy(base + i))
                                return try code.body(g)
                            }
                        }
                    }
                } else {
                    for i in 0..<items.count {
                        try caller.interpreter.checkInterrupt(at: site.span)
                        acc = try caller.call(fn, [acc, Value.copy(base + i)], at: inner)
                    }
                }
            }
        }
        return acc
    }

    /// Left to right, as `Operators.add` would, but with plain numbers kept
    /// as a double while they last.
    static func sum(_ xs: [Value], _ site: CallSite, in caller: Frame) throws -> Value {
        try xs.withUnsafeBufferPointer { items in
            guard let base = items.baseAddress, !items.isEmpty else { return .number(0) }
            var i = 1
            guard case .number(var total) = base.pointee else {
                return try rest(base.pointee, from: 1)
            }
            while i < items.count, case .number(let x) = base[i] {
                let next = total + x
                guard next.isFinite else { break }
                total = next
                i += 1
            }
            return try rest(.number(total), from: i)

            func rest(_ start: Value, from index: Int) throws -> Value {
                var total = start
                for j in index..<items.count {
                    // Summing strings or lists copies the total each step: Ctrl-C must reach it.
                    try caller.interpreter.checkInterrupt(at: site.span)
                    total = try Operators.add(total, base[j], at: site.span)
                }
                return total
            }
        }
    }
}
