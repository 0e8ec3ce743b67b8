// Scenarios recompute the model (SPEC §8). A scenario is a set of overrides
// of the model's definitions plus a tail of statements run after the model.
// Reading from it (`bear.v`, `bear.cursor.p_close`, `compare`) evaluates a
// *world*: the model as it stands, each overridden definition replaced where
// it stood, in a runtime of its own, cached until the model or the scenario
// changes. Every definition draws from the random stream of its name
// (`RandomState`), so what no override touches has the same samples in every
// world (common random numbers).

/// A definition of the model a scenario replaces, compiled.
struct CompiledOverride {
    var key: DefinitionKey
    var statement: CompiledStatement
    /// The original runs first, and this reads what it computed.
    var usesOriginal: Bool
}

/// Statements of a scenario body run after the model, in a frame of their own.
struct CompiledTail {
    /// Names the tail apart from every other (to print a body's output once).
    var id: Int
    var statements: [(Frame) throws -> Void]
    var frameSize: Int
    var preload: [(name: String, slot: Int)]
    var exports: [(name: String, slot: Int)]
}

/// One scenario: its place among the scenarios and what its bodies said.
struct ScenarioDefinition {
    var path: [String]
    /// The scenario it builds on (`scenario worse in bear`).
    var parent: Int?
    /// In the order stated: a later override of the same definition wins.
    var overrides: [CompiledOverride] = []
    var tails: [CompiledTail] = []
    /// Changes whenever a body adds to it (re-opening), so its world is
    /// computed again.
    var version = 0
}

/// The scenarios of a session, in the order they were made; a scenario's
/// entity id is its index here. Part of the runtime's state, so a failing
/// `scenario` statement changes nothing.
struct ScenarioStore {
    var definitions: [ScenarioDefinition] = []
    var nextTail = 0

    func index(of path: [String]) -> Int? {
        definitions.firstIndex { $0.path == path }
    }

    /// The scenario and those it builds on, the first first.
    func chain(_ id: Int) -> [Int] {
        var ids: [Int] = []
        var current: Int? = id
        while let c = current, c >= 0, c < definitions.count, !ids.contains(c) {
            ids.insert(c, at: 0)
            current = definitions[c].parent
        }
        return ids
    }
}

/// The model evaluated with a scenario's overrides.
final class ScenarioWorld {
    let runtime: Runtime
    /// The names the scenario's bodies bound.
    var values: [String: Value] = [:]
    let modelCount: Int
    let versions: [Int]

    init(runtime: Runtime, modelCount: Int, versions: [Int]) {
        self.runtime = runtime
        self.modelCount = modelCount
        self.versions = versions
    }
}

/// Reading from a scenario while its world is being computed.
struct SelfReference: Error {
    var error: LocatedError
}

enum Scenarios {
    /// The members `compare` shows for every deal.
    static let compared = ["price", "p_close", "expected_cost", "walk_away"]

    // MARK: Declaring

    static func compile(_ scenario: ResolvedScenario) -> (Frame) throws -> Void {
        let declaration = Declaration(scenario)
        return { f in
            let runtime = f.runtime
            var printing: Set<Int> = []
            let id = declaration.register(in: &runtime.state.scenarios, parent: nil, printing: &printing)
            if case .global(let slot)? = scenario.binding {
                runtime.setGlobal(slot, .entity(EntityRef(kind: .scenario, name: scenario.name.name, id: id)))
            }
            // The body's own statements run now (and print); a typo or an
            // override that breaks the model is an error here.
            for declared in declaration.declared(id, in: runtime.state.scenarios) {
                _ = try world(declared, of: runtime, printing: printing)
            }
        }
    }

    /// A scenario statement compiled once: its overrides, tail and nested
    /// scenarios, added to the store each time the statement runs.
    private final class Declaration {
        let path: [String]
        let overrides: [CompiledOverride]
        let tail: (statements: [(Frame) throws -> Void], frameSize: Int, preload: [(name: String, slot: Int)],
                   exports: [(name: String, slot: Int)])
        let nested: [Declaration]

        init(_ s: ResolvedScenario) {
            path = s.path
            overrides = s.overrides.map {
                CompiledOverride(key: $0.key, statement: Compiler.compile($0.statement), usesOriginal: $0.usesOriginal)
            }
            tail = (s.tail.statements.map(Compiler.statement), s.tail.frameSize, s.tail.preload, s.tail.exports)
            nested = s.nested.map(Declaration.init)
        }

