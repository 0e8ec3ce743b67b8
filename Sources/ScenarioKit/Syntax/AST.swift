// The syntax tree: plain values that carry their spans. The resolver turns
// it into the evaluator's own slot-addressed form; tools (formatters,
// highlighters) can use it as it is.

/// A name as written, with its span.
public struct Identifier: Sendable, Equatable {
    public var name: String
    public var span: SourceSpan

    public init(_ name: String, _ span: SourceSpan) {
        self.name = name
        self.span = span
    }
}

public enum Literal: Sendable, Equatable {
    case number(Double)
    case money(Double, currency: String)
    case percent(Double)
    case points(Double)
    case duration(CalendarDuration)
    case date(CalendarDate)
    case period(PeriodLiteral)
    case bool(Bool)
}

public enum StringPart: Sendable, Equatable {
    case text(String)
    case interpolation(Expr)
}

public indirect enum Expr: Sendable, Equatable {
    case literal(Literal, SourceSpan)
    case string([StringPart], SourceSpan)
    case name(Identifier)
    case list([Expr], SourceSpan)
    case unary(UnaryOperator, Expr, SourceSpan)
    /// One binary operator: `a + b`, `a < b`, `a ^ b`.
    case binary(BinaryOperator, Expr, Expr, operatorSpan: SourceSpan, SourceSpan)
    /// Two or more binary operators applied left to right, `a + b * c - d`
    /// (the `*` is inside its right operand): what `.binary` nodes nested
    /// down the left would say, as one node, so that a chain of any length
    /// is as shallow as one of two.
    case chain(BinaryChain)
    /// `f(a, b)`; a pipe `xs |> f(y)` is parsed as `f(xs, y)`.
    case call(Expr, [Expr], SourceSpan)
    /// `x.name`
    case member(Expr, Identifier, SourceSpan)
    /// `xs[i]`
    case index(Expr, Expr, SourceSpan)
    case ifElse(Expr, then: Expr, else: Expr, SourceSpan)
    /// `fn(x, y) => body`
    case lambda([Identifier], body: Expr, SourceSpan)
    /// `{ stmts; expr }` — the value of the last statement, which must be an
    /// expression.
    case block([Stmt], SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .literal(_, let s), .string(_, let s), .list(_, let s), .unary(_, _, let s),
             .binary(_, _, _, _, let s), .call(_, _, let s), .member(_, _, let s),
             .index(_, _, let s), .ifElse(_, _, _, let s), .lambda(_, _, let s), .block(_, let s):
            return s
        case .chain(let c):
            return c.span
        case .name(let id):
            return id.span
        }
    }
}

/// `first op₁ right₁ op₂ right₂ …`, evaluated as `((first op₁ right₁) op₂
/// right₂) …`. A long sum is one of these: its length costs no depth in any
/// stage, and releasing it releases an array, not a deep tree.
public struct BinaryChain: Sendable, Equatable {
    public var first: Expr
    /// Two or more.
    public var links: [ChainLink]
    /// The whole chain.
    public var span: SourceSpan

    public init(first: Expr, links: [ChainLink], span: SourceSpan) {
        self.first = first
        self.links = links
        self.span = span
    }

    /// The span of the chain up to and including link `i`: the span the
    /// `.binary` node of that operator would have (`a + b` in `a + b + c`).
    public func span(through i: Int) -> SourceSpan {
        SourceSpan(start: span.start, end: links[i].end)
    }

    /// The span of the left operand of link `i`.
    public func leftSpan(of i: Int) -> SourceSpan {
        i == 0 ? first.span : span(through: i - 1)
    }
}

/// One operator of a `BinaryChain` and its right operand.
public struct ChainLink: Sendable, Equatable {
    public var op: BinaryOperator
    public var operatorSpan: SourceSpan
    public var right: Expr
    /// Where the chain up to this operand ends (after a closing bracket of
    /// the operand, which `right.span` leaves out).
    public var end: Int

    public init(op: BinaryOperator, operatorSpan: SourceSpan, right: Expr, end: Int) {
        self.op = op
        self.operatorSpan = operatorSpan
        self.right = right
        self.end = end
    }
}

/// The statements of SPEC §4, §6 and §8. Every case carries the span of the
/// whole statement last.
public indirect enum Stmt: Sendable, Equatable {
    case letBinding(Identifier, Expr, SourceSpan)
    /// `fn name(a, b) = expr` or `fn name(a) { … }` (body is then `.block`).
    case function(Identifier, [Identifier], body: Expr, SourceSpan)
    case print([Expr], SourceSpan)
    case assert(Expr, message: Expr?, SourceSpan)
    /// `set samples N`, `set seed N`, `set fiscal_year_start July`
    /// (for the month the value is the bare name, `.name`).
    case set(Identifier, Expr, SourceSpan)
    case expression(Expr, SourceSpan)
    case domain(DomainStmt, SourceSpan)
    /// `scenario name { … }`
    case scenario(Identifier, [Stmt], SourceSpan)
    /// `compare base, a, b`
    case compare([Identifier], SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .letBinding(_, _, let s), .function(_, _, _, let s), .print(_, let s), .assert(_, _, let s),
             .set(_, _, let s), .expression(_, let s), .domain(_, let s), .scenario(_, _, let s),
             .compare(_, let s):
            return s
        }
    }
}

public enum Consideration: String, Sendable {
    case cash, stock, mixed
}

public enum Party: String, Sendable {
    case buyer, target
}

public enum ModelClause: Sendable, Equatable {
    case by(Identifier)
    case params(Expr)
    case trained(Expr)
    case release(Expr)
}

/// The deal-domain statements of SPEC §6. DATE, MONEY, PROB and NUMBER
/// arguments are expressions.
public enum DomainStmt: Sendable, Equatable {
    /// `company id ["Display Name"]`
    case company(Identifier, displayName: String?)
    /// `merge a into b [on DATE] [as new_id ["Display Name"]]`
    case merge(Identifier, into: Identifier, on: Expr?, as: Identifier?, displayName: String?)
    /// `deal id [at MONEY] [cash|stock|mixed]` (without `at`, re-opens)
    case deal(Identifier, price: Expr?, consideration: Consideration?)
    case buyer(Identifier)
    case target(Identifier)
    case announce(Expr)
    case close(Expr)
    /// `breakup MONEY [paid by buyer|target]`
    case breakup(Expr, paidBy: Party?)
    /// `condition name [PROB]`
    case condition(Identifier, Expr?)
    /// `convert into "Class" [at MONEY]`
    case convert(into: Expr, at: Expr?)
    /// `outcome closed DATE` / `outcome abandoned DATE [fee paid]`
    case outcome(closed: Bool, Expr, feePaid: Bool)
    /// `model id [by C] [params N] [trained D] [release D]`
    case model(Identifier, [ModelClause])
    /// `by C`, `params N`, `trained D`, `release D` on their own: apply to the current model.
    case modelClause(ModelClause)
    /// `benchmark id ["Display Name"]`
    case benchmark(Identifier, displayName: String?)
    /// `score MODEL on BENCHMARK PERCENT`
    case score(Identifier, on: Identifier, Expr)
    /// `departures COMPANY N [since DATE]`
    case departures(Identifier, Expr, since: Expr?)
    /// `event DATE "text"`
    case event(Expr, Expr)
    case timeline
    case report
}
