// What scenarios show, as data (SPEC §8): the columns and rows of `compare`,
// a world's bindings, and an expression evaluated in a world. The `compare`
// statement formats these rows into its tables (Runtime/Scenarios.swift);
// a host reads the same rows as values through Session/SessionViews.swift.

/// One column of `compare`: the model without overrides (`base`), or a
/// scenario's world.
struct CompareColumn {
    var runtime: Runtime
    /// The names the scenario's bodies bound (none for `base`).
    var values: [String: Value]
    /// The scenario, nil for `base`.
    var scope: Int?
}

extension Scenarios {
    /// The column of scenario `id`, computing its world if need be, or
    /// `base` for nil.
    static func column(_ id: Int?, of runtime: Runtime, at span: SourceSpan) throws -> CompareColumn {
        let root = runtime.base ?? runtime
        guard let id else { return CompareColumn(runtime: root, values: [:], scope: nil) }
        let world = try world(id, of: runtime, at: span)
        return CompareColumn(runtime: world.runtime, values: world.values, scope: id)
    }

    /// Every deal of any column, in the order first seen.
    static func comparedDeals(_ columns: [CompareColumn]) -> [String] {
        var deals: [String] = []
        for column in columns {
            for entity in column.runtime.domain.entities where entity.kind == .deal && !deals.contains(entity.name) {
                deals.append(entity.name)
            }
        }
        return deals
    }

    /// A deal's member in one column: nil when the column has no such deal,
    /// or the member is unset or cannot be computed (`-` in the table).
    static func dealMember(_ deal: String, _ member: String, in column: CompareColumn) -> Value? {
        let domain = column.runtime.domain
        guard let ref = domain.lookup(.deal, deal) else { return nil }
        return (try? domain.member(member, of: ref, at: .none)) ?? nil
    }

    /// Top-level bindings (not functions, entities or scenarios) whose value
    /// is not the same in every column, in the order they were bound, each
    /// with its value in every column.
    static func differingBindings(_ columns: [CompareColumn], _ runtime: Runtime) -> [(name: String, values: [Value?])] {
        var rows: [(name: String, values: [Value?])] = []
        for (name, slot) in runtime.modelNames.sorted(by: { $0.value < $1.value }) {
            let values = columns.map { $0.runtime.global(slot) }
            guard let first = values.first ?? nil else { continue }
            switch first {
            case .function, .entity: continue
            default: break
            }
            if values.allSatisfy({ $0 == first }) { continue }
            rows.append((name, values))
        }
        return rows
    }

    /// What `bear.name` reads for every name: the model's bindings as the
    /// scenario's world has them and the names its bodies bound (which win,
    /// as they do for `bear.name`), entities marked as the scenario's.
    static func bindings(of id: Int, in runtime: Runtime) throws -> [String: Value] {
        let world = try world(id, of: runtime)
        var result: [String: Value] = [:]
        for (name, slot) in (runtime.base ?? runtime).modelNames {
            if let value = world.runtime.global(slot) { result[name] = rescope(value, id) }
        }
        for (name, value) in world.values { result[name] = rescope(value, id) }
        return result
    }

    /// A compiled expression statement evaluated in scenario `id`'s world:
    /// it reads the model's bindings with the overrides in place and the
    /// world's deals and settings, and other scenarios as usual (it was
    /// resolved against the session's names, so the names the scenario's
    /// body bound are not among them). Its draws come from the same stream
    /// as the expression's outside the scenario (common random numbers). The
    /// world is left as it was; entities in the value are the scenario's.
    static func evaluate(_ statement: CompiledStatement, inWorld id: Int, of runtime: Runtime) throws -> Value {
        let world = try world(id, of: runtime, at: statement.span)
        let w = world.runtime
        let state = w.state, definition = w.definition
        defer {
            w.state = state
            w.definition = definition
        }
        // The world may have been computed on another evaluation thread.
        w.stackLimit = runtime.stackLimit
        // Names bound outside the model since the world was computed (a
        // later scenario's) and the scenarios are as they are outside, as
        // they were when it was made.
        w.state.scenarios = runtime.state.scenarios
        w.reserveGlobals(runtime.globals.count)
        for slot in w.globals.indices where w.globals[slot] == nil {
            if let value = runtime.globals[slot] { w.globals[slot] = value }
        }
        let value = try w.execute(statement) ?? .bool(false)
        return rescope(value, id)
    }
}
