// The one place with unsafe code: call frames on a value stack of raw
// memory. Everything else in the evaluator is safe Swift.
//
// Why unsafe: a user-function call is the evaluator's hottest path (fib(30)
// makes 1.6 million). Giving every call an array of its locals, or retaining
// and releasing the function and its code around every call, costs more than
// the call's own work (measured: fib 44% more instructions with two retains
// a call). So a frame is a window of a stack of `Value`s that never moves,
// and the function a frame runs is *borrowed*: `Unmanaged.borrow` below is
// the codebase's one use of an underscored standard-library API
// (`_withUnsafeGuaranteedRef`, which tells the compiler a reference stays
// alive for a closure's duration); no public API lets Swift skip the retain
// of a reference read from memory before an opaque call.
//
// Why it is sound:
// - A frame only lives while its call runs, inside `Runtime.execute`, which
//   the session calls while it holds the runtime: the runtime outlives every
//   frame, and so does the stack it owns.
// - The function running in a frame is held by its caller for the whole call
//   (a global slot is never rebound while a statement runs; a callee taken
//   from a list or a local is held in the caller's frame or argument).
// - Every push is matched by a pop of the same slots (`withFrame`), also when
//   the body throws; popping releases what the slots hold.
// - Nothing keeps a frame past its call: function values copy the values
//   they capture, and only one thread runs user code.
// `CallStackTests` exercises spills across segments, errors deep inside
// calls, and the depth and interrupt checks.

import Synchronization

/// The locals of one function call (or of one top-level statement's
/// blocks): parameters first, then one slot per `let`/`fn` in the body.
struct Frame {
    let base: UnsafeMutablePointer<Value>
    let stack: UnsafeMutablePointer<StackState>
    /// The function running in this frame (nil for a top-level statement),
    /// held by its caller for the whole call.
    let calleeReference: Unmanaged<FunctionValue>?
    /// Nested user-function calls below this one.
    let depth: Int

    @inline(__always)
    init(base: UnsafeMutablePointer<Value>, stack: UnsafeMutablePointer<StackState>,
         callee: Unmanaged<FunctionValue>?, depth: Int) {
        self.base = base
        self.stack = stack
        self.calleeReference = callee
        self.depth = depth
    }

    /// The function running in this frame (nil for a top-level statement).
    var callee: FunctionValue? { calleeReference?.takeUnretainedValue() }

    /// The runtime this frame belongs to.
    var runtime: Runtime { stack.pointee.runtime }

    /// Stops a long loop of a built-in when the session is interrupted.
    @inline(__always)
    func checkInterrupt(at span: SourceSpan) throws {
        if stack.pointee.interrupt.pointee.load(ordering: .relaxed) { throw LocatedError("interrupted", at: span, kind: .interrupted) }
    }

    /// A local slot; the resolver only hands out slots below the frame's size.
    @inline(__always)
    subscript(slot: Int) -> Value {
        get { base[slot] }
        nonmutating set { base[slot] = newValue }
    }

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

    /// Stores an argument in a slot that still holds the filler it was
    /// pushed with (trivial, so it needs no release).
    @inline(__always)
    func bind(_ slot: Int, _ value: consuming Value) {
        (base + slot).initialize(to: value)
    }

    /// Calls `fn` with `args` from this frame: the one call mechanism. The
    /// caller keeps `fn` alive for the call.
    @inline(__always)
    func call<A: ArgumentList>(_ fn: FunctionValue, _ args: A, at site: CallSite) throws -> Value {
        if fn.isUserCode {
            return try withExtendedLifetime(fn) {
                let code = Frame.userCode(of: fn)
                let (size, parameters) = code.borrow { ($0.frameSize, $0.parameterCount) }
                guard args.count == parameters else { throw Frame.arityError(fn, args.count, site) }
                return try enter(Unmanaged.passUnretained(fn), code, frameSize: size, at: site) { try args.store(self, $0) }
            }
        }
        guard case .builtin(let builtin) = fn.implementation else { throw Compiler.internalError(site.span) }
        guard builtin.arity.contains(args.count) else { throw Frame.arityError(fn, args.count, site) }
        return try builtin.body(self, try args.values(self), site)
    }

    /// Calls the function running in this frame again (recursion).
    @inline(__always)
    func callSelf<A: ArgumentList>(_ args: A, at site: CallSite) throws -> Value {
        guard let fn = calleeReference, let code = fn.borrow({ $0.isUserCode ? Frame.userCode(of: $0) : nil }) else {
            throw Compiler.internalError(site.span)
        }
        let (size, parameters) = code.borrow { ($0.frameSize, $0.parameterCount) }
        guard args.count == parameters else { throw Frame.arityError(fn.takeUnretainedValue(), args.count, site) }
        return try enter(fn, code, frameSize: size, at: site) { try args.store(self, $0) }
    }

