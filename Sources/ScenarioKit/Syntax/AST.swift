// The syntax tree: plain values that carry their spans. The resolver turns
// it into the evaluator's own slot-addressed form; tools (formatters,
// highlighters) can use it as it is.

/// A name as written, with its span.
public struct Identifier: Sendable, Equatable {
    /// The name as written.
    public var name: String
    /// Where it was written.
    public var span: SourceSpan

    /// A name written at `span`.
    public init(_ name: String, _ span: SourceSpan) {
        self.name = name
        self.span = span
    }
}

/// A literal value as the lexer read it (SPEC §1).
public enum Literal: Sendable, Equatable {
    /// `42`, `1.5T` (the magnitude already applied).
    case number(Double)
    /// `$60B`, `5M EUR`: an amount in units of an ISO currency code.
    case money(Double, currency: String)
    /// `87.6%`, as the fraction 0.876.
    case percent(Double)
    /// `12.6pp`, as the fraction 0.126.
    case points(Double)
    /// `3 months`, `10 days`.
    case duration(CalendarDuration)
    /// `2026-05-25`, `May 25 2026`.
    case date(CalendarDate)
    /// `Q3 2026`, `mid-June 2026`, `FY2026`, as written (before the fiscal-year setting applies).
    case period(PeriodLiteral)
    /// `true`, `false`.
    case bool(Bool)
}

/// A piece of a string literal.
public enum StringPart: Sendable, Equatable {
    /// Literal text, escapes resolved.
    case text(String)
    /// An `{expr}` interpolation, parsed.
    case interpolation(Expr)
}

/// An expression (SPEC §3). Every case carries the span of the whole expression last.
public indirect enum Expr: Sendable, Equatable {
    /// A literal.
    case literal(Literal, SourceSpan)
    /// `"text {expr}"`
    case string([StringPart], SourceSpan)
    /// A name: a binding, a function, an entity or a built-in.
    case name(Identifier)
    /// `[a, b, c]`
    case list([Expr], SourceSpan)
    /// `-x`, `not x`
    case unary(UnaryOperator, Expr, SourceSpan)
    /// One binary operator: `a + b`, `a to b`, `a and b`, …; `operatorSpan`
    /// is where the operator is.
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
    /// `if c then a else b`
    case ifElse(Expr, then: Expr, else: Expr, SourceSpan)
    /// `fn(x, y) => body`
    case lambda([Identifier], body: Expr, SourceSpan)
    /// `{ stmts; expr }` — the value of the last statement, which must be an
    /// expression.
    case block([Stmt], SourceSpan)
    /// `{name: "d1", price: $1B}` (SPEC §22).
    case record([RecordField], SourceSpan)
    /// `r with {p: 60%}`: a copy of r with the fields replaced.
    case recordUpdate(Expr, [RecordField], SourceSpan)

    /// The span of the whole expression.
    public var span: SourceSpan {
        switch self {
        case .literal(_, let s), .string(_, let s), .list(_, let s), .unary(_, _, let s),
             .binary(_, _, _, _, let s), .call(_, _, let s), .member(_, _, let s),
             .index(_, _, let s), .ifElse(_, _, _, let s), .lambda(_, _, let s), .block(_, let s),
             .record(_, let s), .recordUpdate(_, _, let s):
            return s
        case .chain(let c):
            return c.span
        case .name(let id):
            return id.span
        }
    }
}

/// `name: value` in a record literal or after `with`.
public struct RecordField: Sendable, Equatable {
    /// The field's name as written.
    public var name: Identifier
    /// The field's value.
    public var value: Expr

    /// A field `name: value`.
    public init(name: Identifier, value: Expr) {
        self.name = name
        self.value = value
    }
}

/// `first op₁ right₁ op₂ right₂ …`, evaluated as `((first op₁ right₁) op₂
/// right₂) …`. A long sum is one of these: its length costs no depth in any
/// stage, and releasing it releases an array, not a deep tree.
public struct BinaryChain: Sendable, Equatable {
    /// The leftmost operand.
    public var first: Expr
    /// Two or more.
    public var links: [ChainLink]
    /// The whole chain.
    public var span: SourceSpan

    /// A chain of `first` and two or more links.
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
    /// The operator.
    public var op: BinaryOperator
    /// Where the operator is.
    public var operatorSpan: SourceSpan
    /// The operand after it.
    public var right: Expr
    /// Where the chain up to this operand ends (after a closing bracket of
    /// the operand, which `right.span` leaves out).
    public var end: Int

    /// One link: `op right`, the chain so far ending at `end`.
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
    /// `let name = expr`
    case letBinding(Identifier, Expr, SourceSpan)
    /// `fn name(a, b) = expr` or `fn name(a) { … }` (body is then `.block`).
    case function(Identifier, [Identifier], body: Expr, SourceSpan)
    /// `print a, b`
    case print([Expr], SourceSpan)
    /// `assert cond` or `assert cond, "message"`
    case assert(Expr, message: Expr?, SourceSpan)
    /// `set samples N`, `set seed N`, `set fiscal_year_start July`
    /// (for the month the value is the bare name, `.name`).
    case set(Identifier, Expr, SourceSpan)
    /// An expression on its own (the REPL echoes its value).
    case expression(Expr, SourceSpan)
    /// A deal-domain statement (SPEC §6).
    case domain(DomainStmt, SourceSpan)
    /// `scenario name { … }`
    /// `scenario name [in parent[.child…]] { … }`
    case scenario(Identifier, in: [Identifier], [Stmt], SourceSpan)
    /// `compare base, a, b`
    /// `compare base, bear[: rows]`: the rows are names or members (`v`,
    /// `cursor.close`), all rows when none are given.
    case compare([Identifier], rows: [Expr], SourceSpan)

    /// The span of the whole statement.
    public var span: SourceSpan {
        switch self {
        case .letBinding(_, _, let s), .function(_, _, _, let s), .print(_, let s), .assert(_, _, let s),
             .set(_, _, let s), .expression(_, let s), .domain(_, let s), .scenario(_, _, _, let s),
             .compare(_, _, let s):
            return s
        }
    }
}

/// How a deal is paid: `deal cursor at $60B stock`.
public enum Consideration: String, Sendable {
    /// In cash, in the buyer's stock, or both.
    case cash, stock, mixed
}

/// A side of a deal (`breakup $10B paid by buyer`).
public enum Party: String, Sendable {
    /// The buyer or the target.
    case buyer, target
}

/// One clause of a `model` statement.
public enum ModelClause: Sendable, Equatable {
    /// `by company`: who made the model.
    case by(Identifier)
    /// `params N`: the parameter count.
    case params(Expr)
    /// `trained DATE`: when training finished.
    case trained(Expr)
    /// `release DATE`: when the model was released.
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
    /// `buyer company`
    case buyer(Identifier)
    /// `target company`
    case target(Identifier)
    /// `announce DATE`
    case announce(Expr)
    /// `close DATE` (a date, a period or an uncertain date)
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
    /// `timeline`: prints every dated fact in order.
    case timeline
    /// `report`: prints the state of every entity.
    case report
}
