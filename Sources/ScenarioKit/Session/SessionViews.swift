// Typed views of a session for hosts (SPEC §12, "First-class embedding"):
// an entity's members as a dictionary, a scenario's world (SPEC §8) to
// evaluate in and read from, the rows of `compare` and the events of
// `timeline` as values. Each is built from the code the statement itself
// uses (Runtime/ScenarioData.swift, Domain/), never from printed text.
//
// Work that may compute a scenario's world runs through `evaluate`, with
// the runtime's `inPlaceOfExpression` hook taking the place of the
// expression: so it runs on the big-stack evaluation thread, can be
// interrupted, and an override that breaks the model is reported as the
// session reports any error (located at the statement it breaks, with a
// note naming the scenario).

/// An entity of a session — a company, deal, model or benchmark — with its
/// members as they were when the view was made (``Session/entity(_:_:)``,
/// ``ScenarioView/entity(_:_:)``). A value: it does not change when the
/// session does.
public struct EntityView: Sendable {
    /// The entity; in a scenario's view, marked as that scenario's (its
    /// `scenario` is set), so ``Session/members(of:)`` reads it there too.
    public var ref: EntityRef
    /// The members that have a value, in `report` order, derived ones
    /// included (`p_close`, `expected_cost`, …): what ``Session/members(of:)``
    /// gives.
    public var orderedMembers: [(name: String, value: Value)]
    /// For a deal, its conditions in the order stated with their
    /// probabilities (a percent, or an uncertain percent), as `report` shows
    /// them; empty for other entities.
    public var conditions: [(name: String, probability: Value)]

