// Runs the deal-domain statements of SPEC §6 against the session's
// `DomainState`, reads entities' members, and provides the domain's
// built-in `score` (`implied_p` is a core built-in, shared with the deal method).
//
// A domain statement evaluates its expressions first, then makes exactly one
// call into `DomainState`, which checks everything before changing anything;
// only then are its names bound. So a failing domain statement changes
// nothing, and the state needs no per-statement snapshot (which would make a
// script of 20,000 deals quadratic).

/// A domain statement after resolution.
struct ResolvedDomain {
    var statement: DomainStmt
    var span: SourceSpan
    /// The expressions of ``DomainEvaluation/forEachArgument(of:_:)``,
    /// resolved, in that order, each with its span (for errors about its
    /// value). One array: most statements have one argument, and an array
    /// is an allocation.
    var arguments: [(expression: ResolvedExpr, span: SourceSpan)]
    /// Where the entity names the statement declares (or, for `merge`, re-points) live.
    var names: [(name: String, access: Access)]
}

enum DomainEvaluation {
    /// The expressions of a domain statement in the order they are
    /// evaluated, handed to `body` one by one (without an array of them).
    static func forEachArgument(of statement: DomainStmt, _ body: (Expr) -> Void) {
        switch statement {
        case .merge(_, _, let on, _, _): if let on { body(on) }
        case .deal(_, let price, _): if let price { body(price) }
        case .announce(let e), .close(let e), .breakup(let e, _), .outcome(_, let e, _): body(e)
        case .condition(_, let p): if let p { body(p) }
        case .convert(let into, let at):
            body(into)
            if let at { body(at) }
        case .model(_, let clauses): for clause in clauses { if let e = argument(clause) { body(e) } }
        case .modelClause(let clause): if let e = argument(clause) { body(e) }
        case .score(_, _, let value): body(value)
        case .departures(_, let count, let since):
            body(count)
            if let since { body(since) }
        case .event(let date, let text):
            body(date)
            body(text)
        case .company, .benchmark, .buyer, .target, .timeline, .report: break
        }
    }

    private static func argument(_ clause: ModelClause) -> Expr? {
        switch clause {
        case .by: nil
        case .params(let e), .trained(let e), .release(let e): e
        }
    }

    // MARK: Statements

    /// A domain statement runs once each time its statement runs (they are
    /// top-level or in a scenario body), so its expressions are evaluated
    /// from the tree rather than compiled (``Compiler/evaluate(_:_:)``).
    static func compile(_ resolved: ResolvedDomain) -> (Frame) throws -> Void {
        { f in try run(resolved, in: f) }
    }

    static func run(_ resolved: ResolvedDomain, in f: Frame) throws {
        var args = ArgumentQueue()
        for (e, span) in resolved.arguments {
            args.append(DomainArgument(try Compiler.evaluate(e, f), at: span))
        }
        try execute(resolved, args, in: f)
    }

    /// A statement's evaluated arguments, taken in order. The first is held
    /// in place: most statements have one, and an array is an allocation.
    struct ArgumentQueue {
        private var head: DomainArgument?
        private var tail: [DomainArgument] = []
        private var taken = 0

        /// Only before the first `next()`.
        mutating func append(_ argument: DomainArgument) {
            if head == nil && tail.isEmpty { head = argument } else { tail.append(argument) }
        }

        mutating func next() -> DomainArgument? {
            if let first = head {
                head = nil
                return first
            }
            guard taken < tail.count else { return nil }
            taken += 1
            return tail[taken - 1]
        }
    }

