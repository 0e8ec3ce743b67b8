// The resolver's output: the syntax tree with every name replaced by where
// its value lives at run time. The compiler turns it into closures.

/// Where a name's value lives at run time.
enum Access: Hashable {
    /// A slot of the session's global array (top-level `let`, `fn`, entities).
    case global(Int)
    /// A slot of the current call frame (parameters and block `let`s).
    case local(Int)
    /// A value the current function copied from an enclosing frame.
    case capture(Int)
    /// The function whose body is running (self-recursion).
    case currentFunction
    /// An entry of the built-in table.
    case builtin(Int)
}

/// How a call was written, for located errors. A class: compiled calls
/// capture it and pass it down on every call, and only errors read it, so
/// one reference costs less than carrying its seven words around.
final class CallSite: Sendable {
    /// The whole call expression.
    let span: SourceSpan
    let calleeSpan: SourceSpan
    /// The callee's name when it is a plain name or a member (`f`, `x.f`).
    let calleeName: String?
    /// One span per written argument (empty when a built-in calls a function).
    let argumentSpans: [SourceSpan]

    init(span: SourceSpan, calleeSpan: SourceSpan, calleeName: String?, argumentSpans: [SourceSpan]) {
        self.span = span
        self.calleeSpan = calleeSpan
        self.calleeName = calleeName
        self.argumentSpans = argumentSpans
    }

    /// The span of argument `i`, or the whole call when unknown.
    func argument(_ i: Int) -> SourceSpan {
        i < argumentSpans.count ? argumentSpans[i] : span
    }

    /// A call made by a built-in (`map(xs, f)` calling `f`).
    static func internalCall(at span: SourceSpan) -> CallSite {
        CallSite(span: span, calleeSpan: span, calleeName: nil, argumentSpans: [])
    }
}

/// A function literal or `fn` declaration after resolution.
final class FunctionTemplate {
    let name: String
    let parameters: [String]
    let span: SourceSpan
    /// Where, in the frame that creates the function, each captured value is read.
    var captures: [Access] = []
    var frameSize = 0
    var body: ResolvedExpr = .constant(.bool(false))

    init(name: String, parameters: [String], span: SourceSpan) {
        self.name = name
        self.parameters = parameters
        self.span = span
    }
}

enum ResolvedStringPart {
    case text(String)
    case value(ResolvedExpr)
}

/// `"gap is {gap}"`: text and interpolated values.
struct ResolvedInterpolation {
    var parts: [ResolvedStringPart]
    var span: SourceSpan
}

/// A use of a name: where its value lives, and the name as written.
struct ResolvedName {
    var access: Access
    var id: Identifier
}

struct ResolvedList {
    var items: [ResolvedExpr]
    var span: SourceSpan
}

/// `-x` or `not x`.
struct ResolvedUnary {
    var operand: ResolvedExpr
    var operandSpan: SourceSpan
    var span: SourceSpan
}

struct ResolvedBinary {
    var op: BinaryOperator
    var left: ResolvedExpr
    var right: ResolvedExpr
    var leftSpan: SourceSpan
    var rightSpan: SourceSpan
    var span: SourceSpan
}

/// A chain too long to nest as `.binary` nodes (`Resolver.maxNestedChain`):
/// its operators applied left to right, in a loop, with the spans and
/// messages the nested nodes would give.
struct ResolvedChain {
    var first: ResolvedExpr
    var links: [ResolvedLink]
}

/// One operator of a `ResolvedChain`: `left op right`, where `left` is the
/// chain up to here.
struct ResolvedLink {
    var op: BinaryOperator
    var right: ResolvedExpr
    var leftSpan: SourceSpan
    var rightSpan: SourceSpan
    /// The chain up to and including `right`.
    var span: SourceSpan
}

struct ResolvedCall {
    var callee: ResolvedExpr
    var arguments: [ResolvedExpr]
    var site: CallSite
}

/// `x.name`
struct ResolvedMember {
    var base: ResolvedExpr
    var name: Identifier
    var span: SourceSpan
}

/// `xs[i]`
struct ResolvedIndex {
    var base: ResolvedExpr
    var index: ResolvedExpr
    var indexSpan: SourceSpan
    var span: SourceSpan
}

struct ResolvedConditional {
    var condition: ResolvedExpr
    var then: ResolvedExpr
    var otherwise: ResolvedExpr
    var conditionSpan: SourceSpan
}

/// `{ statements; value }`
struct ResolvedBlock {
    var statements: [ResolvedStmt]
    var value: ResolvedExpr
}

/// `{name: "d1", price: $1B}`: field names (unique) and their values.
struct ResolvedRecord {
    var names: [String]
    var values: [ResolvedExpr]
    var span: SourceSpan
}