        /// Adds this body to its scenario (made if new), then the nested ones.
        func register(in store: inout ScenarioStore, parent: Int?, printing: inout Set<Int>) -> Int {
            let id: Int
            if let existing = store.index(of: path) {
                id = existing
            } else {
                id = store.definitions.count
                let parentID = parent ?? (path.count > 1 ? store.index(of: Array(path.dropLast())) : nil)
                store.definitions.append(ScenarioDefinition(path: path, parent: parentID))
            }
            let tailID = store.nextTail
            store.nextTail += 1
            printing.insert(tailID)
            store.definitions[id].overrides += overrides
            store.definitions[id].tails.append(CompiledTail(id: tailID, statements: tail.statements,
                                                            frameSize: tail.frameSize, preload: tail.preload,
                                                            exports: tail.exports))
            store.definitions[id].version += 1
            for inner in nested { _ = inner.register(in: &store, parent: id, printing: &printing) }
            return id
        }

        /// This scenario and the nested ones, by id.
        func declared(_ id: Int, in store: ScenarioStore) -> [Int] {
            [id] + nested.compactMap { store.index(of: $0.path) }
        }
    }

    // MARK: Worlds

    /// The world of scenario `id`: computed if the model or the scenario
    /// changed since it last was. Tails whose id is in `printing` print.
    static func world(_ id: Int, of reader: Runtime, printing: Set<Int> = [],
                      at span: SourceSpan = .none) throws -> ScenarioWorld {
        // Read from inside a world, a scenario is still the model's.
        let runtime = reader.base ?? reader
        let store = runtime.state.scenarios
        let chain = store.chain(id)
        let versions = chain.map { store.definitions[$0].version }
        if printing.isEmpty, let cached = runtime.worlds[id], cached.modelCount == runtime.model.count,
           cached.versions == versions {
            return cached
        }
        guard !runtime.computing.contains(id) else {
            throw SelfReference(error: LocatedError(
                "scenario \(store.definitions[id].path.joined(separator: ".")) reads from itself", at: span,
                help: "a statement of its body reads a value of the scenario it is part of", kind: .runtime))
        }
        runtime.computing.insert(id)
        defer { runtime.computing.remove(id) }
        let path = store.definitions[id].path.joined(separator: ".")
        var overrides: [DefinitionKey: CompiledOverride] = [:]
        var order: [DefinitionKey] = []
        for c in chain {
            for o in store.definitions[c].overrides {
                if overrides[o.key] == nil { order.append(o.key) }
                overrides[o.key] = o
            }
        }
        let overridden = order.map(\.description).joined(separator: ", ")
        let w = Runtime(interruptFlag: runtime.interruptFlag)
        w.recordsModel = false
        w.base = runtime
        // What the model does not bind (the scenarios' own names) is as it
        // is outside; every statement of the model binds its names again.
        w.globals = runtime.globals
        w.stackLimit = runtime.stackLimit
        w.parallelism = runtime.parallelism
        w.state.scenarios = store
        func note(_ error: Error) -> Error {
            guard let located = error as? LocatedError else { return error }
            var noted = located
            let why = "in scenario \(path), which overrides \(overridden.isEmpty ? "nothing" : overridden)"
            noted.help = located.help.map { "\($0); \(why)" } ?? why
            return noted
        }
        let plan = self.plan(runtime.model, overrides: overrides, order: order)
        w.domain = plan.domainDirty ? DomainState() : runtime.domain
        do {
            for (index, entry) in runtime.model.enumerated() where plan.runs[index] {
                w.state.settings = entry.settings
                do {
                    if let o = overrides[entry.statement.key] {
                        if o.usesOriginal { _ = try w.execute(entry.statement) }
                        _ = try w.execute(o.statement, continuingDraws: o.usesOriginal)
                    } else if plan.replays[index] {
                        try w.replaying(entry)
                    } else {
                        _ = try w.execute(entry.statement)
                    }
                } catch is SelfReference {
                    // A statement of the model that reads from this very
                    // scenario (`let y = bear.x`) keeps its value in the
                    // scenario's world: it is outside what the scenario changes.
                    continue
                }
            }
            // Overrides change no setting: after the model they are the model's.
            w.state.settings = runtime.state.settings
            // A clause the model does not state is added at its end.
            for key in plan.appended {
                if let o = overrides[key] { _ = try w.execute(o.statement) }
            }
        } catch {
            throw note(error)
        }
        let world = ScenarioWorld(runtime: w, modelCount: runtime.model.count, versions: versions)
        for c in chain {
            for tail in store.definitions[c].tails {
                w.output = printing.contains(tail.id) ? runtime.output : { _ in }
                // A body's own statements draw from a stream of the body's.
                w.state.random = RandomState(stream: nil, draws: 0)
                w.definition = .clause(entity: store.definitions[c].path.joined(separator: "."), clause: "body \(tail.id)")
                do {
                    try w.stack.withTopFrame(size: tail.frameSize) { frame in
                        for (name, slot) in tail.preload {
                            if let value = world.values[name] { frame[slot] = value }
                        }
                        for statement in tail.statements { try statement(frame) }
                        for (name, slot) in tail.exports { world.values[name] = frame[slot] }
                    }
                } catch let reference as SelfReference {
                    throw reference.error
                }
            }
        }
        w.output = { _ in }
        runtime.worlds[id] = world
        return world
    }

