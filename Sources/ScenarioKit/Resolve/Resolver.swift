/// Binds every name of a whole program to a slot before anything runs
/// (SPEC §3, §13), and reports every unknown name (at most 20).
///
/// Scoping is lexical. A top-level `let` makes a new global slot, so code
/// written before it keeps the slot it saw. Inside a function body (named or
/// lambda) a name may also refer to a top-level `fn` declared later in the
/// same program; those slots are handed out before resolving starts, and
/// calling one before its declaration has run is a runtime error.
struct Resolver {
    /// Scratch copy of the session's names: grows as statements bind names.
    private(set) var names: NameTable
    private(set) var errors: [LocatedError] = []
    private let generation: Int
    /// The lowest stack address resolving may reach (deep nesting guard).
    private let stackLimit: UInt

    /// Top-level `fn` declarations of this program: name -> (statement index, slot).
    private var laterFunctions: [String: [(index: Int, slot: Int)]] = [:]
    private var statementIndex = 0
    /// Innermost last; index 0 is the top-level statement's own frame.
    private var scopes: [FunctionScope] = []
    /// Global names bound by the current top-level statement.
    private var pending: [BoundName] = []
    private var tooDeep = false

    static let maxErrors = 20

    private struct FunctionScope {
        /// Innermost block last; the first holds the parameters.
        var blocks: [[String: Int]] = [[:]]
        var frameSize = 0
        var captures: [Access] = []
        var captureIndex: [Access: Int] = [:]
        /// A named function's own name, visible in its body.
        var selfName: String?
    }

    /// The built-in functions' names and their indexes in the runtime's table.
    struct BuiltinNames {
        var index: [String: Int]
    }

    private let builtins: BuiltinNames

    init(names: NameTable, builtins: BuiltinNames, stackLimit: UInt = 0) {
        self.builtins = builtins
        var names = names
        names.generation += 1
        self.generation = names.generation
        self.names = names
        self.stackLimit = stackLimit
    }

    // MARK: Programs and statements

    mutating func resolve(_ program: [Stmt]) -> [ResolvedStatement] {
        var program = program
        return resolve(consuming: &program)
    }

    /// Resolves `program`, letting go of each statement's syntax tree once it
    /// is resolved (what the resolved statement still refers to stays), so
    /// that a long script never holds both whole trees at once.
    mutating func resolve(consuming program: inout [Stmt]) -> [ResolvedStatement] {
        var functionSlots: [Int: Int] = [:]
        for (i, statement) in program.enumerated() {
            if case .function(let id, _, _, _) = statement {
                let slot = allocateGlobal()
                functionSlots[i] = slot
                laterFunctions[id.name, default: []].append((i, slot))
            }
        }
        var resolved: [ResolvedStatement] = []
        resolved.reserveCapacity(program.count)
        // What a resolved statement leaves in the program: one per call, not
        // a global, because a global indirect-enum value keeps its case in
        // its box pointer's spare bits and LeakSanitizer then reports the box.
        let spent = Stmt.compare([], rows: [], .none)
        for i in program.indices {
            let statement = program[i]
            program[i] = spent
            statementIndex = i
            resetScopes()
            pending = []
            pendingScenarios = []
            let dealBefore = names.currentDeal, modelBefore = names.currentModel, clauseCount = names.clauses.count
            globalReads = []
            readsMembers = false
            let (key, isModel) = definition(of: statement)
            var r: ResolvedStmt
            if case .function(let id, let params, let body, _) = statement, let slot = functionSlots[i] {
                bindGlobal(id.name, slot: slot)
                r = .function(.global(slot), function(id.name, params, body, span: statement.span, selfName: id.name))
            } else {
                r = self.statement(statement)
            }
            if case .scenario(var scenario) = r {
                // A scenario's tails run in frames the size of its statement's.
                Resolver.setTailFrames(&scenario, scopes[0].frameSize)
                r = .scenario(scenario)
            }
            var usesDomain = readsMembers
            if case .domain = statement { usesDomain = true }
            resolved.append(ResolvedStatement(statement: r, span: statement.span, key: key, isModel: isModel,
                                              dealBefore: dealBefore, modelBefore: modelBefore,
                                              clausesBefore: clauseCount,
                                              reads: globalReads ?? [], usesDomain: usesDomain,
                                              frameSize: scopes[0].frameSize, bindings: pending,
                                              scenarios: pendingScenarios))
        }
        scopes = []
        globalReads = nil
        return resolved
    }

