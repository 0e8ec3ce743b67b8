// The members of entities (SPEC §6), stored and derived, as values: what
// `cursor.expected_cost` reads, what `report` prints and what `--json` writes.

extension DomainState {
    /// Member names of each kind, in the order `report` lists them.
    static func memberNames(of kind: EntityKind) -> [String] {
        switch kind {
        case .company: ["id", "name", "departures", "departures_since", "absorbed"]
        case .deal: ["id", "name", "price", "consideration", "buyer", "target", "announce", "close", "breakup", "payer",
                     "conditions", "p_close", "breakup_pct", "expected_cost", "walk_away",
                     "convert_into", "convert_at", "status", "outcome_date", "fee_paid"]
        case .model: ["id", "name", "by", "params", "trained", "release"]
        case .benchmark: ["id", "name", "leader", "best"]
        case .scenario: []
        }
    }

    /// The statement that sets a member which can be unset, for the help of
    /// the error that reading it gives: `state it with 'close DATE' after 'deal cursor'`.
    static func howToSet(_ member: String, of ref: EntityRef) -> String {
        let statement: String
        switch member {
        case "departures", "departures_since": return "state it with 'departures \(ref.name) N since DATE'"
        case "leader", "best": return "state a score with 'score MODEL on \(ref.name) PERCENT'"
        case "consideration": return "state it with 'deal \(ref.name) at PRICE cash' (or stock, or mixed)"
        case "buyer", "target", "by": statement = "\(member) COMPANY"
        case "announce", "close", "trained", "release": statement = "\(member) DATE"
        case "params": statement = "params N"
        case "convert_into", "convert_at": statement = "convert into \"Class A\" at PRICE"
        case "outcome_date": statement = "outcome closed DATE"
        default: statement = member
        }
        return "state it with '\(statement)' after '\(ref.kind.rawValue) \(ref.name)'"
    }

    /// A member's value; nil when it was never stated. Throws for an unknown
    /// member, and when a derived member cannot be computed.
    func member(_ name: String, of ref: EntityRef, at span: SourceSpan) throws -> Value? {
        guard let location = location(of: ref) else {
            throw LocatedError("\(ref) no longer exists", at: span, kind: .name)
        }
        let entity = self.ref(ref.id)
        if name == "id" { return .string(entity.name) }
        switch location.kind {
        case .company: return try companyMember(name, companies[location.index], entity, at: span)
        case .deal: return try dealMember(name, deals[location.index], entity, at: span)
        case .model: return try modelMember(name, models[location.index], entity, at: span)
        case .benchmark: return try benchmarkMember(name, benchmarks[location.index], entity, at: span)
        case .scenario: throw unknownMember(name, of: entity, at: span)
        }
    }

    /// Every member of an entity with its value (nil when unset), in report order.
    func members(of ref: EntityRef) -> [(name: String, value: Value?)] {
        guard let location = location(of: ref) else { return [] }
        return DomainState.memberNames(of: location.kind).map { name in
            (name, (try? member(name, of: ref, at: .none)) ?? nil)
        }
    }

    func unknownMember(_ name: String, of ref: EntityRef, at span: SourceSpan) -> LocatedError {
        var candidates = DomainState.memberNames(of: ref.kind)
        if ref.kind == .deal { candidates += ["implied_p", "buyer_cost"] }
        return LocatedError("unknown member '\(name)' of a \(ref.kind.rawValue)", at: span,
                            help: DomainState.didYouMean(name, among: candidates)
                                ?? "the members of a \(ref.kind.rawValue) are \(candidates.joined(separator: ", "))", kind: .name)
    }

    private func companyMember(_ name: String, _ c: Company, _ entity: EntityRef, at span: SourceSpan) throws -> Value? {
        switch name {
        case "name": return .string(c.displayName ?? c.name)
        case "departures": return c.departures
        case "departures_since": return c.departuresSince
        case "absorbed": return .list(c.absorbed.map { .string($0) })
        default: throw unknownMember(name, of: entity, at: span)
        }
    }

    private func modelMember(_ name: String, _ m: AIModel, _ entity: EntityRef, at span: SourceSpan) throws -> Value? {
        switch name {
        case "name": return .string(m.name)
        case "by": return m.by.map { .entity(ref($0)) }
        case "params": return m.params
        case "trained": return m.trained
        case "release": return m.release
        default: throw unknownMember(name, of: entity, at: span)
        }
    }

