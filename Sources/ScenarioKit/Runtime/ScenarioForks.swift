// What-if forks of the session state (SPEC §8).
//
// `scenario bear { … }` runs its body on a copy of the current state: the
// settings, the random stream, the domain (every company, deal, model and
// event) and, through the resolver, the bindings. The body's own `let`s
// are locals of the statement's frame; when the body ends they are kept by
// name in the scenario, and a re-opened body starts from them. The outer
// state is restored whatever happens, so the outer state never changes.
//
// `bear.x` reads a name of the scenario (its own, or one it inherited);
// an entity read that way is marked with the scenario, so that
// `bear.cursor.expected_cost` is computed from bear's copy of the deal.

/// One scenario's state.
struct ScenarioFork {
    var path: [String]
    var settings: Settings
    var random: RandomState
    var domain: DomainState
    /// The names its bodies bound.
    var values: [String: Value] = [:]
    /// The names in scope outside it when its body last ran.
    var inherited: [String: Value] = [:]
}

/// The scenarios of a session, in the order they were made; a scenario's
/// entity id is its index here.
struct ScenarioStore {
    var forks: [ScenarioFork] = []
    /// While a scenario body runs: the domain outside every scenario (what
    /// `compare base` shows). Nil at the top level.
    var base: DomainState?

    func index(of path: [String]) -> Int? {
        forks.firstIndex { $0.path == path }
    }

    func fork(_ id: Int) -> ScenarioFork? {
        id >= 0 && id < forks.count ? forks[id] : nil
    }
}

enum ScenarioForks {
    /// The column name of `compare` that means the state outside every scenario.
    static let base = ScenarioColumn.base
    /// The members `compare` shows for every deal.
    static let compared = ["price", "p_close", "expected_cost", "walk_away"]

    // MARK: Running a body

    static func compile(_ scenario: ResolvedScenario) -> (Frame) throws -> Void {
        let body = scenario.body.map(Compiler.statement)
        return { f in
            let runtime = f.runtime
            var inherited: [String: Value] = [:]
            for (name, access) in scenario.visible {
                if let value = read(access, f) { inherited[name] = value }
            }
            var store = runtime.state.scenarios
            let id: Int
            if let existing = store.index(of: scenario.path) {
                id = existing
            } else {
                id = store.forks.count
                // A new scenario starts from the current state, with a random stream of its own.
                store.forks.append(ScenarioFork(path: scenario.path, settings: runtime.state.settings,
                                                random: RandomState(stream: UInt64(id + 1)),
                                                domain: runtime.domain))
            }
            var fork = store.forks[id]
            for (name, slot) in scenario.preload {
                if let value = fork.values[name] { f[slot] = value }
            }

            let outerSettings = runtime.state.settings, outerRandom = runtime.state.random
            let outerDomain = runtime.domain, outerGlobals = runtime.globals
            let outerBase = store.base
            if store.base == nil { store.base = outerDomain }
            do {
                runtime.state.settings = fork.settings
                runtime.state.random = fork.random
                runtime.state.scenarios = store
                runtime.domain = fork.domain
                defer {
                    // Whatever the body did (a merge re-points names), the outer state is as it was.
                    runtime.domain = outerDomain
                    runtime.globals = outerGlobals
                    runtime.state.settings = outerSettings
                    runtime.state.random = outerRandom
                }
                for statement in body { try statement(f) }
                fork.settings = runtime.state.settings
                fork.random = runtime.state.random
                fork.domain = runtime.domain
            }
            for (name, slot) in scenario.exports { fork.values[name] = f[slot] }
            fork.inherited = inherited
            var after = runtime.state.scenarios
            after.forks[id] = fork
            after.base = outerBase
            runtime.state.scenarios = after
            let value = Value.entity(EntityRef(kind: .scenario, name: scenario.name.name, id: id))
            switch scenario.binding {
            case .global(let slot): if slot < runtime.globals.count { runtime.globals[slot] = value }
            case .local(let slot): f[slot] = value
            case .capture, .currentFunction, .builtin: break
            }
        }
    }

    private static func read(_ access: Access, _ f: Frame) -> Value? {
        switch access {
        case .global(let slot):
            let globals = f.runtime.globals
            return slot < globals.count ? globals[slot] : nil
        case .local(let slot):
            return f[slot]
        case .capture, .currentFunction, .builtin:
            return nil
        }
    }

    // MARK: Reading from a scenario

