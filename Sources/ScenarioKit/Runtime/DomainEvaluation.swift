// Runs the deal-domain statements of SPEC §6 against the session's
// `DomainState`, reads entities' members, and provides the domain's
// built-in `score` (`implied_p` is a core built-in, shared with the deal method).
//
// A domain statement evaluates its expressions first, then makes exactly one
// call into `DomainState`, which checks everything before changing anything;
// only then are its names bound. So a failing domain statement changes
// nothing, and the state needs no per-statement snapshot (which would make a
// script of 20,000 deals quadratic).

enum DomainEvaluation {
    // MARK: Statements

    /// A domain statement's code: its expressions are evaluated in source
    /// order, then it makes one call into `DomainState`.
    static func compile(_ resolved: ResolvedDomain) -> (Frame) throws -> Void {
        let span = resolved.span
        switch resolved.statement {
        case .company(let id, let display, let binding):
            return { f in store(.entity(f.runtime.domain.company(id, displayName: display)), binding.access, f) }
        case .benchmark(let id, let display, let binding):
            return { f in store(.entity(f.runtime.domain.benchmark(id, displayName: display)), binding.access, f) }
        case .merge(let merge):
            // Closures keep names, spans and compiled code, never the resolved tree.
            let date = merge.date.map(argument)
            let absorbed = merge.absorbed, survivor = merge.survivor, newName = merge.newName
            let displayName = merge.displayName, bindings = merge.bindings
            return { f in
                let survivors = try f.runtime.domain.merge(absorbed, into: survivor, on: try date?(f),
                                                           as: newName, displayName: displayName)
                for (name, ref) in survivors {
                    guard let access = bindings.first(where: { $0.name == name })?.access else { continue }
                    // `merge a into b` re-points a and b only where they still name companies.
                    if name == newName?.name || holdsCompany(access, f) { store(.entity(ref), access, f) }
                }
                // Every value bound before the merge that holds an absorbed company acts as the survivor.
                let runtime = f.runtime
                for slot in runtime.globals.indices {
                    if let v = runtime.globals[slot], let moved = runtime.domain.followingMerges(v) {
                        runtime.globals[slot] = moved
                    }
                }
            }
        case .deal(let deal):
            let price = deal.price.map(argument)
            let id = deal.id, consideration = deal.consideration, binding = deal.binding
            return { f in
                let ref = try f.runtime.domain.deal(id, price: try price?(f), consideration: consideration)
                if let binding { store(.entity(ref), binding.access, f) }
            }
        case .party(let party, let company):
            return { f in try f.runtime.domain.party(party, company, statement: span) }
        case .announce(let date):
            let date = argument(date)
            return { f in try f.runtime.domain.announce(try date(f), statement: span) }
        case .close(let date):
            let date = argument(date)
            return { f in try f.runtime.domain.close(try date(f), statement: span) }
        case .breakup(let amount, let payer):
            let amount = argument(amount)
            return { f in try f.runtime.domain.breakup(try amount(f), paidBy: payer, statement: span) }
        case .condition(let name, let probability):
            let probability = probability.map(argument)
            return { f in try f.runtime.domain.condition(name, try probability?(f), statement: span) }
        case .convert(let share, let valuation):
            let share = argument(share), valuation = valuation.map(argument)
            return { f in
                let s = try share(f)
                try f.runtime.domain.convert(into: s, at: try valuation?(f), statement: span)
            }
        case .outcome(let closed, let date, let feePaid):
            let date = argument(date)
            return { f in try f.runtime.domain.outcome(closed: closed, try date(f), feePaid: feePaid, statement: span) }
        case .model(let model):
            let clauses = model.clauses.map(clause)
            let id = model.id, access = model.binding.access
            return { f in
                let values = try clauses.map { try $0(f) }
                store(.entity(try f.runtime.domain.model(id, values)), access, f)
            }
        case .modelClause(let c):
            let value = clause(c)
            let word = c.word
            return { f in try f.runtime.domain.modelClause(try value(f), word: word, statement: span) }
        case .score(let score):
            let value = argument(score.value)
            let model = score.model, benchmark = score.benchmark, bindings = score.bindings
            return { f in
                for ref in try f.runtime.domain.score(model, on: benchmark, try value(f)) {
                    if let binding = bindings.first(where: { $0.name == ref.name }) {
                        store(.entity(ref), binding.access, f)
                    }
                }
            }
        case .departures(let departures):
            let count = argument(departures.count), since = departures.since.map(argument)
            let company = departures.company
            return { f in
                let n = try count(f)
                try f.runtime.domain.departures(company, n, since: try since?(f))
            }
        case .event(let date, let text):
            let date = argument(date), text = argument(text)
            return { f in
                let d = try date(f)
                try f.runtime.domain.event(d, try text(f))
            }
        case .timeline:
            return { f in for line in f.runtime.domain.timelineLines() { f.runtime.output(line) } }
        case .report:
            return { f in for line in f.runtime.domain.reportLines() { f.runtime.output(line) } }
        }
    }