    /// Which statements of the model a world runs again: the overridden
    /// ones, those that read a slot a re-run statement binds (through
    /// function bodies too, to a fixed point, since a function may call one
    /// defined later), and — when a domain statement has to run again or a
    /// clause is added — every domain statement and every statement that
    /// reads the domain, from an empty domain. The rest keep the values
    /// they have outside, which the world starts with: they would compute
    /// the very same (same inputs, same random streams).
    static func plan(_ model: [ModelEntry], overrides: [DefinitionKey: CompiledOverride], order: [DefinitionKey])
        -> (runs: [Bool], replays: [Bool], domainDirty: Bool, appended: [DefinitionKey]) {
        // Overrides of definitions the model does not state are added at its end.
        let stated = Set(model.map(\.statement.key))
        let appended = order.filter { !stated.contains($0) }
        var domainDirty = appended.contains { key in
            if case .clause = key { true } else { false }
        }
        var runs = [Bool](repeating: false, count: model.count)
        while true {
            var dirty: Set<Int> = []
            var changed = false
            var domainNow = domainDirty
            for (i, entry) in model.enumerated() {
                let s = entry.statement
                let run = overrides[s.key] != nil || s.reads.contains(where: dirty.contains)
                    || (domainDirty && (s.isDomain || s.usesDomain))
                if run {
                    if !runs[i] { runs[i] = true; changed = true }
                    for bound in s.bindings { dirty.insert(bound.binding.slot) }
                    if s.isDomain { domainNow = true }
                } else if runs[i] {
                    for bound in s.bindings { dirty.insert(bound.binding.slot) }
                }
            }
            if domainNow != domainDirty {
                domainDirty = true
                continue
            }
            if !changed {
                // A domain statement that runs only because the domain is
                // rebuilt applies its arguments as they were: same values,
                // nothing drawn again.
                var replays = [Bool](repeating: false, count: model.count)
                var slots: Set<Int> = []
                for (i, entry) in model.enumerated() where runs[i] {
                    let s = entry.statement
                    if s.isDomain, overrides[s.key] == nil, !s.reads.contains(where: slots.contains) {
                        replays[i] = true
                    } else {
                        for bound in s.bindings { slots.insert(bound.binding.slot) }
                    }
                }
                return (runs, replays, domainDirty, appended)
            }
        }
    }

    // MARK: Reading from a scenario

    /// `x.name` on an entity: a scenario's names, an entity of a scenario
    /// read in that scenario's world, or the domain's own members.
    static func member(of entity: EntityRef, _ name: Identifier, in f: Frame) throws -> Value {
        let runtime = f.runtime
        if entity.kind == .scenario {
            let store = runtime.state.scenarios
            guard entity.id >= 0, entity.id < store.definitions.count else {
                throw LocatedError("scenario \(entity.name) no longer exists", at: name.span, kind: .name)
            }
            let path = store.definitions[entity.id].path
            if let nested = store.index(of: path + [name.name]) {
                return .entity(EntityRef(kind: .scenario, name: name.name, id: nested))
            }
            let world = try self.world(entity.id, of: runtime, at: name.span)
            let names = (runtime.base ?? runtime).modelNames
            if let value = world.values[name.name] ?? names[name.name].flatMap(world.runtime.global) {
                return rescope(value, entity.id)
            }
            throw LocatedError("scenario \(entity.name) has no '\(name.name)'", at: name.span,
                               help: Suggestions.didYouMean(name.name, among: memberNames(entity, runtime)), kind: .name)
        }
        guard let scope = entity.scenario else { return try DomainEvaluation.member(of: entity, name, in: f) }
        var plain = entity
        plain.scenario = nil
        let world = try self.world(scope, of: runtime, at: name.span)
        let value = try withDomain(of: world, runtime) { try DomainEvaluation.member(of: plain, name, in: f) }
        return rescope(value, scope)
    }

