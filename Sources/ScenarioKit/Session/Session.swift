// The embedding API's centre (SPEC §12): a session that holds state like
// the REPL, and runs every evaluation on its own thread, sync or async.

import Dispatch
import Synchronization

/// An independent Scenario runtime state, like one REPL session (SPEC §12).
///
/// Each `run`, `evaluate` and `check` parses, resolves and runs on the
/// session's own evaluation thread, which has a large stack, so deep
/// recursion or deeply nested input ends in a located error, never a
/// crash. The sync methods wait for it; the `async` ones suspend without
/// blocking a thread of the Swift concurrency pool, and cancelling their
/// task interrupts the evaluation.
///
/// A session is not `Sendable`: use it from one task or thread at a time.
/// What crosses tasks — ``Value``, ``ScenarioError``, ``InterruptHandle``,
/// ``Limits`` — is `Sendable`. Only ``interrupt()`` and an
/// ``interruptHandle`` may be used from another thread while it evaluates.
public final class Session {
    /// Receives each line `print` writes (without the newline). Defaults to
    /// stdout.
    ///
    /// It is called on the session's evaluation thread, not on the thread
    /// or actor that called `run` (which is waiting or suspended
    /// meanwhile); a sink that must run on the main actor should hand the
    /// line over (`Task { @MainActor in … }`) rather than assume it. A
    /// plain closure written in main-actor code (top-level code, a view) is
    /// isolated to the main actor, which Swift checks at run time: write it
    /// `{ @Sendable line in … }` there.
    public var output: (String) -> Void = { print($0) }

    /// The limits this session was made with.
    public let limits: Limits

    /// How many top-level statements of the last `run(_:name:)` took
    /// effect: all of them when it returned, those before the failing one
    /// when it threw (none for a syntax or name error, which stop the whole
    /// source before it runs). The REPL's `:save` keeps exactly those.
    public private(set) var lastRunCompletedStatements = 0

    private var sourceMap = SourceMap()
    private var names = NameTable()
    private let interruptFlag = InterruptFlag()
    private let evaluator: EvaluationThread
    /// Internal so tests can look at state that has no public accessor.
    let runtime: Runtime

    /// A new, empty session: no bindings or entities, the default seed and
    /// sample count, `print` lines going to standard output, and `limits`.
    public init(limits: Limits = Limits()) {
        self.limits = limits
        // At least 1 MiB, at most 1 PiB (a shift past that would wrap).
        let budget = limits.memoryMB.map { min(max(1, $0), 1 << 30) << 20 } ?? SampleMemory.limit
        evaluator = EvaluationThread(meter: SampleMeter(budget: budget))
        runtime = Runtime(interruptFlag: interruptFlag)
        runtime.sourceText = { [weak self] span in self?.sourceMap.text(of: span) }
    }

    deinit {
        // Values can nest deeply (a function body is a tree of closures);
        // releasing them needs the evaluation thread's deep stack too.
        let released = ReleasedGlobals()
        swap(&released.globals, &runtime.globals)
        if !released.globals.isEmpty {
            let release: EvaluationThread.Work = { _ in
                released.globals = []
                return nil
            }
            if evaluator.isCurrent {
                _ = release(StackBounds(base: 0, budget: 0))
            } else if let ticket = evaluator.post(release) {
                evaluator.wait(for: ticket)
            } else {
                evaluator.runHere(release)
            }
        }
        evaluator.stop()
    }

    /// The session's global values, handed to the evaluation thread to be released.
    private final class ReleasedGlobals: @unchecked Sendable {
        // @unchecked: handed to one thread that the caller waits for.
        var globals = ContiguousArray<Value?>()
    }

    /// Runs statements. A statement that fails changes nothing; statements
    /// before it keep their effect. Throws ``ScenarioError``.
    /// Returns the values of expression statements, in order (the REPL echoes them).
    @discardableResult
    public func run(_ source: String, name: String = "<input>") throws -> [Value] {
        lastRunCompletedStatements = 0
        return try perform(name: name) { stack in try self.execute(source, name: name, expression: false, stack: stack) }
    }

    /// Runs statements like `run(_:name:)`, suspending instead of
    /// blocking: the evaluation runs on the session's thread. Cancelling
    /// the task interrupts it (also before it starts), and it throws a
    /// ``ScenarioError`` of kind ``Diagnostic/Kind/interrupted``.
    @discardableResult nonisolated(nonsending)
    public func run(_ source: String, name: String = "<input>") async throws -> [Value] {
        lastRunCompletedStatements = 0
        return try await performAsync(name: name) { stack in
            try self.execute(source, name: name, expression: false, stack: stack)
        }
    }

