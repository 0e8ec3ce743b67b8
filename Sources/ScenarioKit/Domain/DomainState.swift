// The entity registry of a session (SPEC §6): every company, deal, model and
// benchmark, the current entity of each kind, names and their aliases after
// merges, scores and events.
//
// All of a session's domain state is this one value. Each mutating method
// checks everything first and throws before changing anything, so a failing
// statement needs no rollback (SPEC §4), and no statement copies the state:
// cost stays linear however many deals a script declares. A `scenario`
// (SPEC §8) works on a copy, which copy-on-write makes cheap until it changes.

/// The kind and position of an entity in its kind's array.
struct EntityLocation: Equatable, Sendable {
    var kind: EntityKind
    var index: Int
}

/// A name in one kind's namespace: a company and a deal may share a name
/// (`company figma` and `deal figma`); clauses look names up by kind.
struct EntityName: Hashable, Sendable {
    var kind: EntityKind
    var name: String
}

/// A (model, benchmark) pair of entity ids.
struct ScoreKey: Hashable, Sendable {
    var model: Int
    var benchmark: Int
}

/// The clauses of a `model` statement after evaluation.
enum ModelClauseValue: Sendable {
    case by(Identifier)
    case params(DomainArgument)
    case trained(DomainArgument)
    case release(DomainArgument)
}

struct DomainState: Sendable {
    private(set) var companies: [Company] = []
    private(set) var deals: [Deal] = []
    private(set) var models: [AIModel] = []
    private(set) var benchmarks: [Benchmark] = []
    /// By entity id.
    private(set) var locations: [EntityLocation] = []
    /// Name → entity id. After a merge, the absorbed company's names lead to
    /// it, and `canonicalCompany` follows it to the survivor.
    private var ids: [EntityName: Int] = [:]
    /// Entity ids of the deal and the model clauses apply to.
    private(set) var currentDeal: Int?
    private(set) var currentModel: Int?
    private(set) var scores: [ScoreKey: Value] = [:]
    /// Score keys in the order first stated.
    private(set) var scoreOrder: [ScoreKey] = []
    private(set) var events: [DomainEvent] = []
    /// Where the event a clause made is, so that restating the clause moves it.
    private(set) var eventSlots: [EventKey: Int] = [:]
    private var nextSequence = 0

    init() {}

    // MARK: Looking entities up

    /// The entity a reference points to, following merges.
    func location(of ref: EntityRef) -> EntityLocation? {
        guard ref.kind != .scenario, ref.id >= 0, ref.id < locations.count else { return nil }
        return locations[canonical(ref.id)]
    }

    /// The survivor of any chain of merges.
    func canonical(_ id: Int) -> Int {
        var id = id
        while case .company = locations[id].kind, let next = companies[locations[id].index].absorbedInto {
            id = next
        }
        return id
    }

    /// A fresh reference (with the current name) to an entity id.
    func ref(_ id: Int) -> EntityRef {
        let id = canonical(id)
        let location = locations[id]
        let name: String
        switch location.kind {
        case .company: name = companies[location.index].name
        case .deal: name = deals[location.index].name
        case .model: name = models[location.index].name
        case .benchmark: name = benchmarks[location.index].name
        case .scenario: name = "?"
        }
        return EntityRef(kind: location.kind, name: name, id: id)
    }

    /// `value` with every company it holds (at any depth of lists) replaced
    /// by a fresh reference to the company it is now: the survivor of any
    /// chain of merges, under its current name. Nil when nothing changes, so
    /// that a sweep over every binding after a merge copies nothing else.
    func followingMerges(_ value: Value) -> Value? {
        switch value {
        case .entity(let e) where e.kind == .company && e.id >= 0 && e.id < locations.count:
            var now = ref(e.id)
            now.scenario = e.scenario
            return now == e ? nil : .entity(now)
        case .list(let xs):
            // Lists nest at most ValueNesting's limit deep, which bounds this recursion.
            var changed: [Value]?
            for (i, x) in xs.enumerated() {
                guard let moved = followingMerges(x) else { continue }
                if changed == nil { changed = xs }
                changed?[i] = moved
            }
            return changed.map(Value.list)
        default:
            return nil
        }
    }