    private func benchmarkMember(_ name: String, _ b: Benchmark, _ entity: EntityRef, at span: SourceSpan) throws -> Value? {
        switch name {
        case "name": return .string(b.displayName ?? b.name)
        case "leader", "best":
            guard let top = leader(of: entity.id) else { return nil }
            return name == "leader" ? .entity(ref(top.model)) : top.score
        default: throw unknownMember(name, of: entity, at: span)
        }
    }

    /// The model with the highest plain score on a benchmark (the first stated on a tie).
    func leader(of benchmark: Int) -> (model: Int, score: Value)? {
        var best: (model: Int, score: Value, x: Double)?
        for key in scoreOrder where key.benchmark == benchmark {
            guard let value = scores[key] else { continue }
            let x: Double
            switch value {
            case .percent(let p), .number(let p): x = p
            default: continue
            }
            if best == nil || x > best!.x { best = (key.model, value, x) }
        }
        return best.map { ($0.model, $0.score) }
    }

    // MARK: Deals

    private func dealMember(_ name: String, _ d: Deal, _ entity: EntityRef, at span: SourceSpan) throws -> Value? {
        switch name {
        case "name": return .string(d.name)
        case "price": return d.price
        case "consideration": return d.consideration.map { .string($0.rawValue) }
        case "buyer": return d.buyer.map { .entity(ref($0)) }
        case "target": return d.target.map { .entity(ref($0)) }
        case "announce": return d.announce
        case "close": return d.close
        case "breakup": return breakup(of: d)
        case "payer": return .string(d.payer.rawValue)
        case "conditions": return .list(d.conditions.map { .string($0.name) })
        case "p_close": return try pClose(of: d, at: span)
        case "breakup_pct": return DomainMath.percent(try DomainMath.divide(breakup(of: d), d.price, at: span))
        case "expected_cost": return try expectedCost(of: d, at: span)
        case "walk_away": return walkAway(of: d)
        case "convert_into": return d.convertInto.map { .string($0) }
        case "convert_at": return d.convertInto == nil ? nil : d.convertAt ?? d.price
        case "status": return .string(d.status.rawValue)
        case "outcome_date": return d.outcomeDate
        case "fee_paid": return .bool(d.feePaid)
        default: throw unknownMember(name, of: entity, at: span)
        }
    }

    /// The stated fee, or nothing owed when none was stated.
    func breakup(of d: Deal) -> Value {
        d.breakup ?? .money(0, currency: DomainArguments.currency(of: d.price) ?? "USD")
    }

    /// The product of the conditions' probabilities; 100% without conditions.
    func pClose(of d: Deal, at span: SourceSpan) throws -> Value {
        var p: Value = .percent(1)
        for (i, condition) in d.conditions.enumerated() {
            p = i == 0 ? condition.probability : try DomainMath.multiply(p, condition.probability, at: span)
        }
        return p
    }

    /// p_close × price + (1 − p_close) × breakup when the buyer pays the fee,
    /// else p_close × price.
    func expectedCost(of d: Deal, at span: SourceSpan) throws -> Value {
        let p = try pClose(of: d, at: span)
        let closing = try DomainMath.multiply(p, d.price, at: span)
        guard d.payer == .buyer else { return closing }
        let failing = try DomainMath.subtract(.number(1), p, at: span)
        return try DomainMath.add(closing, try DomainMath.multiply(failing, breakup(of: d), at: span), at: span)
    }

    /// What walking away costs the buyer: the fee if it pays it, else nothing.
    func walkAway(of d: Deal) -> Value {
        d.payer == .buyer ? breakup(of: d) : .money(0, currency: DomainArguments.currency(of: d.price) ?? "USD")
    }

    /// (market − fallback) / (offer − fallback): the chance of closing that a
    /// market price implies, as a percent.
    static func impliedP(market: Value, fallback: Value, offer: Value, at span: SourceSpan) throws -> Value {
        let gain = try DomainMath.subtract(market, fallback, at: span)
        let spread = try DomainMath.subtract(offer, fallback, at: span)
        let ratio = try DomainMath.divide(gain, spread, at: span)
        switch ratio {
        case .number: return DomainMath.percent(ratio)
        case .uncertain(let set) where set.dimension == .number: return DomainMath.percent(ratio)
        default:
            throw LocatedError("'implied_p' needs money or numbers, got \(UncertainCheck.describe(market))", at: span,
                               kind: .type)
        }
    }
}