/// `base with {p: 60%}`.
struct ResolvedRecordUpdate {
    var base: ResolvedExpr
    var baseSpan: SourceSpan
    var fields: [Identifier]
    var values: [ResolvedExpr]
    var span: SourceSpan
}

/// Something the resolver already reported as an error; evaluating it is
/// that error (it is never evaluated: a program with errors does not run).
struct Unavailable {
    var message: String
    var span: SourceSpan
    /// The kind of the error the resolver reported for it.
    var kind: Diagnostic.Kind
}

indirect enum ResolvedExpr {
    case constant(Value)
    /// `FY2026`: its span depends on `set fiscal_year_start`, read when evaluated.
    case fiscalYear(Int)
    case string(ResolvedInterpolation)
    case name(ResolvedName)
    case list(ResolvedList)
    case negate(ResolvedUnary)
    case not(ResolvedUnary)
    case binary(ResolvedBinary)
    case chain(ResolvedChain)
    case call(ResolvedCall)
    case member(ResolvedMember)
    case index(ResolvedIndex)
    case ifElse(ResolvedConditional)
    case lambda(FunctionTemplate)
    case block(ResolvedBlock)
    case record(ResolvedRecord)
    case recordUpdate(ResolvedRecordUpdate)
    case unavailable(Unavailable)
}

/// The settings of `set NAME VALUE` (SPEC §4).
enum Setting: String, CaseIterable {
    case samples, seed
    case fiscalYearStart = "fiscal_year_start"
    /// `set today DATE`: the date `today()` gives (SPEC §22).
    case today
}

/// `assert condition[, message]`: a non-boolean is an error at the
/// condition, a false one at the statement.
struct ResolvedAssert {
    var condition: ResolvedExpr
    var message: ResolvedExpr?
    var conditionSpan: SourceSpan
    var span: SourceSpan
}

/// `set samples N` / `set seed N`.
struct ResolvedSetting {
    var setting: Setting
    var value: ResolvedExpr
    var valueSpan: SourceSpan
}

/// `compare base, a, b[: rows]`.
struct ResolvedCompare {
    var columns: [ScenarioColumn]
    /// The rows written after `:` (names and members), empty for all.
    var rows: [CompareRow]
    var span: SourceSpan
}

/// A row `compare` was asked for: `v` or `cursor.close`.
struct CompareRow {
    var label: String
    /// The name the row starts from, then the members read in turn.
    var name: Identifier
    var members: [Identifier]
}

indirect enum ResolvedStmt {
    /// `let` (target is a global or a local slot).
    case bind(Access, ResolvedExpr)
    case function(Access, FunctionTemplate)
    case print([ResolvedExpr])
    case assert(ResolvedAssert)
    case setNumber(ResolvedSetting)
    case setFiscalYearStart(month: Int)
    case expression(ResolvedExpr)
    /// A deal-domain statement (SPEC §6), run by `DomainEvaluation`.
    case domain(ResolvedDomain)
    /// `scenario name { … }` (SPEC §8)
    case scenario(ResolvedScenario)
    case compare(ResolvedCompare)
    case unavailable(Unavailable)
}

/// A name a top-level statement binds, committed to the session's name
/// table only when the statement succeeds.
struct GlobalBinding {
    var slot: Int
    /// The `run` (or `check`) that made it.
    var generation: Int
}

/// A global name a statement bound, and its binding.
struct BoundName {
    var name: String
    var binding: GlobalBinding
}

/// The names a scenario's bodies bound, by the scenario's path of names
/// (`["bear"]`, `["bear", "worse"]`).
struct ScenarioNames {
    var path: [String]
    var names: [String]
}

/// What a top-level statement defines, for scenarios (an override replaces
/// the definition with the same key) and for random streams (a definition
/// draws from the stream of its key, SPEC §8).
enum DefinitionKey: Hashable, Sendable, CustomStringConvertible {
    /// `let name` or `fn name`, bound `ordinal` times before.
    case binding(String, ordinal: Int)
    /// A domain clause of an entity: `cursor.price`, `cursor.regulatory`
    /// (a condition by its name), `grok.params`.
    case clause(entity: String, clause: String)
    /// A statement that defines nothing, by its order among such statements.
    case statement(Int)

    /// `p`, `cursor.regulatory`, `statement 3`.
    var description: String {
        switch self {
        case .binding(let name, _): name
        case .clause(let entity, let clause): "\(entity).\(clause)"
        case .statement(let n): "statement \(n)"
        }
    }