    /// The entity of a kind that a name refers to.
    func lookup(_ kind: EntityKind, _ name: String) -> EntityRef? {
        ids[EntityName(kind: kind, name: name)].map(ref)
    }

    /// Every entity that is not merged into another, in declaration order.
    var entities: [EntityRef] {
        locations.indices.compactMap { id in
            if case .company = locations[id].kind, companies[locations[id].index].absorbedInto != nil { return nil }
            return ref(id)
        }
    }

    /// The names of a kind (for did-you-mean).
    func names(of kind: EntityKind) -> [String] {
        ids.keys.filter { $0.kind == kind }.map(\.name)
    }

    /// A declared entity of `kind` named by `id`, or an error that says what
    /// the name is instead, or which names are close.
    func require(_ kind: EntityKind, _ id: Identifier) throws(LocatedError) -> Int {
        if let found = ids[EntityName(kind: kind, name: id.name)] { return canonical(found) }
        if let other = EntityKind.allCases.first(where: { ids[EntityName(kind: $0, name: id.name)] != nil }) {
            throw LocatedError("'\(id.name)' is a \(other.rawValue), not a \(kind.rawValue)", at: id.span,
                               help: "declare the \(kind.rawValue) first: \(kind.rawValue) \(id.name)", kind: .name)
        }
        let help = DomainState.didYouMean(id.name, among: names(of: kind))
            ?? "declare it first: \(kind.rawValue) \(id.name)"
        throw LocatedError("unknown \(kind.rawValue) '\(id.name)'", at: id.span, help: help, kind: .name)
    }

    /// `did you mean 'x'?` for the closest candidate, if any is close.
    static func didYouMean(_ name: String, among candidates: [String]) -> String? {
        Suggestions.didYouMean(name, among: candidates)
    }

    // MARK: Events

    private mutating func addEvent(_ date: Value, _ text: String, key: EventKey? = nil) {
        let event = DomainEvent(date: date, text: text, sequence: nextSequence)
        nextSequence += 1
        if let key, let slot = eventSlots[key] {
            events[slot] = event
        } else {
            if let key { eventSlots[key] = events.count }
            events.append(event)
        }
    }

    /// `event DATE "text"`
    mutating func event(_ date: DomainArgument, _ text: DomainArgument) throws(LocatedError) {
        let date = try DomainArguments.date(date, for: "event")
        let text = try DomainArguments.string(text, for: "event", example: "event 2026-05-25 \"training finished\"")
        addEvent(date, text)
    }

    // MARK: Companies

    /// `company id ["Display Name"]`: declares a company or amends it.
    @discardableResult
    mutating func company(_ id: Identifier, displayName: String?) -> EntityRef {
        if let existing = ids[EntityName(kind: .company, name: id.name)] {
            let survivor = canonical(existing)
            if let displayName { companies[locations[survivor].index].displayName = displayName }
            return ref(survivor)
        }
        let entity = declare(.company, id.name)
        companies.append(Company(name: id.name, displayName: displayName))
        return entity
    }

    /// `merge a into b [on DATE] [as new ["Display Name"]]`. Returns the
    /// statement's names, which now refer to the survivor, so that the caller
    /// can rebind them. (Names absorbed by earlier merges keep leading to the
    /// survivor through `canonical`.)
    mutating func merge(_ absorbed: Identifier, into survivor: Identifier, on date: DomainArgument?,
                        as newName: Identifier?, displayName: String?) throws(LocatedError) -> [(String, EntityRef)] {
        let a = try require(.company, absorbed)
        let b = try require(.company, survivor)
        guard a != b else {
            throw LocatedError("'\(absorbed.name)' and '\(survivor.name)' are already the same company", at: absorbed.span,
                               kind: .runtime)
        }
        let when = try date.map { (d) throws(LocatedError) in try DomainArguments.date(d, for: "merge … on") }
        if let newName, let other = ids[EntityName(kind: .company, name: newName.name)] {
            let other = canonical(other)
            if other != a && other != b {
                throw LocatedError("there is already a company '\(newName.name)'", at: newName.span,
                                   help: "choose another name after 'as'", kind: .name)
            }
        }
        let aIndex = locations[a].index, bIndex = locations[b].index
        // As SPEC §6 shows it: `merge xai into spacex` (the new name is in the report).
        let text = "merge \(companies[aIndex].name) into \(companies[bIndex].name)"
        companies[aIndex].absorbedInto = b
        // Transitively: what a had absorbed is merged into b too.
        companies[bIndex].absorbed += companies[aIndex].absorbed + [companies[aIndex].name]
        if let newName {
            companies[bIndex].name = newName.name
            companies[bIndex].displayName = displayName
            ids[EntityName(kind: .company, name: newName.name)] = b
        } else if let displayName {
            companies[bIndex].displayName = displayName
        }
        if let when { addEvent(when, text) }
        let survivorRef = ref(b)
        return ([absorbed.name, survivor.name] + (newName.map { [$0.name] } ?? [])).map { ($0, survivorRef) }
    }