    /// The checks of a call that depend only on the function and the
    /// argument count, made once (`map` makes them once for all elements).
    /// The caller keeps `fn` alive while the prepared call is used.
    func prepare(_ fn: FunctionValue, arguments count: Int, at site: CallSite) throws -> PreparedCall {
        guard fn.arity.contains(count) else { throw Frame.arityError(fn, count, site) }
        if fn.isUserCode {
            let code = Frame.userCode(of: fn)
            return PreparedCall(function: Unmanaged.passUnretained(fn), code: code,
                                frameSize: code.borrow { $0.frameSize })
        }
        return PreparedCall(function: Unmanaged.passUnretained(fn), code: nil, frameSize: 0)
    }

    /// Runs a user function's body in a new frame, after the checks every
    /// call makes (call depth, native stack, interrupt); `arguments` stores
    /// the arguments in the new frame's first slots (see `Frame.bind`). Pops
    /// the frame however the body ends. Every call of a user function ends
    /// here.
    @inline(__always)
    func enter(_ fn: Unmanaged<FunctionValue>, _ code: Unmanaged<UserCode>, frameSize size: Int, at site: CallSite,
               arguments: (Frame) throws -> Void) throws -> Value {
        let state = stack
        if depth >= Runtime.maxDepth || StackGuard.currentAddress() < state.pointee.stackLimit {
            throw Frame.tooDeep(fn.takeUnretainedValue(), site)
        }
        if state.pointee.interrupt.pointee.load(ordering: .relaxed) {
            throw LocatedError("interrupted", at: site.span, kind: .interrupted)
        }
        let base = ValueStack.push(state, size: size)
        let callee = Frame(base: base, stack: state, callee: fn, depth: depth + 1)
        let result: Value
        do {
            try arguments(callee)
            result = try code.borrow { try $0.body(callee) }
        } catch {
            ValueStack.pop(state, base, size: size)
            throw error
        }
        // Popped here rather than in a `defer`, which the compiler outlines.
        ValueStack.pop(state, base, size: size)
        return result
    }

    /// The code of a user function (`fn.isUserCode`), without retaining it:
    /// the function holds it.
    @inline(__always)
    static func userCode(of fn: FunctionValue) -> Unmanaged<UserCode> {
        Unmanaged.passUnretained(unsafeDowncast(fn.code, to: UserCode.self))
    }

    static func tooDeep(_ fn: FunctionValue, _ site: CallSite) -> LocatedError {
        LocatedError("recursion too deep", at: site.span,
                     help: "calls to '\(fn.name)' nest more than \(Runtime.maxDepth) deep; make sure its recursion stops", kind: .limit)
    }
}

/// A call whose function and argument count are checked once, for a
/// built-in that calls the same function for many elements.
struct PreparedCall {
    let function: Unmanaged<FunctionValue>
    /// The user code, nil for a built-in.
    let code: Unmanaged<UserCode>?
    let frameSize: Int

    /// Calls the function from `caller` with one argument.
    @inline(__always)
    func invoke(_ x: Value, from caller: Frame, at site: CallSite) throws -> Value {
        if let code { return try caller.enter(function, code, frameSize: frameSize, at: site) { $0.bind(0, x) } }
        return try caller.call(function.takeUnretainedValue(), [x], at: site)
    }

    /// Calls the function from `caller` with two arguments.
    @inline(__always)
    func invoke(_ x: Value, _ y: Value, from caller: Frame, at site: CallSite) throws -> Value {
        if let code {
            return try caller.enter(function, code, frameSize: frameSize, at: site) {
                $0.bind(0, x)
                $0.bind(1, y)
            }
        }
        return try caller.call(function.takeUnretainedValue(), [x, y], at: site)
    }
}

/// What every frame reaches through its `stack` pointer: the top of the
/// value stack and the limits calls are checked against. Behind a pointer so
/// that no access pays for a class property's exclusivity check.
struct StackState {
    var top: UnsafeMutablePointer<Value>
    var end: UnsafeMutablePointer<Value>
    /// The start of the current segment when it is not the first one: the
    /// frame that starts there is the one that opened it.
    var spilled: UnsafeMutablePointer<Value>?
    /// Lowest native stack address user code may reach.
    var stackLimit: UInt = 0
    unowned(unsafe) let runtime: Runtime
    unowned(unsafe) let owner: ValueStack
    /// The session's interrupt flag (owned by its `InterruptFlag`).
    let interrupt: UnsafePointer<Atomic<Bool>>
}

extension Array where Element == Value {
    /// Calls `body` with each element in order; a number is rebuilt rather
    /// than copied through the general (out-of-line) copy of a value, which
    /// `map` and `filter` over a million numbers notice.
    @inline(__always)
    func forEachValue(_ body: (Value) throws -> Void) rethrows {
        try withUnsafeBufferPointer { items in
            guard let base = items.baseAddress else { return }
            for i in 0..<items.count {
                if case .number(let x) = base[i] { try body(.number(x)) } else { try body(base[i]) }
            }
        }
    }
}

