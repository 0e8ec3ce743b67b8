/// An independent Scenario runtime state, like one REPL session (SPEC §12).
///
/// Each `run`, `evaluate` and `check` parses, resolves and runs on a
/// dedicated thread with a large stack and waits for it, so deep recursion
/// or deeply nested input ends in a located error, never a crash. A session
/// is not itself thread-safe; only ``interrupt()`` may be called from
/// another thread.
public final class Session {
    /// Receives each line `print` writes (without the newline). Defaults to stdout.
    public var output: (String) -> Void = { print($0) }

    /// How many top-level statements of the last ``run(_:name:)`` took
    /// effect: all of them when it returned, those before the failing one
    /// when it threw (none for a syntax or name error, which stop the whole
    /// source before it runs). The REPL's `:save` keeps exactly those.
    public private(set) var lastRunCompletedStatements = 0

    private var sourceMap = SourceMap()
    private var names = NameTable()
    private let interruptFlag = InterruptFlag()
    /// Internal so tests can look at state that has no public accessor.
    let runtime: Runtime

    /// A new, empty session: no bindings or entities, the default seed and
    /// sample count, and `print` lines going to standard output.
    public init() {
        runtime = Runtime(interruptFlag: interruptFlag)
        runtime.sourceText = { [weak self] span in self?.sourceMap.text(of: span) }
    }

    deinit {
        // Values can nest deeply (a function body is a tree of closures);
        // releasing them needs a deep stack too.
        guard !runtime.globals.isEmpty else { return }
        let released = ReleasedGlobals()
        swap(&released.globals, &runtime.globals)
        _ = try? BigStack.run { _ in released.globals = [] }
    }

    /// The session's global values, handed to a big-stack thread to be released.
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
        return try execute(source, name: name, expression: false)
    }

    /// Evaluates one expression and returns its value, binding nothing.
    /// Throws ``ScenarioError``, also when the source is not exactly one
    /// expression.
    public func evaluate(_ source: String) throws -> Value {
        let values = try execute(source, name: "<input>", expression: true)
        guard let value = values.first else {
            throw ScenarioError(diagnostics: [sourceMap.diagnostic(LocatedError("expected an expression", at: .none, kind: .syntax))])
        }
        return value
    }

    /// The one path from source to result: parse, resolve the whole source,
    /// then compile and run each statement in turn (`run` and `evaluate`).
    /// With `expression`, the source must be exactly one expression, and
    /// nothing it resolves is kept.
    private func execute(_ source: String, name: String, expression: Bool) throws -> [Value] {
        try Session.checkSourceSize(source, name: name)
        interruptFlag.reset()
        return try onBigStack { stack in
            let file = self.sourceMap.add(name: name, text: source)
            var parsed = Parser.parse(file)
            guard parsed.errors.isEmpty else { throw self.error(parsed.errors) }
            if expression { try Session.checkOneExpression(parsed.statements, in: file) }
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
            program.reverse()
            self.runtime.output = self.output
            var values: [Value] = []
            // The names each statement bound, committed only if a later one
            // fails: when all succeed, the resolver's table is exactly what
            // committing them one by one would give.
            var ran: [(bindings: [BoundName], scenarios: [ScenarioNames])] = []
            var current: ResolvedStatement?
            do {
                while let statement = program.popLast() {
                    current = statement
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
                    Resolver.rollBackKeys(of: (current.map { [$0] } ?? []) + program.reversed(), in: &self.names)
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
        try onBigStack { stack in
            let file = self.sourceMap.add(name: name, text: source)
            let parsed = Parser.parse(source, base: file.base)
            guard parsed.errors.isEmpty else { throw self.error(parsed.errors) }
            let program = try self.resolve(parsed.statements, stack: stack)
            for statement in program { self.commit(statement.bindings, statement.scenarios) }
        }
    }

    /// Stops the running evaluation at its next function call or loop
    /// iteration with the error "interrupted". Safe to call from any thread;
    /// has no effect on a later `run`.
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

    private func onBigStack<T>(_ body: (StackBounds) throws -> T) throws -> T {
        do {
            return try BigStack.run(body)
        } catch let error as ScenarioError {
            throw error
        } catch let error as LocatedError {
            throw ScenarioError(diagnostics: [sourceMap.diagnostic(error)])
        } catch {
            throw ScenarioError(diagnostics: [sourceMap.diagnostic(LocatedError("internal error: \(error)", at: .none, kind: .runtime))])
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
