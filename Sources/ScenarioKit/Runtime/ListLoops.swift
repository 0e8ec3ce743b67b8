// The loops of `map`, `filter`, `reduce` and `sum` (SPEC §3). Each element
// is passed to the function through `Frame.call`, the one call mechanism,
// without an argument array. `sum` adds plain numbers as doubles and hands
// the first non-number (or a sum that is not finite) to `Operators.add`.

enum ListLoops {
    /// Element `i`; a number is rebuilt rather than copied through the
    /// general (out-of-line) copy of a value.
    static func map(_ xs: [Value], _ fn: FunctionValue, _ site: CallSite, in caller: Frame) throws -> Value {
        let inner = CallSite.internalCall(at: site.span)
        // A user function's call checks for an interrupt itself.
        let checks = !fn.isUserCode
        var out = try LargeLists.reserved(xs.count, at: site.span)
        try withExtendedLifetime(fn) {
            let call = try caller.prepare(fn, arguments: 1, at: inner)
            try xs.forEachValue { x in
                if checks { try caller.checkInterrupt(at: site.span) }
                out.append(try call.invoke(x, from: caller, at: inner))
            }
        }
        try ValueNesting.check(out, at: site.span)
        return .list(out)
    }

    static func filter(_ xs: [Value], _ fn: FunctionValue, _ site: CallSite, in caller: Frame) throws -> Value {
        let inner = CallSite.internalCall(at: site.span)
        // A user function's call checks for an interrupt itself.
        let checks = !fn.isUserCode
        // Room for every element: pages the kept ones do not reach are never
        // touched, and the list is not copied as it grows.
        var out = try LargeLists.reserved(xs.count, at: site.span)
        try withExtendedLifetime(fn) {
            let call = try caller.prepare(fn, arguments: 1, at: inner)
            try xs.forEachValue { x in
                if checks { try caller.checkInterrupt(at: site.span) }
                let keep = try call.invoke(x, from: caller, at: inner)
                guard case .bool(let b) = keep else {
                    throw LocatedError("'filter' needs a function that returns a boolean, got \(keep.typeName)",
                                       at: site.argument(1), kind: .type)
                }
                if b { out.append(x) }
            }
        }
        return .list(out)
    }

    static func reduce(_ xs: [Value], _ initial: Value, _ fn: FunctionValue, _ site: CallSite,
                       in caller: Frame) throws -> Value {
        let inner = CallSite.internalCall(at: site.span)
        // A user function's call checks for an interrupt itself.
        let checks = !fn.isUserCode
        var acc = initial
        try withExtendedLifetime(fn) {
            let call = try caller.prepare(fn, arguments: 2, at: inner)
            try xs.forEachValue { x in
                if checks { try caller.checkInterrupt(at: site.span) }
                acc = try call.invoke(acc, x, from: caller, at: inner)
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
                    try caller.checkInterrupt(at: site.span)
                    total = try Operators.add(total, base[j], at: site.span,
                                              fiscalYearStart: caller.runtime.state.settings.fiscalYearStart)
                }
                return total
            }
        }
    }
}