    /// `departures COMPANY N [since DATE]`: restating replaces the figure.
    mutating func departures(_ company: Identifier, _ count: DomainArgument,
                             since: DomainArgument?) throws(LocatedError) {
        let id = try require(.company, company)
        let count = try DomainArguments.count(count, for: "departures", whole: true)
        let since = try since.map { (d) throws(LocatedError) in try DomainArguments.date(d, for: "departures … since") }
        let index = locations[id].index
        companies[index].departures = count
        companies[index].departuresSince = since
        if let since {
            addEvent(since, "departures from \(companies[index].name): \(count) since then", key: .departures(company: id))
        }
    }

    // MARK: Deals

    /// `deal id [at MONEY] [cash|stock|mixed]`: opens a new deal (which needs
    /// a price) or re-opens and amends one. It becomes the current deal.
    @discardableResult
    mutating func deal(_ id: Identifier, price: DomainArgument?, consideration: Consideration?) throws(LocatedError) -> EntityRef {
        if let existing = ids[EntityName(kind: .deal, name: id.name)] {
            let index = locations[existing].index
            if let price {
                let currency = DomainArguments.currency(of: deals[index].price) ?? "USD"
                let value = try DomainArguments.money(price, for: "deal \(id.name) at", currency: currency, positive: true)
                if let breakup = deals[index].breakup, let old = DomainArguments.currency(of: breakup),
                   let new = DomainArguments.currency(of: value), old != new {
                    throw LocatedError("the price is in \(new) but the breakup fee is in \(old)", at: price.span,
                                       help: "restate the breakup fee in \(new) first", kind: .type)
                }
                deals[index].price = value
                Provenance.name(value, "\(id.name).price")
            }
            if let consideration { deals[index].consideration = consideration }
            currentDeal = existing
            return ref(existing)
        }
        guard let price else {
            throw LocatedError("'\(id.name)' is a new deal: it needs a price", at: id.span,
                               help: DomainState.didYouMean(id.name, among: names(of: .deal))
                                   ?? "write 'deal \(id.name) at PRICE', for example: deal \(id.name) at $1B", kind: .runtime)
        }
        let value = try DomainArguments.money(price, for: "deal \(id.name) at", currency: "USD", positive: true)
        let entity = declare(.deal, id.name)
        deals.append(Deal(name: id.name, price: value, consideration: consideration))
        Provenance.name(value, "\(id.name).price")
        currentDeal = entity.id
        return entity
    }

    /// The current deal's index, or the error naming the statement that must come first.
    private func requireDeal(_ clause: String, at span: SourceSpan) throws(LocatedError) -> Int {
        guard let id = currentDeal else {
            throw LocatedError("'\(clause)' needs a deal: write 'deal NAME at PRICE' first", at: span,
                               help: "clauses apply to the deal opened last, for example: deal cursor at $60B", kind: .runtime)
        }
        return locations[id].index
    }

    /// `buyer COMPANY` / `target COMPANY`
    mutating func party(_ party: Party, _ company: Identifier, statement span: SourceSpan) throws(LocatedError) {
        let index = try requireDeal(party.rawValue, at: span)
        let id = try require(.company, company)
        switch party {
        case .buyer: deals[index].buyer = id
        case .target: deals[index].target = id
        }
    }

