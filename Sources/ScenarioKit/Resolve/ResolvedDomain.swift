// The deal-domain statements of SPEC §6 after resolution: each statement's
// expressions resolved in named fields, and every entity name it declares
// with the slot it is bound to. `DomainEvaluation` runs them.

/// An expression a domain clause is given (DATE, MONEY, PROB, NUMBER), with
/// its span for errors about its value.
struct DomainExpression {
    var expression: ResolvedExpr
    var span: SourceSpan
}

/// A name a domain statement binds (or, for `merge`, re-points), and where.
struct EntityBinding {
    var name: String
    var access: Access
}

enum ResolvedModelClause {
    case by(Identifier)
    case params(DomainExpression)
    case trained(DomainExpression)
    case release(DomainExpression)

    /// The clause's word, for errors.
    var word: String {
        switch self {
        case .by: "by"
        case .params: "params"
        case .trained: "trained"
        case .release: "release"
        }
    }
}

/// `merge a into b [on DATE] [as new_id ["Display Name"]]`
struct ResolvedMerge {
    var absorbed: Identifier
    var survivor: Identifier
    var date: DomainExpression?
    var newName: Identifier?
    var displayName: String?
    /// a, b and new_id, where each is bound (a and b only when they resolved).
    var bindings: [EntityBinding]
}

/// `deal id [at MONEY] [cash|stock|mixed]`
struct ResolvedDeal {
    var id: Identifier
    var price: DomainExpression?
    var consideration: Consideration?
    /// Where the deal's name is bound; nil when it re-opens a deal.
    var binding: EntityBinding?
}

/// `model id [by C] [params N] [trained D] [release D]`
struct ResolvedModel {
    var id: Identifier
    var clauses: [ResolvedModelClause]
    var binding: EntityBinding
}

/// `score MODEL on BENCHMARK PERCENT`
struct ResolvedScore {
    var model: Identifier
    var benchmark: Identifier
    var value: DomainExpression
    /// The model and the benchmark when this statement declares them.
    var bindings: [EntityBinding]
}

/// `departures COMPANY N [since DATE]`
struct ResolvedDepartures {
    var company: Identifier
    var count: DomainExpression
    var since: DomainExpression?
}

enum ResolvedDomainStatement {
    /// `company id ["Display Name"]` and `benchmark id ["Display Name"]`
    case company(Identifier, displayName: String?, EntityBinding)
    case benchmark(Identifier, displayName: String?, EntityBinding)
    case merge(ResolvedMerge)
    case deal(ResolvedDeal)
    case party(Party, Identifier)
    case announce(DomainExpression)
    case close(DomainExpression)
    case breakup(DomainExpression, paidBy: Party?)
    case condition(Identifier, probability: DomainExpression?)
    case convert(share: DomainExpression, valuation: DomainExpression?)
    case outcome(closed: Bool, date: DomainExpression, feePaid: Bool)
    case model(ResolvedModel)
    case modelClause(ResolvedModelClause)
    case score(ResolvedScore)
    case departures(ResolvedDepartures)
    case event(date: DomainExpression, text: DomainExpression)
    case timeline
    case report
}

/// A domain statement after resolution.
struct ResolvedDomain {
    var statement: ResolvedDomainStatement
    var span: SourceSpan
}
