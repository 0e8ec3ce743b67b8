import Synchronization

/// Compiled code of an expression: runs in a call frame.
typealias Code = (Frame) throws -> Value

/// What a frame needs besides its locals.
struct FrameHeader {
    // unowned(unsafe): a frame only lives while its call runs, inside a
    // session method that keeps the interpreter alive, and the caller holds
    // the function value it is calling, so no reference counting is needed
    // on the hot path of every call.
    unowned(unsafe) let interpreter: Interpreter
    /// The function running in this frame (nil for a top-level statement).
    unowned(unsafe) let function: FunctionValue?
    unowned(unsafe) let interruptFlag: InterruptFlag
    /// Nested user-function calls below this one.
    let depth: Int
    /// Lowest stack address a call from this frame may reach.
    let stackLimit: UInt
    let size: Int
}

/// The locals of one function call (or of one top-level statement's
/// blocks): parameters first, then one slot per `let`/`fn` in the body, in
/// one allocation with the header.
final class Frame: ManagedBuffer<FrameHeader, Value> {
    @inline(__always)
    static func make(interpreter: Interpreter, function: FunctionValue?, depth: Int, size: Int) -> Frame {
        let buffer = Frame.create(minimumCapacity: size) { _ in
            FrameHeader(interpreter: interpreter, function: function, interruptFlag: interpreter.interruptFlag,
                        depth: depth, stackLimit: interpreter.stackLimit, size: size)
        }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: unassigned, count: size) }
        return frame
    }

    deinit {
        _ = withUnsafeMutablePointers { header, elements in elements.deinitialize(count: header.pointee.size) }
    }

    // Through the pointer: the `header` property would be checked for
    // exclusive access on every read.
    @inline(__always) var interpreter: Interpreter { withUnsafeMutablePointerToHeader { $0.pointee.interpreter } }
    @inline(__always) var function: FunctionValue? { withUnsafeMutablePointerToHeader { $0.pointee.function } }
    @inline(__always) var depth: Int { withUnsafeMutablePointerToHeader { $0.pointee.depth } }

    /// A local slot; the resolver only hands out slots below `size`.
    @inline(__always)
    subscript(slot: Int) -> Value {
        get { withUnsafeMutablePointerToElements { $0[slot] } }
        set { withUnsafeMutablePointerToElements { $0[slot] = newValue } }
    }

    /// The frame for a call of a user function from this frame (arguments
    /// still to be stored), after checking the call depth and the
    /// interrupt flag.
    @inline(__always)
    func enter(_ fn: FunctionValue, _ code: UserCode, at site: CallSite) throws -> Frame {
        let header = withUnsafeMutablePointerToHeader { $0.pointee }
        let depth = header.depth + 1
        if depth > Interpreter.maxDepth || StackGuard.currentAddress() < header.stackLimit {
            throw Frame.tooDeep(fn, site)
        }
        if header.interruptFlag.isSet { throw LocatedError("interrupted", at: site.span) }
        let size = code.frameSize
        let buffer = Frame.create(minimumCapacity: size) { _ in
            FrameHeader(interpreter: header.interpreter, function: fn, interruptFlag: header.interruptFlag,
                        depth: depth, stackLimit: header.stackLimit, size: size)
        }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: unassigned, count: size) }
        return frame
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

/// A filler for local slots not yet assigned (the resolver guarantees a
/// slot is written before it is read).
let unassigned = Value.bool(false)

/// Settings of `set` (SPEC §4, §7).
struct Settings {
    /// Monte Carlo sample count (used from issue 6 on).
    var samples = 10_000
    /// Monte Carlo seed; nil until `set seed` (used from issue 6 on).
    var seed: Int?
    /// The month (1...12) in which fiscal years start.
    var fiscalYearStart = 1
}

/// Everything a statement may change besides global slots. It is copied
/// before each top-level statement and restored when the statement fails,
/// so a failed statement changes nothing (SPEC §4). Later stages add their
/// state here: entities, events and current entities (issue 3), scenarios
/// (issue 6).
struct SessionState {
    var settings = Settings()
    /// Where the next uncertain value draws its samples (SPEC §7).
    var random = RandomState()
    /// The scenarios made so far (SPEC §8).
    var scenarios = ScenarioStore()
}