    /// What a top-level statement defines (SPEC §8): a binding's name with
    /// how many times it was bound before, a domain clause of the current
    /// entity, or nothing (then its order among such statements); and
    /// whether scenarios re-run it as part of the model. Updates the current
    /// deal and model as the statement will.
    private mutating func definition(of statement: Stmt) -> (DefinitionKey, isModel: Bool) {
        func binding(_ name: String) -> DefinitionKey {
            let ordinal = names.bindCounts[name, default: 0]
            names.bindCounts[name] = ordinal + 1
            return .binding(name, ordinal: ordinal)
        }
        func unnamed() -> DefinitionKey {
            defer { names.unnamedCount += 1 }
            return .statement(names.unnamedCount)
        }
        switch statement {
        case .letBinding(let id, _, _), .function(let id, _, _, _):
            return (binding(id.name), true)
        case .set:
            return (unnamed(), true)
        case .print, .assert, .expression, .scenario, .compare:
            return (unnamed(), false)
        case .domain(let d, _):
            if case .deal(let id, _, _) = d { names.currentDeal = id.name }
            if case .model(let id, _) = d { names.currentModel = id.name }
            switch d {
            case .timeline, .report: return (unnamed(), false)
            default: break
            }
            guard let key = Resolver.clauseKey(of: d, deal: names.currentDeal, model: names.currentModel) else {
                return (unnamed(), true)
            }
            names.clauses.append(key)
            return (key, true)
        }
    }

    /// One empty top-level scope, reusing the storage the last statement's
    /// had (a fresh one costs two allocations per statement).
    private mutating func resetScopes() {
        if scopes.count == 1, scopes[0].frameSize == 0, scopes[0].blocks.count == 1, scopes[0].blocks[0].isEmpty,
           scopes[0].captures.isEmpty, scopes[0].selfName == nil {
            return  // still empty: most statements open no block
        }
        guard scopes.count == 1 else {
            scopes = [FunctionScope()]
            return
        }
        scopes[0].blocks.removeAll(keepingCapacity: true)
        scopes[0].blocks.append([:])
        scopes[0].frameSize = 0
        if !scopes[0].captures.isEmpty { scopes[0].captures = [] }
        if !scopes[0].captureIndex.isEmpty { scopes[0].captureIndex = [:] }
        scopes[0].selfName = nil
    }

    /// Undoes what `statements` (a failed one and those after it, which did
    /// not run) took of the definition keys, so the next statements get the
    /// keys they would have had without them (a failed statement changes
    /// nothing, its random draws included).
    static func rollBackKeys(of statements: [ResolvedStatement], in table: inout NameTable) {
        guard let first = statements.first else { return }
        table.currentDeal = first.dealBefore
        table.currentModel = first.modelBefore
        for statement in statements {
            switch statement.key {
            case .binding(let name, let ordinal):
                table.bindCounts[name] = min(table.bindCounts[name] ?? ordinal, ordinal)
            case .statement(let n):
                table.unnamedCount = min(table.unnamedCount, n)
            case .clause:
                if table.clauses.count > statement.clausesBefore {
                    table.clauses.removeSubrange(statement.clausesBefore...)
                }
            }
        }
    }

    /// The names a successful statement bound become the session's.
    static func commit(_ bindings: [BoundName], to table: inout NameTable) {
        for bound in bindings { table.bindings[bound.name] = bound.binding }
    }

    private var atTopLevel: Bool { scopes.count == 1 && scopes[0].blocks.count == 1 }

    private mutating func statement(_ statement: Stmt) -> ResolvedStmt {
        switch statement {
        case .letBinding(let id, let value, _):
            let r = expr(value)
            return .bind(bind(id.name), r)
        case .function(let id, let params, let body, let span):
            // A local function: its own name is visible in its body through
            // `selfName`, so the slot is bound afterwards.
            let template = function(id.name, params, body, span: span, selfName: id.name)
            return .function(bind(id.name), template)
        case .print(let values, _):
            return .print(values.map { expr($0) })
        case .assert(let condition, let message, let span):
            return .assert(ResolvedAssert(condition: expr(condition), message: message.map { expr($0) },
                                          conditionSpan: condition.span, span: span))
        case .expression(let e, _):
            return .expression(expr(e))
        case .set(let id, let value, let span):
            guard atStatementLevel else { return notInBlock("set", span) }
            return setting(id, value, span: span)
        case .domain(let d, let span):
            guard atStatementLevel else { return notInBlock(d.word.rawValue, span) }
            return domain(d, span: span)
        case .scenario(let id, let parent, let body, let span):
            guard atTopLevel else { return notInBlock("scenario", span) }
            // `scenario worse in bear` is reached as bear.worse: it binds no name.
            return .scenario(scenario(id, parent: parent, body, span: span, bindName: parent.isEmpty))
        case .compare(let ids, let rows, let span):
            guard atStatementLevel else { return notInBlock("compare", span) }
            let columns = ids.map { id -> ScenarioColumn in
                let path = id.name.split(separator: ".").map(String.init)
                let first = Identifier(path[0], id.span)
                return ScenarioColumn(name: id, access: id.name == ScenarioColumn.base ? nil : reference(first),
                                      path: Array(path.dropFirst()))
            }
            var resolvedRows: [CompareRow] = []
            for row in rows { if let r = compareRow(row) { resolvedRows.append(r) } }
            return .compare(ResolvedCompare(columns: columns, rows: resolvedRows, span: span))
        }
    }