    /// ``orderedMembers`` by name: `members["p_close"]` is `.percent(0.8)`.
    public var members: [String: Value] {
        Dictionary(orderedMembers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The entity `ref` as `domain` holds it, entities among its members
    /// marked as scenario `scope`'s.
    init?(_ ref: EntityRef, in domain: DomainState, scope: Int?) {
        guard let location = domain.location(of: ref) else { return nil }
        var ref = domain.ref(ref.id)
        ref.scenario = scope
        self.ref = ref
        orderedMembers = domain.members(of: ref).compactMap { member in
            member.value.map { value in (member.name, scope.map { Scenarios.rescope(value, $0) } ?? value) }
        }
        conditions = location.kind == .deal
            ? domain.deals[location.index].conditions.map { ($0.name, $0.probability) } : []
    }
}

/// One event of the timeline (SPEC §6): what `timeline` prints as one line,
/// as values.
public struct TimelineEvent: Sendable, Equatable {
    /// The date as stated: a `.date`, a `.period` (`Q3 2026`), or for an
    /// uncertain close an uncertain date (`.uncertain` of dates).
    public var date: Value
    /// The first day the event stands for: the date itself, a period's first
    /// day, an uncertain date's median. Events are in order of `start`, then
    /// ``end``, then the order they were stated.
    public var start: CalendarDate
    /// The last day: a period's last day; the same as ``start`` otherwise.
    public var end: CalendarDate
    /// The event's text: `deal cursor expected to close`.
    public var text: String
    /// The entity whose clause made the event (a deal's `announce`, `close`
    /// or `outcome`, a model's `trained` or `release`, a company's
    /// `departures … since`); nil for `event` statements and merges.
    public var entity: EntityRef?
}

/// The rows of `compare` as values (SPEC §8): one column per scenario
/// compared, one value per column in each row.
public struct Comparison: Sendable, Equatable {
    /// One row of the table.
    public struct Row: Sendable, Equatable {
        /// `cursor.price`, a binding's name, or the expression asked for.
        public var label: String
        /// The row's value in each column, in the order of ``Comparison/columns``;
        /// nil where `compare` prints `-` (a deal the column does not have, a
        /// member that is unset).
        public var values: [Value?]
    }

    /// The scenarios compared, as given (`base` is the model without overrides).
    public var columns: [String]
    /// The rows, in the order `compare` prints them.
    public var rows: [Row]

    /// The row labelled `label`, if there is one.
    public func row(_ label: String) -> Row? {
        rows.first { $0.label == label }
    }
}

/// A scenario of a session (SPEC §8), read live: every read evaluates the
/// model as it stands at that moment with the scenario's overrides in
/// place, as `bear.x` does in a script. A handle on its session — like the
/// session, it is not `Sendable`, and must be used where the session is;
/// what it returns is.
public struct ScenarioView {
    /// The session the scenario belongs to.
    let session: Session
    /// Its path of names: `["bear"]`, `["bear", "worse"]`.
    public let path: [String]

    /// Its name as `compare` and a script spell it: `bear`, `bear.worse`.
    public var name: String { path.joined(separator: ".") }

    /// The scenario it builds on (`bear` for `bear.worse`), nil for none.
    public var parent: String? {
        path.count > 1 ? path.dropLast().joined(separator: ".") : nil
    }

    /// The definitions of the model its bodies override, in the order stated
    /// (`p`, `cursor.regulatory`), each once: what `:env` lists. A nested
    /// scenario's parent's overrides apply to it too.
    public var overrides: [String] {
        (try? session.scenarioIndex(name)).map { session.scenarioOverrides[$0].overrides } ?? []
    }

    /// Evaluates one expression in the scenario's world and returns its
    /// value, binding nothing: `evaluate("cursor.expected_cost")` is what
    /// `bear.cursor.expected_cost` gives, `evaluate("v * 2")` is
    /// `bear.v * 2`. Functions called see the overridden values, as in the
    /// scenario. The expression is resolved against the session's names:
    /// a name only the scenario's body binds is read with ``members``.
    /// Throws ``ScenarioError``, also when an override breaks the model.
    public func evaluate(_ source: String, name: String = "<input>") throws -> Value {
        let id = try session.scenarioIndex(self.name)
        return try session.evaluate(source, name: name, instead: { runtime, statement in
            try Scenarios.evaluate(statement, inWorld: id, of: runtime)
        })
    }

    /// Every name `bear.name` can read, with its value in the scenario: the
    /// model's bindings (overridden ones with their new values) and the
    /// names the scenario's bodies bound. Entities among them are the
    /// scenario's.
    public var members: [String: Value] {
        get throws {
            let id = try session.scenarioIndex(name)
            return try session.onEvaluationThread { runtime in try Scenarios.bindings(of: id, in: runtime) }
        }
    }

    /// The model's top-level bindings whose value in the scenario differs
    /// from the model's (not functions or entities), in the order they were
    /// bound: the rows `compare base, bear` adds below the deals.
    public var differingBindings: [(name: String, value: Value)] {
        get throws {
            let id = try session.scenarioIndex(name)
            return try session.onEvaluationThread { runtime in
                let columns = [try Scenarios.column(nil, of: runtime, at: .none),
                               try Scenarios.column(id, of: runtime, at: .none)]
                return Scenarios.differingBindings(columns, runtime).compactMap { row in
                    row.values[1].map { (row.name, $0) }
                }
            }
        }
    }

    /// The entity of `kind` named `name` in the scenario's world, or nil when
    /// there is none: `entity(.deal, "cursor")?.members["p_close"]`.
    public func entity(_ kind: EntityKind, _ name: String) throws -> EntityView? {
        let id = try session.scenarioIndex(self.name)
        return try session.onEvaluationThread { runtime in
            let domain = try Scenarios.world(id, of: runtime).runtime.domain
            return domain.lookup(kind, name).flatMap { EntityView($0, in: domain, scope: id) }
        }
    }

    /// The entities of the scenario's world, in declaration order, marked as
    /// the scenario's.
    public var entities: [EntityRef] {
        get throws {
            let id = try session.scenarioIndex(name)
            return try session.onEvaluationThread { runtime in
                try Scenarios.world(id, of: runtime).runtime.domain.entities.map { ref in
                    var ref = ref
                    ref.scenario = id
                    return ref
                }
            }
        }
    }

    /// The timeline of the scenario's world (a restated `close` moves its
    /// event), in the order `timeline` prints it.
    public var timeline: [TimelineEvent] {
        get throws {
            let id = try session.scenarioIndex(name)
            return try session.onEvaluationThread { runtime in
                Session.timeline(of: try Scenarios.world(id, of: runtime).runtime.domain, scope: id)
            }
        }
    }
}

@available(*, unavailable)
extension ScenarioView: Sendable {}

extension Session {
    /// The company, deal, model or benchmark of `kind` named `name`, with its
    /// members; nil when the session has none (a name merged into another
    /// company gives the survivor). `entity(.deal, "cursor")?.members["p_close"]`.
    public func entity(_ kind: EntityKind, _ name: String) -> EntityView? {
        runtime.domain.lookup(kind, name).flatMap { EntityView($0, in: runtime.domain, scope: nil) }
    }

    /// The scenario named `name` — `bear`, or a nested one as `bear.worse` —
    /// to evaluate in and read from. Throws ``ScenarioError`` when the
    /// session has no such scenario.
    public func scenario(_ name: String) throws -> ScenarioView {
        let id = try scenarioIndex(name)
        return ScenarioView(session: self, path: runtime.state.scenarios.definitions[id].path)
    }

    /// The table `compare` prints, as values (SPEC §8). `scenarios` are the
    /// columns, by name (`bear`, `bear.worse`; `base` is the model without
    /// overrides). Without `values`, the rows are every deal's price,
    /// p_close, expected_cost and walk_away (`cursor.price`, …; a deal
    /// only some columns have is nil in the others), then every top-level
    /// binding whose value is not the same in every column, by its name.
    /// With `values`, one row per expression, evaluated in each column as
    /// ``ScenarioView/evaluate(_:name:)`` does: `compare base, bear: v,
    /// cursor.close` is `compare(["base", "bear"], values: ["v",
    /// "cursor.close"])`. Throws ``ScenarioError``.
    public func compare(_ scenarios: [String], values: [String] = []) throws -> Comparison {
        let ids: [Int?] = try scenarios.map { $0 == ScenarioColumn.base ? nil : try scenarioIndex($0) }
        guard values.isEmpty else {
            let views = ids.map { $0.map { ScenarioView(session: self, path: runtime.state.scenarios.definitions[$0].path) } }
            let rows = try values.map { expression in
                Comparison.Row(label: expression, values: try views.map { view in
                    try view.map { try $0.evaluate(expression) } ?? evaluate(expression)
                })
            }
            return Comparison(columns: scenarios, rows: rows)
        }
        let rows = try onEvaluationThread { runtime -> [Comparison.Row] in
            let columns = try ids.map { try Scenarios.column($0, of: runtime, at: .none) }
            var rows: [Comparison.Row] = []
            for deal in Scenarios.comparedDeals(columns) {
                for member in Scenarios.compared {
                    rows.append(Comparison.Row(label: "\(deal).\(member)",
                                               values: columns.map { Scenarios.dealMember(deal, member, in: $0) }))
                }
            }
            for binding in Scenarios.differingBindings(columns, runtime) {
                rows.append(Comparison.Row(label: binding.name, values: binding.values))
            }
            return rows
        }
        return Comparison(columns: scenarios, rows: rows)
    }

    /// The timeline as values: every event in the order `timeline` prints
    /// them (by date, ties in the order stated), with the entity that made it.
    public var timeline: [TimelineEvent] {
        Session.timeline(of: runtime.domain, scope: nil)
    }

    // MARK: Internals

    /// The events of `domain` in timeline order, their entities marked as
    /// scenario `scope`'s.
    static func timeline(of domain: DomainState, scope: Int?) -> [TimelineEvent] {
        // A clause's event knows its entity through the slot the clause keeps.
        var owners: [Int: Int] = [:]
        for (key, slot) in domain.eventSlots where slot < domain.events.count {
            switch key {
            case .announce(let id), .close(let id), .outcome(let id), .trained(let id), .release(let id),
                 .departures(let id):
                owners[domain.events[slot].sequence] = id
            }
        }
        return domain.orderedEvents.map { event in
            let bounds = DomainArguments.bounds(of: event.date)
            var entity = owners[event.sequence].map(domain.ref)
            entity?.scenario = scope
            return TimelineEvent(date: event.date, start: CalendarDate(dayNumber: bounds.start),
                                 end: CalendarDate(dayNumber: bounds.end), text: event.text, entity: entity)
        }
    }

    /// The index of the scenario named by a dotted path, or an error that
    /// says which scenarios there are.
    func scenarioIndex(_ name: String) throws -> Int {
        let store = runtime.state.scenarios
        if let id = store.index(of: name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)) {
            return id
        }
        let known = store.definitions.map { $0.path.joined(separator: ".") }
        let help = name == ScenarioColumn.base
            ? "'base' is the model without overrides: read it from the session itself"
            : Suggestions.didYouMean(name, among: known)
                ?? (known.isEmpty ? "declare one first: scenario \(name) { … }"
                    : "the scenarios are " + known.joined(separator: ", "))
        throw ScenarioError(diagnostics: [SourceMap().diagnostic(
            LocatedError("unknown scenario '\(name)'", at: .none, help: help, kind: .name))])
    }

    /// Evaluates `source` with `body` run instead of its compiled expression:
    /// parsing, resolving and the evaluation thread are `evaluate`'s, and so
    /// is turning an error into a ``ScenarioError``.
    func evaluate(_ source: String, name: String,
                  instead body: @escaping (Runtime, CompiledStatement) throws -> Value) throws -> Value {
        runtime.inPlaceOfExpression = body
        defer { runtime.inPlaceOfExpression = nil }
        return try evaluate(source, name: name)
    }

    /// Runs `body` on the evaluation thread, with its interrupts, limits
    /// and error handling.
    func onEvaluationThread<T>(_ body: @escaping (Runtime) throws -> T) throws -> T {
        try perform(name: "<view>") { _ in try body(self.runtime) }
    }
}
