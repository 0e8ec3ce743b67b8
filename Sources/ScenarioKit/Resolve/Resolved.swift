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

indirect enum ResolvedExpr {
    case constant(Value)
    /// `FY2026`: its span depends on `set fiscal_year_start`, read when evaluated.
    case fiscalYear(Int)
    case string([ResolvedStringPart], SourceSpan)
    case name(Access, Identifier)
    case list([ResolvedExpr], SourceSpan)
    case negate(ResolvedExpr, SourceSpan)
    case not(ResolvedExpr, operand: SourceSpan, SourceSpan)
    case binary(BinaryOperator, ResolvedExpr, ResolvedExpr, left: SourceSpan, right: SourceSpan, SourceSpan)
    case call(ResolvedExpr, [ResolvedExpr], CallSite)
    case member(ResolvedExpr, Identifier, SourceSpan)
    case index(ResolvedExpr, ResolvedExpr, index: SourceSpan, SourceSpan)
    case ifElse(ResolvedExpr, then: ResolvedExpr, else: ResolvedExpr, condition: SourceSpan)
    case lambda(FunctionTemplate)
    case block([ResolvedStmt], ResolvedExpr)
    /// A construct a later stage provides; evaluating it is this error.
    case unavailable(String, SourceSpan)
}

/// The settings of `set NAME VALUE` (SPEC §4).
enum Setting: String, CaseIterable {
    case samples, seed
    case fiscalYearStart = "fiscal_year_start"
}

indirect enum ResolvedStmt {
    /// `let` (target is a global or a local slot).
    case bind(Access, ResolvedExpr)
    case function(Access, FunctionTemplate)
    case print([ResolvedExpr])
    /// `assert`: a non-boolean is an error at the condition, a false one at the statement.
    case assert(ResolvedExpr, message: ResolvedExpr?, condition: SourceSpan, statement: SourceSpan)
    case setNumber(Setting, ResolvedExpr, value: SourceSpan)
    case setFiscalYearStart(month: Int)
    case expression(ResolvedExpr)
    /// A deal-domain statement (SPEC §6), run by `DomainEvaluation`.
    case domain(ResolvedDomain)
    /// `scenario name { … }` (SPEC §8)
    case scenario(ResolvedScenario)
    /// `compare base, a, b`
    case compare([ScenarioColumn], SourceSpan)
    case unavailable(String, SourceSpan)
}

/// A name a top-level statement binds, committed to the session's name
/// table only when the statement succeeds.
struct GlobalBinding {
    var slot: Int
    /// The `run` (or `check`) that made it.
    var generation: Int
}

/// One resolved top-level statement.
struct ResolvedStatement {
    var statement: ResolvedStmt
    var span: SourceSpan
    /// Local slots needed by blocks in this statement (outside any function).
    var frameSize: Int
    var bindings: [(name: String, binding: GlobalBinding)]
    /// The scenario bodies this statement resolved and the names each binds.
    var scenarios: [(path: [String], names: [String])] = []
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
}