extension Unmanaged {
    /// Runs `body` with the referenced object, without retaining it: the
    /// caller guarantees the object stays alive meanwhile. The one use of
    /// an underscored standard-library API (see the top of this file).
    @inline(__always)
    func borrow<R>(_ body: (Instance) throws -> R) rethrows -> R {
        try _withUnsafeGuaranteedRef(body)
    }
}

/// The slots of every running call, in segments that never move (a frame
/// holds a pointer into one). A call pushes its slots on top and pops them
/// when it returns; a frame too big for what is left of the segment starts
/// a new one.
final class ValueStack {
    let state: UnsafeMutablePointer<StackState>
    private let first: UnsafeMutablePointer<Value>
    /// Segments beyond the first, kept for reuse once opened.
    private var segments: [(base: UnsafeMutablePointer<Value>, capacity: Int)] = []
    /// Where the stack was when each open segment beyond the first was opened.
    private var interrupted: [(top: UnsafeMutablePointer<Value>, end: UnsafeMutablePointer<Value>,
                               spilled: UnsafeMutablePointer<Value>?)] = []

    /// Slots per segment: 2 MiB of address space, touched only as used.
    static let segmentCapacity = 1 << 16

    /// The runtime owns the stack and the interrupt flag; both outlive it.
    init(runtime: Runtime, interrupt: InterruptFlag) {
        first = .allocate(capacity: ValueStack.segmentCapacity)
        state = .allocate(capacity: 1)
        state.initialize(to: StackState(top: first, end: first + ValueStack.segmentCapacity, spilled: nil,
                                        runtime: runtime, owner: self, interrupt: interrupt.storage))
    }

    deinit {
        // Every frame has been popped: the slots hold nothing.
        first.deallocate()
        for segment in segments { segment.base.deallocate() }
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The frame of a top-level statement: `size` slots, no callee.
    func withTopFrame<R>(size: Int, _ body: (Frame) throws -> R) rethrows -> R {
        let state = self.state
        return try ValueStack.withFrame(state, size: size) { base in
            try body(Frame(base: base, stack: state, callee: nil, depth: 0))
        }
    }

    /// Runs `body` with `size` fresh slots (each holding the filler
    /// `unassigned`), and releases what they hold afterwards.
    @inline(__always)
    static func withFrame<R>(_ s: UnsafeMutablePointer<StackState>, size: Int,
                             _ body: (UnsafeMutablePointer<Value>) throws -> R) rethrows -> R {
        let base = push(s, size: size)
        defer { pop(s, base, size: size) }
        return try body(base)
    }

    @inline(__always)
    static func push(_ s: UnsafeMutablePointer<StackState>, size: Int) -> UnsafeMutablePointer<Value> {
        var base = s.pointee.top
        if base + size <= s.pointee.end {
            s.pointee.top = base + size
        } else {
            base = s.pointee.owner.spill(size)
        }
        var i = 0
        while i < size {
            (base + i).initialize(to: unassigned)
            i += 1
        }
        return base
    }

    @inline(__always)
    static func pop(_ s: UnsafeMutablePointer<StackState>, _ base: UnsafeMutablePointer<Value>, size: Int) {
        var i = 0
        while i < size {
            switch base[i] {
            case .number, .percent, .points, .bool: break  // nothing to release
            default: (base + i).deinitialize(count: 1)
            }
            i += 1
        }
        if base == s.pointee.spilled {
            s.pointee.owner.unspill()
        } else {
            s.pointee.top = base
        }
    }

    /// Opens the next segment for a frame of `size` slots.
    @inline(never)
    private func spill(_ size: Int) -> UnsafeMutablePointer<Value> {
        let index = interrupted.count
        interrupted.append((state.pointee.top, state.pointee.end, state.pointee.spilled))
        if index < segments.count, segments[index].capacity < size {
            segments[index].base.deallocate()
            segments[index] = (.allocate(capacity: size), size)
        } else if index == segments.count {
            let capacity = max(size, ValueStack.segmentCapacity)
            segments.append((.allocate(capacity: capacity), capacity))
        }
        let segment = segments[index]
        state.pointee.top = segment.base + size
        state.pointee.end = segment.base + segment.capacity
        state.pointee.spilled = segment.base
        return segment.base
    }

    @inline(never)
    private func unspill() {
        let back = interrupted.removeLast()
        state.pointee.top = back.top
        state.pointee.end = back.end
        state.pointee.spilled = back.spilled
    }
}

/// A thread-safe flag set by `Session.interrupt()`. Its storage never
/// moves, so call frames read it through a pointer (CallStack.swift).
final class InterruptFlag: @unchecked Sendable {
    // @unchecked: the only state is an atomic, allocated once and freed in deinit.
    let storage: UnsafeMutablePointer<Atomic<Bool>>

    init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Atomic(false))
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    func set() { storage.pointee.store(true, ordering: .relaxed) }
    func reset() { storage.pointee.store(false, ordering: .relaxed) }
    var isSet: Bool { storage.pointee.load(ordering: .relaxed) }
}