    private static func execute(_ resolved: ResolvedDomain, _ args: ArgumentQueue, in f: Frame) throws {
        let interpreter = f.interpreter
        var next = args
        let span = resolved.span
        switch resolved.statement {
        case .company(let id, let display):
            bind(interpreter.domain.company(id, displayName: display), as: id.name, resolved, f)
        case .benchmark(let id, let display):
            bind(interpreter.domain.benchmark(id, displayName: display), as: id.name, resolved, f)
        case .merge(let a, let b, let on, let newName, let display):
            let date = on == nil ? nil : next.next()
            let survivor = try interpreter.domain.merge(a, into: b, on: date, as: newName, displayName: display)
            for (name, ref) in survivor {
                guard let access = resolved.names.first(where: { $0.name == name })?.access else { continue }
                // `merge a into b` re-points a and b only where they still name companies.
                if name == newName?.name || holdsCompany(access, f) { store(.entity(ref), access, f) }
            }
            // Every value bound before the merge that holds an absorbed company acts as the survivor.
            for slot in interpreter.globals.indices {
                if let v = interpreter.globals[slot], let moved = interpreter.domain.followingMerges(v) {
                    interpreter.globals[slot] = moved
                }
            }
        case .deal(let id, let price, let consideration):
            let ref = try interpreter.domain.deal(id, price: price == nil ? nil : next.next(), consideration: consideration)
            bind(ref, as: id.name, resolved, f)
        case .buyer(let company):
            try interpreter.domain.party(.buyer, company, statement: span)
        case .target(let company):
            try interpreter.domain.party(.target, company, statement: span)
        case .announce:
            try interpreter.domain.announce(try take(&next, span), statement: span)
        case .close:
            try interpreter.domain.close(try take(&next, span), statement: span)
        case .breakup(_, let payer):
            try interpreter.domain.breakup(try take(&next, span), paidBy: payer, statement: span)
        case .condition(let name, let p):
            try interpreter.domain.condition(name, p == nil ? nil : next.next(), statement: span)
        case .convert(_, let at):
            let share = try take(&next, span)
            try interpreter.domain.convert(into: share, at: at == nil ? nil : next.next(), statement: span)
        case .outcome(let closed, _, let feePaid):
            try interpreter.domain.outcome(closed: closed, try take(&next, span), feePaid: feePaid, statement: span)
        case .model(let id, let clauses):
            let values = try clauses.map { try clauseValue($0, &next, span) }
            bind(try interpreter.domain.model(id, values), as: id.name, resolved, f)
        case .modelClause(let clause):
            try interpreter.domain.modelClause(try clauseValue(clause, &next, span), word: word(of: clause),
                                               statement: span)
        case .score(let model, let benchmark, _):
            for ref in try interpreter.domain.score(model, on: benchmark, try take(&next, span)) {
                bind(ref, as: ref.name, resolved, f)
            }
        case .departures(let company, _, let since):
            let count = try take(&next, span)
            try interpreter.domain.departures(company, count, since: since == nil ? nil : next.next())
        case .event:
            let date = try take(&next, span)
            try interpreter.domain.event(date, try take(&next, span))
        case .timeline:
            for line in interpreter.domain.timelineLines() { interpreter.output(line) }
        case .report:
            for line in interpreter.domain.reportLines() { interpreter.output(line) }
        }
    }

    private static func take(_ next: inout ArgumentQueue, _ span: SourceSpan) throws -> DomainArgument {
        guard let value = next.next() else {
            throw LocatedError("internal error: a domain statement lost an argument", at: span)
        }
        return value
    }

    private static func clauseValue(_ clause: ModelClause, _ next: inout ArgumentQueue,
                                    _ span: SourceSpan) throws -> ModelClauseValue {
        switch clause {
        case .by(let company): return .by(company)
        case .params: return .params(try take(&next, span))
        case .trained: return .trained(try take(&next, span))
        case .release: return .release(try take(&next, span))
        }
    }

    private static func word(of clause: ModelClause) -> String {
        switch clause {
        case .by: "by"
        case .params: "params"
        case .trained: "trained"
        case .release: "release"
        }
    }

    /// Stores an entity in the slot its name was bound to by this statement.
    private static func bind(_ ref: EntityRef, as name: String, _ resolved: ResolvedDomain, _ f: Frame) {
        guard let access = resolved.names.first(where: { $0.name == name })?.access else { return }
        store(.entity(ref), access, f)
    }