    /// Evaluates one expression and returns its value, binding nothing.
    /// Throws ``ScenarioError``, also when the source is not exactly one
    /// expression; its diagnostics name the source `name`.
    public func evaluate(_ source: String, name: String = "<input>") throws -> Value {
        try perform(name: name) { stack in try self.evaluateHere(source, name: name, stack: stack) }
    }

    /// Evaluates one expression like `evaluate(_:name:)`, suspending
    /// instead of blocking; cancelling the task interrupts it.
    nonisolated(nonsending)
    public func evaluate(_ source: String, name: String = "<input>") async throws -> Value {
        try await performAsync(name: name) { stack in try self.evaluateHere(source, name: name, stack: stack) }
    }

    /// `evaluate` on the evaluation thread. The source is let go once the
    /// value (or the error, located) is made, unless the value holds a
    /// function, whose code may report errors in it later: a long-lived
    /// session does not grow with the expressions it evaluates.
    private func evaluateHere(_ source: String, name: String, stack: StackBounds) throws -> Value {
        let files = sourceMap.files.count
        let value: Value
        do {
            let values = try execute(source, name: name, expression: true, stack: stack)
            guard let first = values.first else {
                throw LocatedError("expected an expression", at: .none, kind: .syntax)
            }
            value = first
        } catch {
            let located = scenarioError(error)
            if sourceMap.files.count == files + 1 { sourceMap.removeLast() }
            throw located
        }
        if sourceMap.files.count == files + 1, value.firstNested(where: \.isFunction) == nil { sourceMap.removeLast() }
        return value
    }

    /// Binds a top-level name to a host value, as `let name = value` would:
    /// the model sees it, and a scenario may override it. Throws a
    /// ``ScenarioError`` when `name` is not a name a `let` could bind, or
    /// the value holds a function or an entity of another session.
    public func bind(_ name: String, to value: Value) throws {
        try perform(name: "<host>") { stack in
            try self.checkHostValue(value, name: name)
            _ = try self.execute("let \(name) = 0", name: "<host>", expression: false, stack: stack, hostValue: (name, value))
        }
    }

    /// The value of the top-level binding `name`, or binds it (``bind(_:to:)``).
    /// Setting nil, or a name or value ``bind(_:to:)`` refuses, is a
    /// programming error and stops the program.
    public subscript(name: String) -> Value? {
        get { value(of: name) }
        set {
            guard let newValue else { preconditionFailure("Session: cannot unbind '\(name)'") }
            do { try bind(name, to: newValue) } catch { preconditionFailure("Session: \(error)") }
        }
    }

    /// The one path from source to result: parse, resolve the whole source,
    /// then compile and run each statement in turn (`run` and `evaluate`).
    /// With `expression`, the source must be exactly one expression, and
    /// nothing it resolves is kept.
    /// `hostValue` replaces the value of the one `let` of the source
    /// (``bind(_:to:)``).
    private func execute(_ source: String, name: String, expression: Bool, stack: StackBounds,
                         hostValue: (name: String, value: Value)? = nil) throws -> [Value] {
        try Session.checkSourceSize(source, name: name)
        do {
            let file = self.sourceMap.add(name: name, text: source)
            var parsed = Parser.parse(file)
            guard parsed.errors.isEmpty else { throw self.error(parsed.errors) }
            if expression { try Session.checkOneExpression(parsed.statements, in: file) }
            if let hostValue { try Session.checkHostBinding(parsed.statements, name: hostValue.name) }
            // The syntax tree is let go statement by statement as it is
            // resolved; from then on each statement is compiled just before
            // it runs and dropped right after. So a long script never holds
            // both trees, nor more than one statement's compiled code: memory
            // stays in proportion to what the script defines.
            var statements = parsed.statements
            parsed.statements = []
            var resolved = NameTable()
            var program = try self.resolve(consuming: &statements, stack: stack, commit: !expression,
                                           names: &resolved)
            if let hostValue, case .bind(let access, _) = program.first?.statement {
                program[0].statement = .bind(access, .constant(hostValue.value))
            }
            self.runtime.output = self.output
            var values: [Value] = []
            // The names each statement bound, committed only if a later one
            // fails: when all succeed, the resolver's table is exactly what
            // committing them one by one would give.
            var ran: [(bindings: [BoundName], scenarios: [ScenarioNames])] = []
            // Each statement is moved out of `program` as it runs (its slot
            // left holding a placeholder) and let go when the next one
            // starts. Moving, not reversing and popping: a statement is a
            // large struct, and reversing 12,000 of them cost 3% of a run.
            var index = 0
            var statement = ResolvedStatement.taken
            do {
                while index < program.count {
                    statement = .taken
                    swap(&statement, &program[index])
                    index += 1
                    if let value = try self.runtime.execute(Compiler.compile(statement)) {
                        values.append(value)
                    }
                    if !expression { self.lastRunCompletedStatements += 1 }
                    if !statement.bindings.isEmpty || !statement.scenarios.isEmpty {
                        ran.append((statement.bindings, statement.scenarios))
                    }
                }
            } catch {
                if !expression {
                    for (bindings, scenarios) in ran { self.commit(bindings, scenarios) }
                    Resolver.rollBackKeys(of: [statement] + program[index...], in: &self.names)
                }
                throw error
            }
            if !expression {
                self.names.bindings = resolved.bindings
                self.names.scenarios = resolved.scenarios
            }
            return values
        }
    }