    /// An argument's code: its value with its span. A constant (the usual
    /// case: `breakup $10B`) is kept as it is, without a closure to call.
    enum ArgumentCode {
        case constant(DomainArgument)
        case code(Code, SourceSpan)

        @inline(__always)
        func callAsFunction(_ f: Frame) throws -> DomainArgument {
            switch self {
            case .constant(let argument): return argument
            case .code(let code, let span):
                let runtime = f.runtime
                if let replayed = runtime.replayedArgument() { return replayed }
                return DomainArgument(try code(f), at: span).logged(in: runtime)
            }
        }
    }

    private static func argument(_ e: DomainExpression) -> ArgumentCode {
        if case .constant(let v) = e.expression { return .constant(DomainArgument(v, at: e.span)) }
        return .code(Compiler.expr(e.expression), e.span)
    }

    private static func clause(_ c: ResolvedModelClause) -> (Frame) throws -> ModelClauseValue {
        switch c {
        case .by(let company): return { _ in .by(company) }
        case .params(let e):
            let a = argument(e)
            return { f in .params(try a(f)) }
        case .trained(let e):
            let a = argument(e)
            return { f in .trained(try a(f)) }
        case .release(let e):
            let a = argument(e)
            return { f in .release(try a(f)) }
        }
    }

    private static func store(_ value: Value, _ access: Access, _ f: Frame) {
        switch access {
        case .global(let slot):
            f.runtime.setGlobal(slot, value)
        case .local(let slot):
            f[slot] = value
        case .capture, .currentFunction, .builtin:
            break
        }
    }

    private static func holdsCompany(_ access: Access, _ f: Frame) -> Bool {
        let value: Value?
        switch access {
        case .global(let slot): value = f.runtime.global(slot)
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
        let runtime = f.runtime
        if entity.kind == .deal && name.name == "implied_p" {
            return .function(impliedPMethod(of: entity))
        }
        if entity.kind == .deal && name.name == "buyer_cost" {
            return try UncertainDeals.buyerCost(of: entity, at: name.span, in: f)
        }
        // Read in place: a copy of the domain would retain and release every
        // array and table in it.
        guard let value = try runtime.domain.member(name.name, of: entity, at: name.span) else {
            let domain = runtime.domain
            let current = domain.location(of: entity).map { _ in domain.ref(entity.id) } ?? entity
            throw LocatedError("\(current) has no \(name.name) yet", at: name.span,
                               help: DomainState.howToSet(name.name, of: current), kind: .runtime)
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
                guard let price = try frame.runtime.domain.member("price", of: deal, at: site.span) else {
                    throw LocatedError("\(deal) has no price", at: site.span, kind: .runtime)
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
                                   help: "for example: score(grok_4, swe_bench)", kind: .type)
            }
            guard case .entity(let benchmark) = args[1], benchmark.kind == .benchmark else {
                throw LocatedError("'score' needs a benchmark second, not \(args[1].typeName)", at: site.argument(1),
                                   help: "for example: score(grok_4, swe_bench)", kind: .type)
            }
            let domain = frame.runtime.domain
            guard let value = domain.score(model, benchmark) else {
                let m = domain.ref(model.id).name, b = domain.ref(benchmark.id).name
                throw LocatedError("model \(m) has no score on \(b)", at: site.span,
                                   help: "state it with 'score \(m) on \(b) PERCENT'", kind: .runtime)
            }
            return value
        },
    ]
}