    // MARK: Scenarios (SPEC §8)

    /// The scenario whose body is being resolved: its path of names.
    private var scenarioPath: [String] = []
    /// Scenario bodies resolved by the current top-level statement, with the
    /// names each binds; committed with the statement's bindings.
    private var pendingScenarios: [ScenarioNames] = []

    /// `scenario name [in parent] { … }` (SPEC §8). Each statement of the
    /// body is classified here, where a typo is reported: a `let` or `fn` of
    /// a name the model binds, or a domain clause the model states,
    /// overrides that definition (resolved apart, as if it stood where the
    /// original does); a nested `scenario` builds on this one; everything
    /// else is the tail, run after the model in the scenario, as a block of
    /// this statement's frame. Names an earlier body of the same scenario
    /// bound are declared first (the scenario re-opens with them).
    private mutating func scenario(_ id: Identifier, parent: [Identifier], _ body: [Stmt], span: SourceSpan,
                                   bindName: Bool, within: [String] = [],
                                   inherited: [(name: String, slot: Int)] = []) -> ResolvedScenario {
        if id.name == ScenarioColumn.base {
            report(LocatedError("'base' is reserved: in 'compare' it means the model without overrides",
                                at: id.span, help: "call the scenario something else, e.g. scenario bear { … }", kind: .name))
        }
        var parentPath = within
        if !parent.isEmpty {
            parentPath = parent.map(\.name)
            if names.scenarios[parentPath] == nil {
                let known = names.scenarios.keys.map { $0.joined(separator: ".") }
                report(LocatedError("unknown scenario '\(parentPath.joined(separator: "."))'", at: parent[0].span,
                                    help: Suggestions.didYouMean(parentPath.joined(separator: "."), among: Set(known))
                                        ?? "declare it first: scenario \(parent[0].name) { … }", kind: .name))
            }
        }
        let path = parentPath + [id.name]
        let savedBlock = scenarioBlock
        scopes[0].blocks.append([:])
        scenarioBlock = scopes[0].blocks.count - 1
        let known = names.scenarios[path] ?? []
        var preload = inherited
        for name in known where !inherited.contains(where: { $0.name == name }) {
            if case .local(let slot) = bind(name) { preload.append((name, slot)) }
        }
        var overrides: [ResolvedOverride] = []
        var nested: [ResolvedScenario] = []
        var tail: [ResolvedStmt] = []
        var deal = names.currentDeal, model = names.currentModel
        for statement in body {
            switch statement {
            case .letBinding(let name, let value, let statementSpan) where overridable(name.name):
                let slot = names.bindings[name.name]?.slot ?? 0
                let key = DefinitionKey.binding(name.name, ordinal: max(0, names.bindCounts[name.name, default: 1] - 1))
                let apart = resolveApart { $0.expr(value) }
                overrides.append(ResolvedOverride(
                    key: key,
                    statement: ResolvedStatement(statement: .bind(.global(slot), apart.result), span: statementSpan,
                                                 key: key, isModel: true, frameSize: apart.frameSize, bindings: []),
                    usesOriginal: apart.reads.contains(slot)))
            case .function(let name, let parameters, let functionBody, let statementSpan) where overridable(name.name):
                let slot = names.bindings[name.name]?.slot ?? 0
                let key = DefinitionKey.binding(name.name, ordinal: max(0, names.bindCounts[name.name, default: 1] - 1))
                let apart = resolveApart {
                    $0.function(name.name, parameters, functionBody, span: statementSpan, selfName: name.name)
                }
                overrides.append(ResolvedOverride(
                    key: key,
                    statement: ResolvedStatement(statement: .function(.global(slot), apart.result),
                                                 span: statementSpan, key: key, isModel: true,
                                                 frameSize: apart.frameSize, bindings: []),
                    usesOriginal: false))
            case .domain(let d, let statementSpan):
                if case .deal(let dealName, _, _) = d { deal = dealName.name }
                if case .model(let modelName, _) = d { model = modelName.name }
                if let key = Resolver.clauseKey(of: d, deal: deal, model: model), statedClauses.contains(key) {
                    let apart = resolveApart(reusingGlobals: true) { $0.domain(d, span: statementSpan) }
                    overrides.append(ResolvedOverride(
                        key: key,
                        statement: ResolvedStatement(statement: apart.result, span: statementSpan, key: key,
                                                     isModel: true, frameSize: apart.frameSize, bindings: []),
                        usesOriginal: apart.readsMembers))
                } else {
                    tail.append(self.statement(statement))
                }
            case .scenario(let inner, let innerParent, let innerBody, let innerSpan):
                if !innerParent.isEmpty {
                    report(LocatedError("a scenario inside '\(id.name)' builds on it; drop 'in'", at: innerSpan, kind: .syntax))
                }
                let visible = scopes[0].blocks[scopes[0].blocks.count - 1].map { (name: $0.key, slot: $0.value) }
                nested.append(scenario(inner, parent: [], innerBody, span: innerSpan, bindName: false, within: path,
                                       inherited: preload + visible))
            default:
                tail.append(self.statement(statement))
            }
        }
        let block = scopes[0].blocks[scopes[0].blocks.count - 1]
        var exported = known
        for name in block.keys.sorted() where !known.contains(name) { exported.append(name) }
        let exports = exported.compactMap { name in block[name].map { (name: name, slot: $0) } }
        scopes[0].blocks.removeLast()
        scenarioBlock = savedBlock
        names.scenarios[path] = exported
        pendingScenarios.append(ScenarioNames(path: path, names: exported))
        let binding = bindName ? bind(path[0]) : nil
        // The tails run in frames of this statement's size, fixed up by the caller.
        return ResolvedScenario(name: id, path: path, binding: binding, overrides: overrides,
                                tail: ScenarioTail(statements: tail, frameSize: 0, preload: preload, exports: exports),
                                nested: nested, span: span)
    }