    /// `x.name` on an entity: a scenario's names, an entity of a scenario
    /// read in that scenario's state, or the domain's own members.
    static func member(of entity: EntityRef, _ name: Identifier, in f: Frame) throws -> Value {
        let runtime = f.runtime
        if entity.kind == .scenario {
            let fork = try self.fork(entity, in: runtime, at: name.span)
            if let value = fork.values[name.name] ?? fork.inherited[name.name] { return rescope(value, entity.id) }
            let known = Array(fork.values.keys) + Array(fork.inherited.keys)
            throw LocatedError("scenario \(entity.name) has no '\(name.name)'", at: name.span,
                               help: Suggestions.didYouMean(name.name, among: known))
        }
        guard let scope = entity.scenario else { return try DomainEvaluation.member(of: entity, name, in: f) }
        var plain = entity
        plain.scenario = nil
        let fork = try self.fork(EntityRef(kind: .scenario, name: "?", id: scope), in: runtime, at: name.span)
        let value = try withState(of: fork, runtime) { try DomainEvaluation.member(of: plain, name, in: f) }
        return rescope(value, scope)
    }

    private static func fork(_ entity: EntityRef, in runtime: Runtime, at span: SourceSpan) throws -> ScenarioFork {
        guard let fork = runtime.state.scenarios.fork(entity.id) else {
            throw LocatedError("scenario \(entity.name) no longer exists", at: span)
        }
        return fork
    }

    /// Runs `body` with the fork's domain and settings in place of the current ones.
    private static func withState<R>(of fork: ScenarioFork, _ runtime: Runtime,
                                     _ body: () throws -> R) rethrows -> R {
        let domain = runtime.domain, settings = runtime.state.settings
        runtime.domain = fork.domain
        runtime.state.settings = fork.settings
        defer {
            runtime.domain = domain
            runtime.state.settings = settings
        }
        return try body()
    }

    /// Marks the entities in a value read from scenario `scope` as its.
    static func rescope(_ value: Value, _ scope: Int) -> Value {
        switch value {
        case .entity(var ref) where ref.kind != .scenario && ref.scenario == nil:
            ref.scenario = scope
            return .entity(ref)
        case .list(let xs) where xs.contains(where: { if case .entity = $0 { true } else { false } }):
            return .list(xs.map { rescope($0, scope) })
        default:
            return value
        }
    }

    /// The domain an entity lives in: a scenario's copy, or the session's.
    static func domain(for entity: EntityRef, in runtime: Runtime) -> DomainState {
        if let scope = entity.scenario, let fork = runtime.state.scenarios.fork(scope) { return fork.domain }
        return runtime.domain
    }

    /// The members `x.` offers when x is a scenario (nil for anything else).
    static func memberNames(of value: Value, in runtime: Runtime) -> [String]? {
        guard case .entity(let entity) = value else { return nil }
        if entity.kind == .scenario {
            guard let fork = runtime.state.scenarios.fork(entity.id) else { return [] }
            return Array(Set(fork.values.keys).union(fork.inherited.keys)).sorted()
        }
        return nil
    }

    // MARK: compare

    /// `compare base, a, b`: for every deal, its price, p_close,
    /// expected_cost and walk_away in one column per scenario, as a table
    /// like `report`'s, one table per deal.
    static func compare(_ columns: [ScenarioColumn], at span: SourceSpan) -> (Frame) throws -> Void {
        { f in
            let runtime = f.runtime
            var domains: [DomainState] = []
            for column in columns {
                guard let access = column.access else {
                    domains.append(runtime.state.scenarios.base ?? runtime.domain)
                    continue
                }
                guard case .entity(let entity)? = read(access, f), entity.kind == .scenario,
                      let fork = runtime.state.scenarios.fork(entity.id) else {
                    throw LocatedError("'\(column.name.name)' is not a scenario", at: column.name.span,
                                       help: "compare scenarios made with 'scenario \(column.name.name) { … }', "
                                           + "or base for the state outside them")
                }
                domains.append(fork.domain)
            }
            var deals: [String] = []
            for domain in domains {
                for entity in domain.entities where entity.kind == .deal && !deals.contains(entity.name) {
                    deals.append(entity.name)
                }
            }
            guard !deals.isEmpty else {
                runtime.output("(no deals)")
                return
            }
            var lines: [String] = []
            for deal in deals {
                var rows = [[deal] + columns.map(\.name.name)]
                for member in compared {
                    rows.append([member] + domains.map { domain in
                        guard let ref = domain.lookup(.deal, deal) else { return "-" }
                        return DomainState.cell((try? domain.member(member, of: ref, at: span)) ?? nil)
                    })
                }
                if !lines.isEmpty { lines.append("") }
                lines += DomainState.table(rows)
            }
            for line in lines { runtime.output(line) }
        }
    }
}
