// The run-time state of a session (globals, settings, the deal domain) and
// the running of one compiled top-level statement.



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
    /// The date `today()` gives; nil for the machine's date. Pinned by
    /// `set today` or `--today`, so a script's output does not change
    /// from one day to the next (SPEC §22).
    var today: CalendarDate?
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

/// One compiled top-level statement.
struct CompiledStatement {
    enum Code {
        /// An expression statement: its value (the REPL echoes it).
        case expression((Frame) throws -> Value)
        case statement((Frame) throws -> Void)
    }

    var code: Code
    var frameSize: Int
    var span: SourceSpan
    var bindings: [BoundName]
    var scenarios: [ScenarioNames] = []
    /// What it defines: its random stream, what a scenario may override.
    var key: DefinitionKey = .statement(0)
    /// Whether scenarios re-run it as part of the model.
    var isModel = false
    /// The global slots it reads and whether it reads the domain.
    var reads: [Int] = []
    var usesDomain = false
    var isDomain = false
}

/// A statement of the model (SPEC §8): what a scenario's world re-runs.
/// A class: the model holds one reference a statement, so growing it copies
/// pointers, not statements.
final class ModelEntry {
    let statement: CompiledStatement
    /// The settings in force when it ran; a world re-runs it with them.
    let settings: Settings
    /// A domain statement's computed arguments, in order: a world whose
    /// domain must be rebuilt applies them again instead of computing (and
    /// drawing) them again, when nothing they read changed.
    let arguments: [DomainArgument]

    init(statement: CompiledStatement, settings: Settings, arguments: [DomainArgument]) {
        self.statement = statement
        self.settings = settings
        self.arguments = arguments
    }
}

extension DomainArgument {
    /// Notes the argument for the model entry of the statement computing it.
    @inline(__always)
    func logged(in runtime: Runtime) -> DomainArgument {
        if runtime.argumentLog != nil { runtime.argumentLog?.append(self) }
        return self
    }
}

/// The run-time state of a session: global slots, settings, the domain,
/// and the value stack calls run on.
final class Runtime {
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
    /// The locals of every running call (see CallStack.swift).
    private(set) var stack: ValueStack!
    var output: (String) -> Void = { _ in }
    /// The source text of a span, for figure titles (`sensitivity(cursor.buyer_cost)`).
    var sourceText: (SourceSpan) -> String? = { _ in nil }
    /// How Monte Carlo work is spread over the cores (tests force each way).
    var parallelism = Parallelism.automatic
    /// `if`s on uncertain conditions evaluating both branches right now.
    var uncertainChoices = 0
    /// The model: the statements that succeeded and define something, in
    /// order (not kept by a scenario's world, which re-runs another's).
    private(set) var model: [ModelEntry] = []
    var recordsModel = true
    /// The model's top-level names and their slots, as they stand now
    /// (made when a scenario asks, from the statements added since).
    var modelNames: [String: Int] {
        if namesCache.count < model.count {
            for entry in model[namesCache.count...] {
                for bound in entry.statement.bindings { namesCache.names[bound.name] = bound.binding.slot }
            }
            namesCache.count = model.count
        }
        return namesCache.names
    }
    private var namesCache: (count: Int, names: [String: Int]) = (0, [:])
    /// Scenarios' worlds, computed when read (Runtime/Scenarios.swift).
    var worlds: [Int: ScenarioWorld] = [:]
    /// The scenarios whose worlds are being computed right now.
    var computing: Set<Int> = []
    /// For a scenario's world: the session's runtime, whose model it re-runs.
    weak var base: Runtime?
    /// What the running statement defines: its draws' random stream.
    var definition: DefinitionKey = .statement(0)
    /// The computed arguments of the domain statement running now (when
    /// recording the model), and those a world applies again instead.
    var argumentLog: [DomainArgument]?
    private var replay: [DomainArgument] = []
    private var replayed = 0
    private var replaying = false
    /// Set by a host's view of a scenario (Session/SessionViews.swift) for
    /// one `evaluate`: runs instead of that expression, on the evaluation
    /// thread, its errors reported as the session reports any.
    var inPlaceOfExpression: ((Runtime, CompiledStatement) throws -> Value)?

    /// The next argument of a domain statement applied again, if one is.
    @inline(__always)
    func replayedArgument() -> DomainArgument? {
        guard replaying, replayed < replay.count else { return nil }
        defer { replayed += 1 }
        return replay[replayed]
    }

    /// Runs a model entry of a domain statement with its arguments as they were.
    func replaying(_ entry: ModelEntry) throws {
        replay = entry.arguments
        replayed = 0
        replaying = true
        defer {
            replaying = false
            replay = []
        }
        _ = try execute(entry.statement)
    }

    /// Nested user-function calls allowed at once. At a few hundred bytes
    /// of native stack per level this stays far inside the evaluation
    /// thread's stack; the stack guard backs it up for bodies with deeply
    /// nested expressions.
    static let maxDepth = 10_000

    init(interruptFlag: InterruptFlag) {
        self.interruptFlag = interruptFlag
        stack = ValueStack(runtime: self, interrupt: interruptFlag)
    }

    /// Makes room for the global slots the resolver handed out.
    func reserveGlobals(_ count: Int) {
        if globals.count < count {
            globals.append(contentsOf: repeatElement(nil, count: count - globals.count))
        }
    }

    /// The value of a global slot, nil until it is bound.
    @inline(__always)
    func global(_ slot: Int) -> Value? {
        slot < globals.count ? globals[slot] : nil
    }

    func setGlobal(_ slot: Int, _ value: Value) {
        if slot < globals.count { globals[slot] = value }
    }

    /// The function in a global slot, if it holds one.
    @inline(__always)
    func function(at slot: Int) -> FunctionValue? {
        if case .function(let fn)? = globals[slot] { return fn }
        return nil
    }

    /// Runs one compiled top-level statement in a frame of its own, its
    /// draws from the stream of what it defines (continuing the draws made
    /// so far, for an override run after its original); on failure restores
    /// the state it had. A statement of the model that succeeds joins it.
    func execute(_ statement: CompiledStatement, continuingDraws: Bool = false) throws -> Value? {
        if let body = inPlaceOfExpression, case .expression = statement.code {
            inPlaceOfExpression = nil
            return try body(self, statement)
        }
        let saved = state
        if !continuingDraws {
            state.random = RandomState(stream: nil, draws: 0)
            definition = statement.key
        }
        let recording = statement.isDomain && statement.isModel && recordsModel
        if recording { argumentLog = [] }
        defer { if recording { argumentLog = nil } }
        let value: Value?
        do {
            value = try stack.withTopFrame(size: statement.frameSize) { frame -> Value? in
                switch statement.code {
                case .expression(let code): return try code(frame)
                case .statement(let code):
                    try code(frame)
                    // An input bound at top level is named by its binding (SPEC §16).
                    for bound in statement.bindings {
                        if let v = globals[bound.binding.slot] { Provenance.name(v, bound.name) }
                    }
                    return nil
                }
            }
        } catch {
            state = saved
            throw error
        }
        if statement.isModel, recordsModel {
            model.append(ModelEntry(statement: statement, settings: saved.settings, arguments: argumentLog ?? []))
        }
        return value
    }
}