    static func setTailFrames(_ scenario: inout ResolvedScenario, _ size: Int) {
        scenario.tail.frameSize = size
        for i in scenario.nested.indices { setTailFrames(&scenario.nested[i], size) }
    }

    /// The clauses the model states, as a set (made when a scenario asks).
    private var statedClauses: Set<DefinitionKey> {
        mutating get {
            if statedCache.count != names.clauses.count { statedCache = (names.clauses.count, Set(names.clauses)) }
            return statedCache.set
        }
    }
    private var statedCache: (count: Int, set: Set<DefinitionKey>) = (0, [])

    /// Whether `let name` or `fn name` in a scenario body overrides the
    /// model's definition: the model binds the name, and the body has not
    /// bound it itself.
    private func overridable(_ name: String) -> Bool {
        guard names.bindings[name] != nil else { return false }
        return scopes[0].blocks.dropFirst().allSatisfy { $0[name] == nil }
    }

    /// Resolves part of a scenario body as if it were a top-level statement
    /// of its own (an override runs where its original stood), noting the
    /// global slots it reads and whether it reads members. With
    /// `reusingGlobals`, a name it declares is the model's binding of it.
    private mutating func resolveApart<T>(reusingGlobals: Bool = false, _ body: (inout Resolver) -> T)
        -> (result: T, frameSize: Int, reads: Set<Int>, readsMembers: Bool) {
        let savedScopes = scopes, savedBlock = scenarioBlock, savedReads = globalReads
        let savedMembers = readsMembers, savedReuse = reuseGlobals
        scopes = [FunctionScope()]
        scenarioBlock = nil
        globalReads = []
        readsMembers = false
        reuseGlobals = reusingGlobals
        let result = body(&self)
        let apart = (result, scopes[0].frameSize, Set(globalReads ?? []), readsMembers)
        scopes = savedScopes
        scenarioBlock = savedBlock
        globalReads = savedReads
        readsMembers = savedMembers
        reuseGlobals = savedReuse
        return apart
    }

    /// While resolving an override: the global slots read, and whether a
    /// member is read (nil when not recording).
    private var globalReads: [Int]?
    private var readsMembers = false
    /// While resolving a domain override: a declared name is the model's binding.
    private var reuseGlobals = false

    /// `v` or `cursor.close` after `compare …:`.
    private mutating func compareRow(_ e: Expr) -> CompareRow? {
        var members: [Identifier] = []
        var current = e
        while case .member(let base, let member, _) = current {
            members.insert(member, at: 0)
            current = base
        }
        guard case .name(let id) = current else {
            report(LocatedError("a row of 'compare' is a name or a member, like v or cursor.close", at: e.span, kind: .syntax))
            return nil
        }
        let label = ([id.name] + members.map(\.name)).joined(separator: ".")
        return CompareRow(label: label, name: id, members: members)
    }