    /// `announce DATE`
    mutating func announce(_ date: DomainArgument, statement span: SourceSpan) throws(LocatedError) {
        let index = try requireDeal("announce", at: span)
        let date = try DomainArguments.date(date, for: "announce")
        deals[index].announce = date
        addEvent(date, "deal \(deals[index].name) announced", key: .announce(deal: currentDeal ?? 0))
    }

    /// `close DATE` (the expected close)
    mutating func close(_ date: DomainArgument, statement span: SourceSpan) throws(LocatedError) {
        let index = try requireDeal("close", at: span)
        let date = try DomainArguments.date(date, for: "close", uncertain: true)
        deals[index].close = date
        addEvent(date, "deal \(deals[index].name) expected to close", key: .close(deal: currentDeal ?? 0))
    }

    /// `breakup MONEY [paid by buyer|target]`; a plain number is in the price's currency.
    mutating func breakup(_ amount: DomainArgument, paidBy payer: Party?, statement span: SourceSpan) throws(LocatedError) {
        let index = try requireDeal("breakup", at: span)
        let currency = DomainArguments.currency(of: deals[index].price) ?? "USD"
        let value = try DomainArguments.money(amount, for: "breakup", currency: currency)
        if let given = DomainArguments.currency(of: value), given != currency {
            throw LocatedError("the breakup fee is in \(given) but the price is in \(currency)", at: amount.span,
                               help: "state both in one currency: there is no conversion between currencies", kind: .type)
        }
        deals[index].breakup = value
        deals[index].payer = payer ?? .buyer
        Provenance.name(value, "\(deals[index].name).breakup")
    }

    /// `condition name [PROB]`: restating a condition replaces its probability.
    mutating func condition(_ name: Identifier, _ probability: DomainArgument?, statement span: SourceSpan) throws(LocatedError) {
        let index = try requireDeal("condition", at: span)
        let p = try probability.map { (p) throws(LocatedError) in try DomainArguments.probability(p, for: "condition \(name.name)") }
            ?? .percent(1)
        if let existing = deals[index].conditions.firstIndex(where: { $0.name == name.name }) {
            deals[index].conditions[existing].probability = p
        } else {
            deals[index].conditions.append(DealCondition(name: name.name, probability: p))
        }
        Provenance.name(p, "\(deals[index].name).\(name.name)")
    }

    /// `convert into "Class" [at MONEY]`
    mutating func convert(into share: DomainArgument, at valuation: DomainArgument?, statement span: SourceSpan) throws(LocatedError) {
        let index = try requireDeal("convert", at: span)
        let share = try DomainArguments.string(share, for: "convert into", example: "convert into \"Class A\" at $60B")
        let currency = DomainArguments.currency(of: deals[index].price) ?? "USD"
        let at = try valuation.map { (v) throws(LocatedError) in
            try DomainArguments.money(v, for: "convert … at", currency: currency, positive: true)
        }
        deals[index].convertInto = share
        deals[index].convertAt = at
    }

    /// `outcome closed DATE` / `outcome abandoned DATE [fee paid]`: sets the
    /// status and adds an event; every other member keeps describing the deal
    /// as it was priced.
    mutating func outcome(closed: Bool, _ date: DomainArgument, feePaid: Bool, statement span: SourceSpan) throws(LocatedError) {
        let index = try requireDeal("outcome", at: span)
        let date = try DomainArguments.date(date, for: "outcome")
        deals[index].status = closed ? .closed : .abandoned
        deals[index].outcomeDate = date
        deals[index].feePaid = feePaid
        let what = closed ? "closed" : feePaid ? "abandoned, breakup fee paid" : "abandoned"
        addEvent(date, "deal \(deals[index].name) \(what)", key: .outcome(deal: currentDeal ?? 0))
    }

    // MARK: Models and benchmarks

    /// `model id [by C] [params N] [trained D] [release D]`: declares or
    /// re-opens a model; it becomes the current model.
    @discardableResult
    mutating func model(_ id: Identifier, _ clauses: [ModelClauseValue]) throws(LocatedError) -> EntityRef {
        let existing = ids[EntityName(kind: .model, name: id.name)]
        let checked = try check(clauses)
        let entity: EntityRef
        if let existing {
            entity = ref(existing)
        } else {
            entity = declare(.model, id.name)
            models.append(AIModel(name: id.name))
        }
        currentModel = entity.id
        apply(checked, to: entity.id)
        return entity
    }