    /// Runs `body` with the world's domain and settings in place of the runtime's.
    private static func withDomain<R>(of world: ScenarioWorld, _ runtime: Runtime, _ body: () throws -> R) rethrows -> R {
        let domain = runtime.domain, settings = runtime.state.settings
        runtime.domain = world.runtime.domain
        runtime.state.settings = world.runtime.state.settings
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

    /// The domain an entity lives in: a scenario's world's, or the session's.
    static func domain(for entity: EntityRef, in runtime: Runtime) -> DomainState {
        if let scope = entity.scenario, let world = try? self.world(scope, of: runtime) { return world.runtime.domain }
        return runtime.domain
    }

    private static func memberNames(_ entity: EntityRef, _ runtime: Runtime) -> Set<String> {
        let store = runtime.state.scenarios
        guard entity.id >= 0, entity.id < store.definitions.count else { return [] }
        let path = store.definitions[entity.id].path
        var names = Set((runtime.base ?? runtime).modelNames.keys)
        for c in store.chain(entity.id) {
            for tail in store.definitions[c].tails { names.formUnion(tail.exports.map(\.name)) }
        }
        for d in store.definitions where d.path.count == path.count + 1 && Array(d.path.dropLast()) == path {
            names.insert(d.path[d.path.count - 1])
        }
        return names
    }

    /// The members `x.` offers when x is a scenario (nil for anything else).
    static func memberNames(of value: Value, in runtime: Runtime) -> [String]? {
        guard case .entity(let entity) = value, entity.kind == .scenario else { return nil }
        return memberNames(entity, runtime).sorted()
    }

    // MARK: compare

    /// One column of `compare` (Runtime/ScenarioData.swift).
    private typealias View = CompareColumn

    /// `compare base, a, b[: rows]`: every deal's price, p_close,
    /// expected_cost and walk_away, one table per deal, then every
    /// top-level binding whose value differs between the columns; or just
    /// the rows asked for.
    static func compare(_ compare: ResolvedCompare) -> (Frame) throws -> Void {
        { f in
            let runtime = f.runtime
            var views: [View] = []
            for column in compare.columns {
                guard let access = column.access else {
                    // base: the model without overrides, also inside a scenario's body.
                    views.append(View(runtime: runtime.base ?? runtime, values: [:], scope: nil))
                    continue
                }
                let root = runtime.base ?? runtime
                guard case .entity(let entity)? = read(access, f), entity.kind == .scenario,
                      let id = root.state.scenarios.index(
                          of: root.state.scenarios.definitions[entity.id].path + column.path) else {
                    throw LocatedError("'\(column.name.name)' is not a scenario", at: column.name.span,
                                       help: "compare scenarios made with 'scenario \(column.name.name) { … }', "
                                           + "or base for the model without overrides", kind: .type)
                }
                let world = try world(id, of: runtime, at: column.name.span)
                views.append(View(runtime: world.runtime, values: world.values, scope: id))
            }
            let header = [""] + compare.columns.map(\.name.name)
            var lines: [String] = []
            if !compare.rows.isEmpty {
                var rows = [header]
                for row in compare.rows {
                    var cells = [row.label]
                    for view in views { cells.append(cell(try value(of: row, in: view, runtime: runtime, f))) }
                    rows.append(cells)
                }
                lines = DomainState.table(rows)
            } else {
                lines = dealTables(views, compare.columns.map(\.name.name), runtime)
                let differing = bindingRows(views, runtime)
                if !differing.isEmpty {
                    if !lines.isEmpty { lines.append("") }
                    lines += DomainState.table([header] + differing)
                }
                if lines.isEmpty { lines = ["(no deals, and no binding differs)"] }
            }
            for line in lines { runtime.output(line) }
        }
    }

    private static func read(_ access: Access, _ f: Frame) -> Value? {
        switch access {
        case .global(let slot): f.runtime.global(slot)
        case .local(let slot): f[slot]
        case .capture, .currentFunction, .builtin: nil
        }
    }

    private static func cell(_ value: Value?) -> String {
        DomainState.cell(value)
    }

    private static func dealTables(_ views: [View], _ names: [String], _ runtime: Runtime) -> [String] {
        var lines: [String] = []
        for deal in comparedDeals(views) {
            var rows = [[deal] + names]
            for member in compared {
                rows.append([member] + views.map { cell(dealMember(deal, member, in: $0)) })
            }
            if !lines.isEmpty { lines.append("") }
            lines += DomainState.table(rows)
        }
        return lines
    }

    /// Top-level bindings whose value is not the same in every view
    /// (Runtime/ScenarioData.swift), one row each.
    private static func bindingRows(_ views: [View], _ runtime: Runtime) -> [[String]] {
        differingBindings(views, runtime).map { [$0.name] + $0.values.map(cell) }
    }

    /// A row's value in one view: a binding of the model (or of the
    /// scenario's bodies), then members in turn.
    private static func value(of row: CompareRow, in view: View, runtime: Runtime, _ f: Frame) throws -> Value? {
        guard var value = view.values[row.name.name] ?? runtime.modelNames[row.name.name].flatMap(view.runtime.global)
        else {
            throw LocatedError("unknown name '\(row.name.name)'", at: row.name.span,
                               help: Suggestions.didYouMean(row.name.name, among: Set(runtime.modelNames.keys)), kind: .name)
        }
        if let scope = view.scope { value = rescope(value, scope) }
        for member in row.members { value = try Members.get(value, member, at: member.span, in: f) }
        return value
    }
}