    /// The definition a domain clause restates (SPEC §8): the clause of the
    /// current deal or model, or of the entity it names; nil for statements
    /// that are not clauses (`company`, `merge`, `event`, re-opening a deal).
    static func clauseKey(of d: DomainStmt, deal: String?, model: String?) -> DefinitionKey? {
        func clause(_ entity: String?, _ clause: String) -> DefinitionKey? {
            entity.map { DefinitionKey.clause(entity: $0, clause: clause) }
        }
        switch d {
        case .deal(let id, let price, _): return price == nil ? nil : clause(id.name, "price")
        case .model(let id, _): return clause(id.name, "model")
        case .buyer: return clause(deal, "buyer")
        case .target: return clause(deal, "target")
        case .announce: return clause(deal, "announce")
        case .close: return clause(deal, "close")
        case .breakup: return clause(deal, "breakup")
        case .convert: return clause(deal, "convert")
        case .outcome: return clause(deal, "outcome")
        case .condition(let name, _): return clause(deal, name.name)
        case .modelClause: return clause(model, d.word.rawValue)
        case .score(let model, let benchmark, _): return clause(model.name, "score on \(benchmark.name)")
        case .departures(let company, _, _): return clause(company.name, "departures")
        case .company, .benchmark, .merge, .event, .timeline, .report: return nil
        }
    }

    /// The block index of the scenario body being resolved, if any: its
    /// statements may be settings and domain statements, like top-level ones.
    private var scenarioBlock: Int?

    private var atStatementLevel: Bool {
        atTopLevel || scopes.count == 1 && scenarioBlock == scopes[0].blocks.count - 1
    }

    private mutating func notInBlock(_ word: String, _ span: SourceSpan) -> ResolvedStmt {
        report(LocatedError("'\(word)' can only be used at the top level, not inside a block", at: span, kind: .syntax))
        return .unavailable(Unavailable(message: "'\(word)' can only be used at the top level", span: span, kind: .syntax))
    }

    private mutating func setting(_ id: Identifier, _ value: Expr, span: SourceSpan) -> ResolvedStmt {
        guard let setting = Setting(rawValue: id.name) else {
            report(LocatedError("unknown setting '\(id.name)'", at: id.span,
                                help: Suggestions.didYouMean(id.name, among: Setting.allCases.map(\.rawValue))
                                    ?? "the settings are samples, seed, fiscal_year_start and today", kind: .syntax))
            return .unavailable(Unavailable(message: "unknown setting", span: span, kind: .syntax))
        }
        switch setting {
        case .fiscalYearStart:
            if case .name(let m) = value, let month = CalendarMath.month(named: m.name) {
                return .setFiscalYearStart(month: month)
            }
            report(LocatedError("'fiscal_year_start' needs a month name", at: value.span,
                                help: "for example: set fiscal_year_start July", kind: .type))
            return .unavailable(Unavailable(message: "bad setting", span: span, kind: .type))
        case .samples, .seed, .today:
            return .setNumber(ResolvedSetting(setting: setting, value: expr(value), valueSpan: value.span))
        }
    }

    // MARK: Domain statements (SPEC §6; evaluated from issue 3 on)