    /// A host binding's source is exactly `let name = …`.
    private static func checkHostBinding(_ statements: [Stmt], name: String) throws {
        guard statements.count == 1, case .letBinding(let id, _, _) = statements[0], id.name == name else {
            throw LocatedError("'\(name)' is not a name a let can bind", at: .none, kind: .name)
        }
    }

    /// A host value may not hold a function (its code would belong to no
    /// session, or another's) nor an entity this session does not hold.
    private func checkHostValue(_ value: Value, name: String) throws {
        if value.firstNested(where: \.isFunction) != nil {
            throw LocatedError("'\(name)': a host value cannot hold a function", at: .none, kind: .type)
        }
        let entities = runtime.domain.entities
        if case .entity(let ref)? = value.firstNested(where: { held in
            guard case .entity(let ref) = held else { return false }
            return !entities.contains { $0.id == ref.id && $0.name == ref.name && $0.kind == ref.kind }
        }) {
            throw LocatedError("'\(name)': \(ref) is not an entity of this session", at: .none, kind: .name)
        }
    }

    /// `evaluate` takes exactly one expression.
    private static func checkOneExpression(_ statements: [Stmt], in file: SourceFile) throws {
        guard let first = statements.first else {
            throw LocatedError("expected an expression", at: SourceSpan(start: file.base, end: file.end), kind: .syntax)
        }
        guard case .expression = first else {
            throw LocatedError("expected an expression, not a statement", at: first.span, kind: .syntax)
        }
        if statements.count > 1 {
            throw LocatedError("expected one expression, found more", at: statements[1].span, kind: .syntax)
        }
    }

    /// Parses and resolves without running (`scenario check`). Throws
    /// ``ScenarioError`` with every error found.
    ///
    /// When the source checks clean, the names it declares become known to
    /// later calls, so several files can be checked in order as if run in
    /// one session. (Reading such a name in a later `run` is an error: it
    /// was declared but never given a value.)
    public func check(_ source: String, name: String = "<input>") throws {
        try Session.checkSourceSize(source, name: name)
        try perform(name: name) { stack in
            let file = self.sourceMap.add(name: name, text: source)
            let parsed = Parser.parse(source, base: file.base)
            guard parsed.errors.isEmpty else { throw self.error(parsed.errors) }
            let program = try self.resolve(parsed.statements, stack: stack)
            for statement in program { self.commit(statement.bindings, statement.scenarios) }
        }
    }

    /// Stops the running evaluation at its next function call or loop
    /// iteration with an error of kind ``Diagnostic/Kind/interrupted``; when
    /// none is running, the next one to start stops before its first
    /// statement. Either way the interrupt is used up by the evaluation it
    /// stops (it is never lost, and never stops two). Safe to call from any
    /// thread.
    public func interrupt() {
        interruptFlag.set()
    }

    /// A handle that can interrupt this session from another thread or a
    /// signal handler's queue (it is `Sendable`; the session is not).
    public var interruptHandle: InterruptHandle { InterruptHandle(flag: interruptFlag) }

    /// The top-level names defined so far, sorted (for `:env` and completion).
    public var definedNames: [String] {
        names.bindings.keys.filter { value(of: $0) != nil }.sorted()
    }