    private static func store(_ value: Value, _ access: Access, _ f: Frame) {
        switch access {
        case .global(let slot):
            if slot < f.interpreter.globals.count { f.interpreter.globals[slot] = value }
        case .local(let slot):
            f[slot] = value
        case .capture, .currentFunction, .builtin:
            break
        }
    }

    private static func holdsCompany(_ access: Access, _ f: Frame) -> Bool {
        let value: Value?
        switch access {
        case .global(let slot): value = slot < f.interpreter.globals.count ? f.interpreter.globals[slot] : nil
        case .local(let slot): value = f[slot]
        case .capture, .currentFunction, .builtin: return false
        }
        guard let value else { return true }
        if case .entity(let e) = value { return e.kind == .company }
        return false
    }

    // MARK: Members

    /// `entity.name`: a stored or derived member, or the method `implied_p` of a deal.
    static func member(of entity: EntityRef, _ name: Identifier, in f: Frame) throws -> Value {
        let interpreter = f.interpreter
        if entity.kind == .deal && name.name == "implied_p" {
            return .function(impliedPMethod(of: entity))
        }
        if entity.kind == .deal && name.name == "buyer_cost" {
            return try UncertainDeals.buyerCost(of: entity, at: name.span, in: f)
        }
        // Read in place: a copy of the domain would retain and release every
        // array and table in it.
        guard let value = try interpreter.domain.member(name.name, of: entity, at: name.span) else {
            let domain = interpreter.domain
            let current = domain.location(of: entity).map { _ in domain.ref(entity.id) } ?? entity
            throw LocatedError("\(current) has no \(name.name) yet", at: name.span,
                               help: DomainState.howToSet(name.name, of: current))
        }
        return value
    }

    /// Member names for completion and did-you-mean.
    static func memberNames(of entity: EntityRef) -> [String] {
        DomainState.memberNames(of: entity.kind) + (entity.kind == .deal ? ["implied_p", "buyer_cost"] : [])
    }

    /// `deal.implied_p(market, fallback [, offer])`: the offer defaults to the deal's price.
    private static func impliedPMethod(of deal: EntityRef) -> FunctionValue {
        FunctionValue(builtin: Builtin(name: "implied_p", parameters: ["market", "fallback", "offer"],
                                       arity: 2...3) { frame, args, site in
            let offer: Value
            if args.count == 3 {
                offer = args[2]
            } else {
                guard let price = try frame.interpreter.domain.member("price", of: deal, at: site.span) else {
                    throw LocatedError("\(deal) has no price", at: site.span)
                }
                offer = price
            }
            return try DomainState.impliedP(market: args[0], fallback: args[1], offer: offer, at: site.span)
        })
    }

    // MARK: Built-ins

    /// `score(model, benchmark)` (`implied_p` is a core built-in).
    static let builtins: [Builtin] = [
        Builtin(name: "score", parameters: ["model", "benchmark"], arity: 2...2) { frame, args, site in
            guard case .entity(let model) = args[0], model.kind == .model else {
                throw LocatedError("'score' needs a model first, not \(args[0].typeName)", at: site.argument(0),
                                   help: "for example: score(grok_4, swe_bench)")
            }
            guard case .entity(let benchmark) = args[1], benchmark.kind == .benchmark else {
                throw LocatedError("'score' needs a benchmark second, not \(args[1].typeName)", at: site.argument(1),
                                   help: "for example: score(grok_4, swe_bench)")
            }
            let domain = frame.interpreter.domain
            guard let value = domain.score(model, benchmark) else {
                let m = domain.ref(model.id).name, b = domain.ref(benchmark.id).name
                throw LocatedError("model \(m) has no score on \(b)", at: site.span,
                                   help: "state it with 'score \(m) on \(b) PERCENT'")
            }
            return value
        },
    ]
}