    private mutating func domain(_ d: DomainStmt, span: SourceSpan) -> ResolvedStmt {
        // Expressions first: in `deal cursor at cursor.price * 1.1` the name
        // still means the deal bound before.
        func argument(_ e: Expr) -> DomainExpression { DomainExpression(expression: expr(e), span: e.span) }
        func clause(_ c: ModelClause) -> ResolvedModelClause {
            switch c {
            case .by(let company):
                _ = entity(company, "company")
                return .by(company)
            case .params(let e): return .params(argument(e))
            case .trained(let e): return .trained(argument(e))
            case .release(let e): return .release(argument(e))
            }
        }
        let statement: ResolvedDomainStatement
        switch d {
        case .company(let id, let display):
            statement = .company(id, displayName: display, EntityBinding(name: id.name, access: bind(id.name)))
        case .benchmark(let id, let display):
            statement = .benchmark(id, displayName: display, EntityBinding(name: id.name, access: bind(id.name)))
        case .merge(let a, let b, let on, let newID, let display):
            let date = on.map(argument)
            var bindings: [EntityBinding] = []
            for id in [a, b] {
                if let access = entity(id, "company") { bindings.append(EntityBinding(name: id.name, access: access)) }
            }
            if let newID { bindings.append(EntityBinding(name: newID.name, access: bind(newID.name))) }
            statement = .merge(ResolvedMerge(absorbed: a, survivor: b, date: date, newName: newID,
                                             displayName: display, bindings: bindings))
        case .deal(let id, let price, let consideration):
            let value = price.map(argument)
            var binding: EntityBinding?
            if price != nil {
                binding = EntityBinding(name: id.name, access: bind(id.name))
            } else {
                _ = entity(id, "deal", declare: "a new deal needs a price: deal \(id.name) at PRICE")
            }
            statement = .deal(ResolvedDeal(id: id, price: value, consideration: consideration, binding: binding))
        case .buyer(let c):
            _ = entity(c, "company")
            statement = .party(.buyer, c)
        case .target(let c):
            _ = entity(c, "company")
            statement = .party(.target, c)
        case .announce(let e):
            statement = .announce(argument(e))
        case .close(let e):
            statement = .close(argument(e))
        case .breakup(let e, let payer):
            statement = .breakup(argument(e), paidBy: payer)
        case .condition(let name, let p):
            statement = .condition(name, probability: p.map(argument))
        case .convert(let into, let at):
            let share = argument(into)
            statement = .convert(share: share, valuation: at.map(argument))
        case .outcome(let closed, let e, let feePaid):
            statement = .outcome(closed: closed, date: argument(e), feePaid: feePaid)
        case .model(let id, let clauses):
            let resolved = clauses.map(clause)
            statement = .model(ResolvedModel(id: id, clauses: resolved,
                                             binding: EntityBinding(name: id.name, access: bind(id.name))))
        case .modelClause(let c):
            statement = .modelClause(clause(c))
        case .score(let model, let benchmark, let value):
            let resolved = argument(value)
            // `score` declares the model and the benchmark when they are new.
            var bindings: [EntityBinding] = []
            for id in [model, benchmark] where lookupLocal(id.name) == nil && lookupGlobal(id) == nil {
                bindings.append(EntityBinding(name: id.name, access: bind(id.name)))
            }
            statement = .score(ResolvedScore(model: model, benchmark: benchmark, value: resolved, bindings: bindings))
        case .departures(let company, let count, let since):
            let n = argument(count), date = since.map(argument)
            _ = entity(company, "company")
            statement = .departures(ResolvedDepartures(company: company, count: n, since: date))
        case .event(let date, let text):
            let d = argument(date)
            statement = .event(date: d, text: argument(text))
        case .timeline:
            statement = .timeline
        case .report:
            statement = .report
        }
        return .domain(ResolvedDomain(statement: statement, span: span))
    }

    /// A name a domain clause refers to; unknown, it is reported as an
    /// unknown entity of its kind with how to declare it.
    private mutating func entity(_ id: Identifier, _ kind: String, declare: String? = nil) -> Access? {
        if let local = lookupLocal(id.name) { return local }
        if let slot = lookupGlobal(id) { return .global(slot) }
        let hint = declare ?? "declare it first: \(kind) \(id.name)"
        let help = Suggestions.didYouMean(id.name, among: namesInScope()).map { "\($0) (\(hint))" } ?? hint
        report(LocatedError("unknown \(kind) '\(id.name)'", at: id.span, help: help, kind: .name))
        return nil
    }

    // MARK: Expressions

    private mutating func expr(_ e: Expr) -> ResolvedExpr {
        if tooDeep { return .unavailable(Unavailable(message: "nested too deeply", span: e.span, kind: .limit)) }
        if stackLimit != 0, StackGuard.currentAddress() < stackLimit {
            tooDeep = true
            report(LocatedError("expression nested too deeply", at: e.span,
                                help: "split it into smaller parts with 'let'", kind: .limit))
            return .unavailable(Unavailable(message: "nested too deeply", span: e.span, kind: .limit))
        }
        switch e {
        case .literal(let literal, _):
            return Resolver.literal(literal)
        case .string(let parts, let span):
            var resolved: [ResolvedStringPart] = []
            var allText = true
            for part in parts {
                switch part {
                case .text(let s): resolved.append(.text(s))
                case .interpolation(let inner):
                    allText = false
                    resolved.append(.value(expr(inner)))
                }
            }
            if allText {
                return .constant(.string(resolved.map { if case .text(let s) = $0 { s } else { "" } }.joined()))
            }
            return .string(ResolvedInterpolation(parts: resolved, span: span))
        case .name(let id):
            return name(id, isCallee: false)
        case .list(let items, let span):
            return .list(ResolvedList(items: items.map { expr($0) }, span: span))
        case .unary(.negate, let operand, let span):
            return .negate(ResolvedUnary(operand: expr(operand), operandSpan: operand.span, span: span))
        case .unary(.not, let operand, let span):
            return .not(ResolvedUnary(operand: expr(operand), operandSpan: operand.span, span: span))
        case .binary(let op, let l, let r, _, let span):
            let left = expr(l), right = expr(r)
            return .binary(ResolvedBinary(op: op, left: left, right: right, leftSpan: l.span, rightSpan: r.span,
                                          span: span))
        case .chain(let c):
            return chain(c)
        case .call(let callee, let args, let span):
            let resolvedCallee: ResolvedExpr
            var calleeName: String?
            switch callee {
            case .name(let id):
                resolvedCallee = name(id, isCallee: true)
                calleeName = id.name
            case .member(_, let member, _):
                resolvedCallee = expr(callee)
                calleeName = member.name
            default:
                resolvedCallee = expr(callee)
            }
            let site = CallSite(span: span, calleeSpan: callee.span, calleeName: calleeName,
                                argumentSpans: args.map(\.span))
            return .call(ResolvedCall(callee: resolvedCallee, arguments: args.map { expr($0) }, site: site))
        case .member(let base, let member, let span):
            readsMembers = true
            return .member(ResolvedMember(base: expr(base), name: member, span: span))
        case .index(let base, let index, let span):
            return .index(ResolvedIndex(base: expr(base), index: expr(index), indexSpan: index.span, span: span))
        case .ifElse(let c, let t, let f, _):
            return .ifElse(ResolvedConditional(condition: expr(c), then: expr(t), otherwise: expr(f),
                                               conditionSpan: c.span))
        case .lambda(let params, let body, let span):
            return .lambda(function("fn", params, body, span: span, selfName: nil))
        case .block(let statements, let span):
            return block(statements, span: span)
        case .record(let fields, let span):
            checkUnique(fields)
            return .record(ResolvedRecord(names: fields.map(\.name.name), values: fields.map { expr($0.value) },
                                          span: span))
        case .recordUpdate(let base, let fields, let span):
            checkUnique(fields)
            return .recordUpdate(ResolvedRecordUpdate(base: expr(base), baseSpan: base.span,
                                                      fields: fields.map(\.name),
                                                      values: fields.map { expr($0.value) }, span: span))
        }
    }