    /// The value a top-level name is bound to, if it has one.
    public func value(of name: String) -> Value? {
        guard let binding = names.bindings[name], binding.slot < runtime.globals.count else { return nil }
        return runtime.globals[binding.slot]
    }

    /// The names of the built-in functions.
    public static var builtinNames: [String] { Builtins.names }

    /// The members `value.name` offers (for completion after `x.`).
    public func memberNames(of value: Value) -> [String] {
        Scenarios.memberNames(of: value, in: runtime) ?? Members.names(of: value)
    }

    // MARK: Internals

    /// Resolves a parsed program against the session's names.
    /// Slots handed out are kept even if the program later fails, because
    /// functions committed before the failure may refer to them.
    private func resolve(_ statements: [Stmt], stack: StackBounds, commit: Bool = true) throws -> [ResolvedStatement] {
        var statements = statements
        var table = NameTable()
        return try resolve(consuming: &statements, stack: stack, commit: commit, names: &table)
    }

    /// Like `resolve(_:stack:commit:)`, emptying `statements` as it goes;
    /// `table` gets the name table as it is once every statement is bound.
    private func resolve(consuming statements: inout [Stmt], stack: StackBounds, commit: Bool = true,
                         names table: inout NameTable) throws -> [ResolvedStatement] {
        var resolver = Resolver(names: names, builtins: Builtins.resolverNames, stackLimit: stack.resolutionLimit)
        let resolved = resolver.resolve(consuming: &statements)
        table = resolver.names
        guard resolver.errors.isEmpty else { throw error(resolver.errors) }
        if commit {
            names.slotCount = resolver.names.slotCount
            names.generation = resolver.names.generation
            // What the source defines keeps its keys even if a later
            // statement fails: a key once handed out is never reused.
            names.bindCounts = resolver.names.bindCounts
            names.unnamedCount = resolver.names.unnamedCount
            names.currentDeal = resolver.names.currentDeal
            names.currentModel = resolver.names.currentModel
            names.clauses = resolver.names.clauses
        }
        runtime.reserveGlobals(resolver.names.slotCount)
        runtime.stackLimit = stack.evaluationLimit
        return resolved
    }

    /// The names a statement bound (and its scenario bodies') become the
    /// session's, as `Resolver.commit` does for a compiled statement.
    private func commit(_ bindings: [BoundName], _ scenarios: [ScenarioNames]) {
        Resolver.commit(bindings, to: &names)
        for scenario in scenarios { names.scenarios[scenario.path] = scenario.names }
    }

    private func error(_ errors: [LocatedError]) -> ScenarioError {
        ScenarioError(diagnostics: errors.map { sourceMap.diagnostic($0) })
    }

    // MARK: Evaluations on the session's thread

    /// Runs `body` on the evaluation thread and waits for it.
    func perform<T>(name: String, _ body: @escaping (StackBounds) throws -> T) throws -> T {
        // From inside one of its own evaluations (an `output` closure that
        // evaluates) the thread would wait for itself.
        guard !evaluator.isCurrent else {
            throw ScenarioError(diagnostics: [
                Diagnostic(message: "a session cannot run or evaluate during one of its own evaluations", file: name,
                           line: 0, column: 0, span: .none,
                           help: "use another Session, or act on the output after run returns",
                           sourceLine: "", width: 0, kind: .runtime),
            ])
        }
        let job = EvaluationJob(flag: interruptFlag)
        let outcome = Outcome<T>()
        let work: EvaluationThread.Work = { stack in
            outcome.result = self.guarded(job, name: name) { try body(stack) }
            return nil
        }
        if let ticket = evaluator.post(work) { evaluator.wait(for: ticket) } else { evaluator.runHere(work) }
        guard let result = outcome.result else {
            throw scenarioError(LocatedError("internal error: evaluation did not finish", at: .none, kind: .runtime))
        }
        return try result.get()
    }