/// A thread-safe flag set by `Session.interrupt()`.
final class InterruptFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func set() { flag.store(true, ordering: .relaxed) }
    func reset() { flag.store(false, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}

/// Stack-depth guard: user code can nest calls, and the parser's trees can
/// nest expressions, deeper than any fixed stack. Both are checked against
/// the address of a local variable.
enum StackGuard {
    @inline(__always)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}

/// One compiled top-level statement.
struct CompiledStatement {
    /// Returns the value of an expression statement, nil for others.
    var code: (Frame) throws -> Value?
    var frameSize: Int
    var span: SourceSpan
    var bindings: [(name: String, binding: GlobalBinding)]
    var scenarios: [(path: [String], names: [String])] = []
}

/// The run-time state of a session: global slots and settings.
final class Interpreter {
    /// Global slots; nil until the statement that binds the slot has run.
    var globals: ContiguousArray<Value?> = []
    var state = SessionState()
    /// Companies, deals, models, benchmarks and events (SPEC §6). Not part of
    /// `state`: every domain statement checks before it changes anything, so
    /// it needs no snapshot, and a snapshot would copy every deal per statement.
    var domain = DomainState()
    /// Lowest stack address user code may reach before "recursion too deep".
    var stackLimit: UInt = 0
    let interruptFlag: InterruptFlag
    var output: (String) -> Void = { _ in }
    /// How Monte Carlo work is spread over the cores (tests force each way).
    var parallelism = Parallelism.automatic
    /// `if`s on uncertain conditions evaluating both branches right now.
    var uncertainChoices = 0

    /// Nested user-function calls allowed at once. At a few hundred bytes
    /// of native stack per level this stays far inside the evaluation
    /// thread's stack; the stack guard backs it up for bodies with deeply
    /// nested expressions.
    static let maxDepth = 10_000

    init(interruptFlag: InterruptFlag) {
        self.interruptFlag = interruptFlag
    }

    /// Makes room for the global slots the resolver handed out.
    func reserveGlobals(_ count: Int) {
        if globals.count < count {
            globals.append(contentsOf: repeatElement(nil, count: count - globals.count))
        }
    }

    /// Runs one top-level statement; on failure restores the state it had.
    func execute(_ statement: CompiledStatement) throws -> Value? {
        let saved = state
        let frame = Frame.make(interpreter: self, function: nil, depth: 0, size: statement.frameSize)
        do {
            return try statement.code(frame)
        } catch {
            state = saved
            throw error
        }
    }

    /// Calls any function value with evaluated arguments.
    func call(_ fn: FunctionValue, _ args: [Value], at site: CallSite, from caller: Frame) throws -> Value {
        guard fn.arity.contains(args.count) else { throw Interpreter.arityError(fn, args.count, site) }
        if let code = fn.code {
            let frame = try enter(fn, code, from: caller, at: site)
            for (i, arg) in args.enumerated() { frame[i] = arg }
            return try code.body(frame)
        }
        if let builtin = fn.builtin { return try builtin.body(caller, args, site) }
        throw LocatedError("internal error: a function without code", at: site.span)
    }

    /// The frame for a call of a user function (arguments still to be
    /// stored), after checking the call depth and the interrupt flag.
    @inline(__always)
    func enter(_ fn: FunctionValue, _ code: UserCode, from caller: Frame, at site: CallSite) throws -> Frame {
        try caller.enter(fn, code, at: site)
    }

    /// Stops a long-running loop of a built-in when the session is interrupted.
    @inline(__always)
    func checkInterrupt(at span: SourceSpan) throws {
        if interruptFlag.isSet { throw LocatedError("interrupted", at: span) }
    }

    static func arityError(_ fn: FunctionValue, _ count: Int, _ site: CallSite) -> LocatedError {
        let name = site.calleeName ?? fn.name
        let subject = name == "fn" ? "the function" : "'\(name)'"
        return LocatedError("\(subject) expects \(describe(fn.arity)), got \(count)", at: site.span)
    }

    static func describe(_ arity: ClosedRange<Int>) -> String {
        func count(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if arity.lowerBound == arity.upperBound {
            return arity.lowerBound == 0 ? "no arguments" : count(arity.lowerBound)
        }
        if arity.upperBound == Int.max { return "at least \(count(arity.lowerBound))" }
        if arity.upperBound == arity.lowerBound + 1 {
            return "\(arity.lowerBound) or \(count(arity.upperBound))"
        }
        return "\(arity.lowerBound) to \(count(arity.upperBound))"
    }
}
