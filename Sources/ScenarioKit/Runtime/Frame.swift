/// The locals of one function call (or of one top-level statement's
/// blocks): parameters first, then one slot per `let`/`fn` in the body.
///
/// A frame is a window of the interpreter's ``ValueStack``, so a call
/// allocates nothing: its slots are pushed on entry and popped on return.
/// That is safe because nothing keeps a frame past its call: function values
/// copy the values they capture (see ``FunctionValue/captures``), and only
/// one thread runs user code.
struct Frame {
    let base: UnsafeMutablePointer<Value>
    /// The interpreter's call state (its value stack, limits, interrupt flag).
    let context: UnsafeMutablePointer<ValueStack.State>
    // Unmanaged: a frame only lives while its call runs, inside a session
    // method that keeps the interpreter alive, and the caller holds the
    // function value it is calling, so no reference counting is needed on
    // the hot path of every call.
    let callee: Unmanaged<FunctionValue>?
    /// Nested user-function calls below this one.
    let depth: Int

    @inline(__always)
    init(base: UnsafeMutablePointer<Value>, context: UnsafeMutablePointer<ValueStack.State>,
         callee: Unmanaged<FunctionValue>?, depth: Int) {
        self.base = base
        self.context = context
        self.callee = callee
        self.depth = depth
    }

    var interpreter: Interpreter { context.pointee.interpreter.takeUnretainedValue() }
    /// The function running in this frame (nil for a top-level statement).
    var function: FunctionValue? { callee?.takeUnretainedValue() }

    /// A local slot; the resolver only hands out slots below the frame's size.
    @inline(__always)
    subscript(slot: Int) -> Value {
        get { base[slot] }
        nonmutating set { base[slot] = newValue }
    }

    /// Stores an argument in a slot that still holds the filler it was
    /// pushed with (trivial, so it needs no release).
    @inline(__always)
    func bind(_ slot: Int, _ value: consuming Value) {
        (base + slot).initialize(to: value)
    }

    /// Runs `body` in a new frame for a call of a user function from this
    /// frame (arguments still to be stored with ``bind(_:_:)``), after
    /// checking the call depth and the interrupt flag; pops the frame
    /// however `body` ends.
    @inline(__always)
    func withCallee<R>(_ fn: FunctionValue, _ code: UserCode, at site: CallSite,
                       _ body: (Frame) throws -> R) throws -> R {
        try withCallee(Unmanaged.passUnretained(fn), frameSize: code.frameSize, at: site, body)
    }

    @inline(__always)
    func withCallee<R>(_ fn: Unmanaged<FunctionValue>, frameSize: Int, at site: CallSite,
                       _ body: (Frame) throws -> R) throws -> R {
        let depth = self.depth + 1
        let context = self.context
        if depth > Interpreter.maxDepth || StackGuard.currentAddress() < context.pointee.stackLimit {
            throw Frame.tooDeep(fn.takeUnretainedValue(), site)
        }
        if context.pointee.interruptFlag._withUnsafeGuaranteedRef({ $0.isSet }) {
            throw LocatedError("interrupted", at: site.span)
        }
        return try ValueStack.withFrame(context, size: frameSize) { base in
            try body(Frame(base: base, context: context, callee: fn, depth: depth))
        }
    }

    /// Checks that a call from this frame may go one level deeper (depth,
    /// native stack, interrupt flag) before its frame is pushed.
    @inline(__always)
    func checkCall(_ fn: Unmanaged<FunctionValue>, at site: CallSite) throws {
        if depth >= Interpreter.maxDepth || StackGuard.currentAddress() < context.pointee.stackLimit {
            throw Frame.tooDeep(fn.takeUnretainedValue(), site)
        }
        if context.pointee.interruptFlag._withUnsafeGuaranteedRef({ $0.isSet }) {
            throw LocatedError("interrupted", at: site.span)
        }
    }

    static func tooDeep(_ fn: FunctionValue, _ site: CallSite) -> LocatedError {
        LocatedError("recursion too deep", at: site.span,
                     help: "calls to '\(fn.name)' nest more than \(Interpreter.maxDepth) deep; make sure its recursion stops")
    }

    /// Calls a function value from this frame (built-ins calling the
    /// functions they are given).
    func call(_ fn: FunctionValue, _ args: [Value], at site: CallSite) throws -> Value {
        try interpreter.call(fn, args, at: site, from: self)
    }
}