    /// Runs `body` on the evaluation thread, suspending until it is done;
    /// cancelling the task interrupts it.
    nonisolated(nonsending)
    private func performAsync<T: Sendable>(name: String,
                                           _ body: @escaping (StackBounds) throws -> T) async throws -> T {
        let job = EvaluationJob(flag: interruptFlag)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let work: EvaluationThread.Work = { stack in
                    let result = self.guarded(job, name: name) { try body(stack) }
                    return { continuation.resume(with: result) }
                }
                if evaluator.post(work) == nil { evaluator.runHere(work) }
            }
        } onCancel: {
            job.cancel()
        }
    }

    /// What every evaluation does around its work, on the evaluation thread:
    /// an interrupt or cancellation that came first stops it before it
    /// starts; the time limit is armed; what it throws becomes a
    /// ``ScenarioError``; and at the end the interrupt flag is cleared, so
    /// an interrupt stops exactly one evaluation.
    private func guarded<T>(_ job: EvaluationJob, name: String, _ body: () throws -> T) -> Result<T, any Error> {
        defer {
            job.end()
            interruptFlag.reset()
        }
        guard job.begin() else {
            return .failure(ScenarioError(diagnostics: [
                Diagnostic(message: "interrupted", file: name, line: 0, column: 0, span: .none,
                           help: "the evaluation was interrupted or its task cancelled before it started",
                           sourceLine: "", width: 0, kind: .interrupted),
            ]))
        }
        var timer: DispatchWorkItem?
        if let limit = limits.timeLimit {
            let item = DispatchWorkItem { job.expire() }
            DispatchQueue.global().asyncAfter(deadline: .now() + EvaluationJob.interval(limit), execute: item)
            timer = item
        }
        defer { timer?.cancel() }
        do {
            return .success(try body())
        } catch {
            var error = scenarioError(error)
            if job.expired, let limit = limits.timeLimit {
                for i in error.diagnostics.indices where error.diagnostics[i].kind == .interrupted {
                    error.diagnostics[i].message = "time limit exceeded: the evaluation ran longer than \(limit)"
                    error.diagnostics[i].help = "raise Session.Limits.timeLimit, or make sure a loop or recursion stops"
                    error.diagnostics[i].kind = .limit
                }
            }
            return .failure(error)
        }
    }

    /// Where a waiting caller finds the result.
    private final class Outcome<T>: @unchecked Sendable {
        // @unchecked: written by the evaluation thread before the waiting caller reads it.
        var result: Result<T, any Error>?
    }

    /// Turns what an evaluation threw into the ``ScenarioError`` a caller sees.
    private func scenarioError(_ error: any Error) -> ScenarioError {
        switch error {
        case let error as ScenarioError: error
        case let error as LocatedError: ScenarioError(diagnostics: [sourceMap.diagnostic(error)])
        default: ScenarioError(diagnostics: [sourceMap.diagnostic(LocatedError("internal error: \(error)", at: .none, kind: .runtime))])
        }
    }
}

/// Interrupts a ``Session``'s running evaluation from any thread.
public struct InterruptHandle: Sendable {
    fileprivate let flag: InterruptFlag

    /// Same as ``Session/interrupt()``.
    public func interrupt() {
        flag.set()
    }
}

/// One evaluation's interrupt state: whether its task was cancelled or its
/// time ran out, and whether it is running, so that a cancellation that
/// comes before it starts still stops it and one that comes after it ends
/// stops nothing else.
final class EvaluationJob: Sendable {
    private enum Phase { case waiting, running, finished }
    private struct State {
        var phase = Phase.waiting
        var cancelled = false
        var expired = false
    }

    private let state = Mutex(State())
    private let flag: InterruptFlag

    init(flag: InterruptFlag) {
        self.flag = flag
    }

    /// Marks it running; false when it must not start (cancelled, or an
    /// interrupt is waiting).
    func begin() -> Bool {
        state.withLock { state in
            state.phase = .running
            return !state.cancelled && !flag.isSet
        }
    }

    func end() {
        state.withLock { $0.phase = .finished }
    }

    /// Task cancellation: stops it now if it runs, or before it starts.
    func cancel() {
        state.withLock { state in
            state.cancelled = true
            if state.phase == .running { flag.set() }
        }
    }

    /// The time limit ran out.
    func expire() {
        state.withLock { state in
            guard state.phase == .running else { return }
            state.expired = true
            flag.set()
        }
    }

    var expired: Bool { state.withLock { $0.expired } }

    /// A `Duration` as Dispatch's interval.
    static func interval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow else { return .never }
        return .nanoseconds(Int(clamping: nanoseconds.partialValue + attoseconds / 1_000_000_000))
    }
}

/// A session is used from one task or thread at a time (see ``Session``);
/// its ``Session/interruptHandle`` is what crosses threads.
@available(*, unavailable, message: "a Session is used from one task at a time; pass its interruptHandle, or make a session in the task")
extension Session: Sendable {}
