import Synchronization

/// Compiled code of an expression: runs in a call frame.
typealias Code = (Frame) throws -> Value

/// The locals of one function call (or of one top-level statement's blocks).
final class Frame {
    /// Parameters first, then one slot per `let`/`fn` in the body's blocks.
    var locals: ContiguousArray<Value>
    /// The function running in this frame (nil for a top-level statement).
    let function: FunctionValue?
    let interpreter: Interpreter

    init(interpreter: Interpreter, function: FunctionValue?, locals: ContiguousArray<Value>) {
        self.interpreter = interpreter
        self.function = function
        self.locals = locals
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
}

/// The run-time state of a session: global slots, settings, call depth.
final class Interpreter {
    /// Global slots; nil until the statement that binds the slot has run.
    var globals: ContiguousArray<Value?> = []
    var state = SessionState()
    var depth = 0
    /// Lowest stack address user code may reach before "recursion too deep".
    var stackLimit: UInt = 0
    let interruptFlag: InterruptFlag
    var output: (String) -> Void = { _ in }

    /// Nested user-function calls allowed at once. At a few KiB of native
    /// stack per level this stays far inside the evaluation thread's stack;
    /// the stack guard backs it up for bodies with deeply nested expressions.
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
        let frame = Frame(interpreter: self, function: nil,
                          locals: ContiguousArray(repeating: unassigned, count: statement.frameSize))
        do {
            return try statement.code(frame)
        } catch {
            state = saved
            depth = 0
            throw error
        }
    }

    /// Calls any function value with evaluated arguments (built-ins use this
    /// to call the functions they are given).
    func call(_ fn: FunctionValue, _ args: [Value], at site: CallSite) throws -> Value {
        guard fn.arity.contains(args.count) else { throw Interpreter.arityError(fn, args.count, site) }
        switch fn.implementation {
        case .user(let body, let frameSize):
            return try invoke(fn, body, frameSize: frameSize, locals: ContiguousArray(args), at: site)
        case .builtin(let builtin):
            return try builtin.body(self, args, site)
        }
    }

    /// Runs a user function's body in a new frame whose first slots hold the
    /// (already arity-checked) arguments.
    @inline(__always)
    func invoke(_ fn: FunctionValue, _ body: Code, frameSize: Int, locals: ContiguousArray<Value>,
                at site: CallSite) throws -> Value {
        if depth >= Interpreter.maxDepth || StackGuard.currentAddress() < stackLimit {
            throw LocatedError("recursion too deep", at: site.span,
                               help: "calls to '\(fn.name)' nest more than \(Interpreter.maxDepth) deep; "
                                   + "make sure its recursion stops")
        }
        if interruptFlag.isSet { throw LocatedError("interrupted", at: site.span) }
        var locals = locals
        if locals.count < frameSize {
            locals.append(contentsOf: repeatElement(unassigned, count: frameSize - locals.count))
        }
        depth += 1
        defer { depth -= 1 }
        return try body(Frame(interpreter: self, function: fn, locals: locals))
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
