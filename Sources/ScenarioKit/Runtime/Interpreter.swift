import Synchronization

/// Compiled code of an expression: runs in a call frame.
typealias Code = (Frame) throws -> Value

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
    var stackLimit: UInt {
        get { stack.state.pointee.stackLimit }
        set { stack.state.pointee.stackLimit = newValue }
    }
    let interruptFlag: InterruptFlag
    /// The locals of every running call.
    let stack: ValueStack
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
        stack = ValueStack(interruptFlag: interruptFlag)
        stack.state.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
    }

    /// Makes room for the global slots the resolver handed out.
    func reserveGlobals(_ count: Int) {
        if globals.count < count {
            globals.append(contentsOf: repeatElement(nil, count: count - globals.count))
        }
    }

    /// Runs one top-level statement; on failure restores the state it had.
    func execute(_ statement: CompiledStatement) throws -> Value? {
        try execute(frameSize: statement.frameSize, statement.code)
    }

    /// Runs one top-level statement given as `body`, in a frame of
    /// `frameSize` slots; on failure restores the state it had.
    func execute(frameSize: Int, _ body: (Frame) throws -> Value?) throws -> Value? {
        let saved = state
        do {
            return try ValueStack.withFrame(stack.state, size: frameSize) { base in
                try body(Frame(base: base, context: stack.state, callee: nil, depth: 0))
            }
        } catch {
            state = saved
            throw error
        }
    }

    /// Calls any function value with evaluated arguments.
    func call(_ fn: FunctionValue, _ args: [Value], at site: CallSite, from caller: Frame) throws -> Value {
        guard fn.arity.contains(args.count) else { throw Interpreter.arityError(fn, args.count, site) }
        if let code = fn.code {
            return try caller.withCallee(fn, code, at: site) { frame in
                for (i, arg) in args.enumerated() { frame.bind(i, arg) }
                return try code.body(frame)
            }
        }
        if let builtin = fn.builtin { return try builtin.body(caller, args, site) }
        throw LocatedError("internal error: a function without code", at: site.span)
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