    /// The random stream of the definition's draws (computed when the
    /// definition first draws: most statements draw nothing).
    var stream: UInt64 {
        switch self {
        case .binding(let name, let ordinal): StreamKey.stream(named: "let \(name)#\(ordinal)")
        case .clause(let entity, let clause): StreamKey.stream(named: "clause \(entity).\(clause)")
        case .statement(let n): StreamKey.stream(named: "statement #\(n)")
        }
    }
}

/// One resolved top-level statement.
struct ResolvedStatement {
    /// What a statement's place in a program holds once the statement has
    /// been moved out to run: defines nothing, binds nothing. Immutable and
    /// only ever copied (its one box is reference-counted atomically), so
    /// sharing it between sessions is safe though the type is not Sendable.
    nonisolated(unsafe) static let taken = ResolvedStatement(statement: .print([]), span: .none, frameSize: 0, bindings: [])

    var statement: ResolvedStmt
    var span: SourceSpan
    /// What it defines (its random stream, and what a scenario may override).
    var key: DefinitionKey = .statement(0)
    /// Whether scenarios re-run it as part of the model (`let`, `fn`,
    /// domain statements, `set`; not `print`, `assert`, `timeline`, …).
    var isModel = false
    /// The current deal and model before it, and how many clauses the
    /// model stated before it: what undoing it restores.
    var dealBefore: String?
    var modelBefore: String?
    var clausesBefore = 0
    /// The global slots it reads (function bodies included) and whether it
    /// reads the deal domain: what a scenario's world must run it again for.
    var reads: [Int] = []
    var usesDomain = false
    /// Local slots needed by blocks in this statement (outside any function).
    var frameSize: Int
    var bindings: [BoundName]
    /// The scenario bodies this statement resolved and the names each binds.
    var scenarios: [ScenarioNames] = []
}

/// The session's top-level names, kept across `run` calls (the REPL).
struct NameTable {
    var bindings: [String: GlobalBinding] = [:]
    /// Slots handed out so far; the global array is at least this long.
    var slotCount = 0
    var generation = 0
    /// The names each scenario's bodies have bound, by its path of names
    /// (`["bear"]`, `["bear", "worse"]`): a re-opened body starts with them.
    var scenarios: [[String]: [String]] = [:]
    /// How many times each name was bound at top level (for definition keys).
    var bindCounts: [String: Int] = [:]
    /// Top-level statements that define nothing, so far.
    var unnamedCount = 0
    /// The deal and the model domain clauses apply to (SPEC §6), by name.
    var currentDeal: String?
    var currentModel: String?
    /// The domain clauses the model states, in order (a list: appending is
    /// cheap, and only a scenario's declaration asks what is in it).
    var clauses: [DefinitionKey] = []
}

/// A `scenario` statement after resolution.
struct ResolvedScenario {
    var name: Identifier
    /// The names of the scenarios it builds on and its own (`["bear", "worse"]`).
    var path: [String]
    /// Where the scenario's name is bound (nil inside another scenario's body).
    var binding: Access?
    /// Definitions of the model this body replaces, in the body's order.
    var overrides: [ResolvedOverride]
    /// The rest of the body, run after the model in the scenario (SPEC §8):
    /// new names, `print`, clauses the model does not state.
    var tail: ScenarioTail
    /// Scenarios declared inside this body (`scenario worse { … }`), which
    /// build on this one.
    var nested: [ResolvedScenario]
    var span: SourceSpan
}

/// A statement of a scenario body that replaces a definition of the model.
struct ResolvedOverride {
    /// The definition it replaces.
    var key: DefinitionKey
    /// Compiled and run like a top-level statement, where the original stood.
    var statement: ResolvedStatement
    /// Whether it reads what the original computed (`let cost = cost + $1B`):
    /// then the original runs first.
    var usesOriginal: Bool
}

/// The statements of a scenario body that run after the model: locals of
/// one frame, the names earlier bodies of the scenario bound loaded first.
struct ScenarioTail {
    var statements: [ResolvedStmt]
    var frameSize: Int
    /// Local slots for the names earlier bodies bound, filled before it runs.
    var preload: [(name: String, slot: Int)]
    /// Every name the body ends with, and its slot: kept in the scenario.
    var exports: [(name: String, slot: Int)]
}

/// One column of `compare`: a scenario's name, or `base` (no access).
struct ScenarioColumn {
    /// As written: `bear`, `bear.worse`, `base`.
    var name: Identifier
    /// Where the first name is bound (nil for `base`).
    var access: Access?
    /// The nested scenarios after the first name (`["worse"]`).
    var path: [String] = []

    /// The column name of `compare` that means the model without overrides.
    static let base = "base"
}