    /// `by C`, `params N`, `trained D`, `release D` on a line of their own.
    mutating func modelClause(_ clause: ModelClauseValue, word: String, statement span: SourceSpan) throws(LocatedError) {
        guard let id = currentModel else {
            throw LocatedError("'\(word)' needs a model: write 'model NAME' first", at: span,
                               help: "clauses apply to the model opened last, for example: model grok_4 by xai", kind: .runtime)
        }
        apply(try check([clause]), to: id)
    }

    private enum CheckedModelClause {
        case by(Int), params(Value), trained(Value), release(Value)
    }

    private func check(_ clauses: [ModelClauseValue]) throws(LocatedError) -> [CheckedModelClause] {
        var checked: [CheckedModelClause] = []
        for clause in clauses {
            switch clause {
            case .by(let company): checked.append(.by(try require(.company, company)))
            case .params(let n): checked.append(.params(try DomainArguments.count(n, for: "params")))
            case .trained(let d): checked.append(.trained(try DomainArguments.date(d, for: "trained")))
            case .release(let d): checked.append(.release(try DomainArguments.date(d, for: "release")))
            }
        }
        return checked
    }

    private mutating func apply(_ clauses: [CheckedModelClause], to id: Int) {
        let index = locations[id].index
        for clause in clauses {
            switch clause {
            case .by(let company): models[index].by = company
            case .params(let n): models[index].params = n
            case .trained(let d):
                models[index].trained = d
                addEvent(d, "model \(models[index].name) trained", key: .trained(model: id))
            case .release(let d):
                models[index].release = d
                addEvent(d, "release of model \(models[index].name)", key: .release(model: id))
            }
        }
    }

    /// `benchmark id ["Display Name"]`: declares a benchmark or amends it.
    @discardableResult
    mutating func benchmark(_ id: Identifier, displayName: String?) -> EntityRef {
        if let existing = ids[EntityName(kind: .benchmark, name: id.name)] {
            if let displayName { benchmarks[locations[existing].index].displayName = displayName }
            return ref(existing)
        }
        let entity = declare(.benchmark, id.name)
        benchmarks.append(Benchmark(name: id.name, displayName: displayName))
        return entity
    }

    /// `score MODEL on BENCHMARK PERCENT`: declares the model and the
    /// benchmark when they are new (neither becomes current); restating a
    /// score replaces it. Returns the entities the statement declared.
    mutating func score(_ model: Identifier, on benchmark: Identifier, _ score: DomainArgument) throws(LocatedError) -> [EntityRef] {
        let value = try DomainArguments.score(score)
        var declared: [EntityRef] = []
        let m: Int
        if let existing = ids[EntityName(kind: .model, name: model.name)] {
            m = existing
        } else {
            let entity = declare(.model, model.name)
            models.append(AIModel(name: model.name))
            declared.append(entity)
            m = entity.id
        }
        let b: Int
        if let existing = ids[EntityName(kind: .benchmark, name: benchmark.name)] {
            b = existing
        } else {
            b = self.benchmark(benchmark, displayName: nil).id
            declared.append(ref(b))
        }
        let key = ScoreKey(model: m, benchmark: b)
        if scores.updateValue(value, forKey: key) == nil { scoreOrder.append(key) }
        return declared
    }

    /// What a model scored on a benchmark.
    func score(_ model: EntityRef, _ benchmark: EntityRef) -> Value? {
        scores[ScoreKey(model: canonical(model.id), benchmark: canonical(benchmark.id))]
    }

    // MARK: Declaring

    private mutating func declare(_ kind: EntityKind, _ name: String) -> EntityRef {
        let id = locations.count
        let index: Int
        switch kind {
        case .company: index = companies.count
        case .deal: index = deals.count
        case .model: index = models.count
        case .benchmark: index = benchmarks.count
        case .scenario: index = 0
        }
        locations.append(EntityLocation(kind: kind, index: index))
        ids[EntityName(kind: kind, name: name)] = id
        return EntityRef(kind: kind, name: name, id: id)
    }
}