/// The slots of every running call, in segments that never move (a frame
/// holds a pointer into one). A call pushes its slots on top and pops them
/// when it returns; a frame too big for what is left of the segment starts
/// a new one.
final class ValueStack {
    /// Read and written on every call: behind a pointer, so that no access
    /// pays for a class property's exclusivity check.
    struct State {
        var top: UnsafeMutablePointer<Value>
        var end: UnsafeMutablePointer<Value>
        /// The start of the current segment when it is not the first one:
        /// the frame that starts there is the one that opened it.
        var spilled: UnsafeMutablePointer<Value>?
        /// Lowest native stack address user code may reach.
        var stackLimit: UInt = 0
        /// The interpreter that owns the stack (set right after it is made).
        var owner: UnsafeMutableRawPointer?
        let interruptFlag: Unmanaged<InterruptFlag>

        var interpreter: Unmanaged<Interpreter> { Unmanaged.fromOpaque(owner.unsafelyUnwrapped) }
    }

    let state: UnsafeMutablePointer<State>
    private let first: UnsafeMutablePointer<Value>
    /// Segments beyond the first, kept for reuse once opened.
    private var segments: [(base: UnsafeMutablePointer<Value>, capacity: Int)] = []
    /// Where the stack was when each open segment beyond the first was opened.
    private var interrupted: [State] = []

    /// Slots per segment: 2 MiB of address space, touched only as used.
    static let segmentCapacity = 1 << 16

    /// The interrupt flag is kept alive by the interpreter, which owns both.
    init(interruptFlag: InterruptFlag) {
        first = .allocate(capacity: ValueStack.segmentCapacity)
        state = .allocate(capacity: 1)
        state.initialize(to: State(top: first, end: first + ValueStack.segmentCapacity, spilled: nil,
                                   interruptFlag: Unmanaged.passUnretained(interruptFlag)))
    }

    deinit {
        // Every frame has been popped: the slots hold nothing.
        first.deallocate()
        for segment in segments { segment.base.deallocate() }
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Runs `body` with `size` fresh slots (each holding the filler
    /// `unassigned`), and releases what they hold afterwards.
    @inline(__always)
    static func withFrame<R>(_ s: UnsafeMutablePointer<State>, size: Int,
                             _ body: (UnsafeMutablePointer<Value>) throws -> R) rethrows -> R {
        let base = push(s, size: size)
        defer { pop(s, base, size: size) }
        return try body(base)
    }

    /// `size` fresh slots on top of the stack, each holding the filler
    /// `unassigned`. Every push is undone by a `pop` of the same slots.
    @inline(__always)
    static func push(_ s: UnsafeMutablePointer<State>, size: Int) -> UnsafeMutablePointer<Value> {
        var base = s.pointee.top
        if base + size <= s.pointee.end {
            s.pointee.top = base + size
        } else {
            base = s.pointee.interpreter._withUnsafeGuaranteedRef { $0.stack.spill(size) }
        }
        var i = 0
        while i < size {
            (base + i).initialize(to: unassigned)
            i += 1
        }
        return base
    }

    /// Releases what the slots of the frame at `base` hold and takes them
    /// off the stack.
    @inline(__always)
    static func pop(_ s: UnsafeMutablePointer<State>, _ base: UnsafeMutablePointer<Value>, size: Int) {
        var i = 0
        while i < size {
            switch base[i] {
            case .number, .percent, .points, .bool: break  // nothing to release
            default: (base + i).deinitialize(count: 1)
            }
            i += 1
        }
        if base == s.pointee.spilled {
            s.pointee.interpreter._withUnsafeGuaranteedRef { $0.stack.unspill() }
        } else {
            s.pointee.top = base
        }
    }

    /// Opens the next segment for a frame of `size` slots.
    @inline(never)
    func spill(_ size: Int) -> UnsafeMutablePointer<Value> {
        let index = interrupted.count
        interrupted.append(state.pointee)
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
    func unspill() {
        let limit = state.pointee.stackLimit
        let back = interrupted.removeLast()
        state.pointee.top = back.top
        state.pointee.end = back.end
        state.pointee.spilled = back.spilled
        state.pointee.stackLimit = limit
    }
}
