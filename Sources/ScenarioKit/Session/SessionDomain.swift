// The deal domain of a session, for embedders, the REPL's echo and `--json`.

extension Session {
    /// Every company, deal, model and benchmark, in declaration order
    /// (companies merged into another are left out: their names lead to the survivor).
    public var entities: [EntityRef] {
        runtime.domain.entities
    }

    /// An entity's members that have a value, in `report` order, derived
    /// ones included (`p_close`, `expected_cost`, …). Empty for an entity this
    /// session does not hold.
    public func members(of entity: EntityRef) -> [(name: String, value: Value)] {
        Scenarios.domain(for: entity, in: runtime).members(of: entity).compactMap { member in member.value.map { (member.name, $0) } }
    }

    /// A deal's conditions in the order stated, each with its probability
    /// (a percent, or an uncertain percent), as `report` shows them
    /// (`regulatory 80%`); empty for any other entity.
    public func conditions(of entity: EntityRef) -> [(name: String, probability: Value)] {
        let domain = Scenarios.domain(for: entity, in: runtime)
        guard entity.kind == .deal, let location = domain.location(of: entity) else { return [] }
        return domain.deals[location.index].conditions.map { ($0.name, $0.probability) }
    }

    /// The timeline: every event in date order, ties in the order stated.
    /// The date is a `.date` or a `.period`.
    public var events: [(date: Value, text: String)] {
        runtime.domain.orderedEvents.map { ($0.date, $0.text) }
    }

    /// One line about an entity, as the REPL echoes it:
    /// `deal cursor: $60B stock, breakup $10B, close Q3 2026, p_close 80%`.
    public func summary(of entity: EntityRef) -> String {
        Scenarios.domain(for: entity, in: runtime).summary(of: entity)
    }

    /// The lines `timeline` prints.
    public var timelineLines: [String] {
        runtime.domain.timelineLines()
    }

    /// The lines `report` prints.
    public var reportLines: [String] {
        runtime.domain.reportLines()
    }
}