    /// A record names each field once.
    private mutating func checkUnique(_ fields: [RecordField]) {
        var seen: Set<String> = []
        for field in fields where !seen.insert(field.name.name).inserted {
            report(LocatedError("the field '\(field.name.name)' is given twice", at: field.name.span, kind: .name))
        }
    }

    /// Chains up to this many operators become nested `.binary` nodes, the
    /// shape the compiler's fast paths know; longer ones one `.chain` node,
    /// so that neither compiling, running nor releasing them recurses once
    /// per operator. (A variable so that tests can run either form.)
    var maxNestedChain = 16

    /// A chain's operands, resolved left to right (the order the nested
    /// tree would take them in).
    private mutating func chain(_ c: BinaryChain) -> ResolvedExpr {
        var result = expr(c.first)
        if c.links.count > maxNestedChain {
            var links: [ResolvedLink] = []
            links.reserveCapacity(c.links.count)
            for (i, link) in c.links.enumerated() {
                links.append(ResolvedLink(op: link.op, right: expr(link.right), leftSpan: c.leftSpan(of: i),
                                          rightSpan: link.right.span, span: c.span(through: i)))
            }
            return .chain(ResolvedChain(first: result, links: links))
        }
        for (i, link) in c.links.enumerated() {
            result = .binary(ResolvedBinary(op: link.op, left: result, right: expr(link.right),
                                            leftSpan: c.leftSpan(of: i), rightSpan: link.right.span,
                                            span: c.span(through: i)))
        }
        return result
    }

    static func literal(_ literal: Literal) -> ResolvedExpr {
        switch literal {
        case .number(let x): .constant(.number(x))
        case .money(let x, let currency): .constant(.money(x, currency: currency))
        case .percent(let x): .constant(.percent(x))
        case .points(let x): .constant(.points(x))
        case .duration(let d): .constant(.duration(d))
        case .date(let d): .constant(.date(d))
        case .period(.fiscalYear(let year)): .fiscalYear(year)
        case .period(let p): .constant(.period(Period(p)))
        case .bool(let b): .constant(.bool(b))
        }
    }

    private mutating func block(_ statements: [Stmt], span: SourceSpan) -> ResolvedExpr {
        guard let last = statements.last else {
            report(LocatedError("a block must end with an expression", at: span, kind: .syntax))
            return .unavailable(Unavailable(message: "empty block", span: span, kind: .syntax))
        }
        scopes[scopes.count - 1].blocks.append([:])
        defer { scopes[scopes.count - 1].blocks.removeLast() }
        let body = statements.dropLast().map { statement($0) }
        guard case .expression(let value, _) = last else {
            report(LocatedError("a block must end with an expression", at: last.span,
                                help: "its value is the value of its last line", kind: .syntax))
            return .unavailable(Unavailable(message: "block without a value", span: span, kind: .syntax))
        }
        return .block(ResolvedBlock(statements: body, value: expr(value)))
    }

    private mutating func function(_ name: String, _ params: [Identifier], _ body: Expr,
                                   span: SourceSpan, selfName: String?) -> FunctionTemplate {
        let template = FunctionTemplate(name: name, parameters: params.map(\.name), span: span)
        var scope = FunctionScope()
        scope.selfName = selfName
        for p in params {
            if scope.blocks[0][p.name] != nil {
                report(LocatedError("duplicate parameter '\(p.name)'", at: p.span, kind: .name))
            }
            scope.blocks[0][p.name] = scope.frameSize
            scope.frameSize += 1
        }
        scopes.append(scope)
        template.body = expr(body)
        let done = scopes.removeLast()
        template.captures = done.captures
        template.frameSize = done.frameSize
        return template
    }

    // MARK: Names

    /// Binds a name in the innermost scope: a new global slot at top level,
    /// else a new local slot of the current frame (never reused, so a
    /// function created earlier keeps the value it captured).
    private mutating func bind(_ name: String) -> Access {
        if reuseGlobals, atTopLevel, let bound = names.bindings[name] { return .global(bound.slot) }
        if atTopLevel {
            let slot = allocateGlobal()
            bindGlobal(name, slot: slot)
            return .global(slot)
        }
        let level = scopes.count - 1
        let slot = scopes[level].frameSize
        scopes[level].frameSize += 1
        scopes[level].blocks[scopes[level].blocks.count - 1][name] = slot
        return .local(slot)
    }

    private mutating func allocateGlobal() -> Int {
        defer { names.slotCount += 1 }
        return names.slotCount
    }

    private mutating func bindGlobal(_ name: String, slot: Int) {
        let binding = GlobalBinding(slot: slot, generation: generation)
        names.bindings[name] = binding
        pending.append(BoundName(name: name, binding: binding))
    }

    private mutating func name(_ id: Identifier, isCallee: Bool) -> ResolvedExpr {
        guard let access = reference(id, isCallee: isCallee) else {
            return .unavailable(Unavailable(message: "unknown name", span: id.span, kind: .name))
        }
        return .name(ResolvedName(access: access, id: id))
    }

    /// Resolves a use of a name; reports it when unknown.
    private mutating func reference(_ id: Identifier, isCallee: Bool = false) -> Access? {
        if let local = lookupLocal(id.name) { return local }
        if let slot = lookupGlobal(id) {
            if globalReads?.last != slot { globalReads?.append(slot) }
            return .global(slot)
        }
        if let builtin = builtins.index[id.name] {
            if id.name == "score" { readsMembers = true }  // reads the domain
            return .builtin(builtin)
        }
        if laterFunctions[id.name]?.contains(where: { $0.index > statementIndex }) == true {
            report(LocatedError("'\(id.name)' is used before it is defined", at: id.span,
                                help: "move 'fn \(id.name)' above its first use", kind: .name))
            return nil
        }
        let what = isCallee ? "function" : "name"
        report(LocatedError("unknown \(what) '\(id.name)'", at: id.span,
                            help: Suggestions.didYouMean(id.name, among: namesInScope()), kind: .name))
        return nil
    }

    private mutating func lookupLocal(_ name: String) -> Access? {
        lookupLocal(name, level: scopes.count - 1)
    }

    /// Looks a name up in the frames of enclosing functions; a name found in
    /// an outer frame becomes a capture of every function in between.
    private mutating func lookupLocal(_ name: String, level: Int) -> Access? {
        guard level >= 0 else { return nil }
        for block in scopes[level].blocks.reversed() {
            if let slot = block[name] { return .local(slot) }
        }
        if scopes[level].selfName == name { return .currentFunction }
        guard level > 0, let outer = lookupLocal(name, level: level - 1) else { return nil }
        if let index = scopes[level].captureIndex[outer] { return .capture(index) }
        let index = scopes[level].captures.count
        scopes[level].captures.append(outer)
        scopes[level].captureIndex[outer] = index
        return .capture(index)
    }

    /// The binding in effect; inside a function body, a top-level `fn` of
    /// this program declared later also counts, and wins over a binding
    /// left by an earlier run (so re-loading a file behaves like loading it).
    private func lookupGlobal(_ id: Identifier) -> Int? {
        let bound = names.bindings[id.name]
        if let bound, bound.generation == generation { return bound.slot }
        if scopes.count > 1, let later = laterFunctions[id.name]?.first(where: { $0.index > statementIndex }) {
            return later.slot
        }
        return bound?.slot
    }

    private func namesInScope() -> Set<String> {
        var all = Set(names.bindings.keys)
        for scope in scopes {
            for block in scope.blocks { all.formUnion(block.keys) }
            if let s = scope.selfName { all.insert(s) }
        }
        if scopes.count > 1 { all.formUnion(laterFunctions.keys) }
        all.formUnion(builtins.index.keys)
        all.formUnion(["true", "false"])
        return all
    }

    private mutating func report(_ error: LocatedError) {
        if errors.count < Resolver.maxErrors { errors.append(error) }
    }
}
