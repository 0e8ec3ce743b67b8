// Checking the values domain clauses are given (SPEC §6): what a DATE, a
// MONEY, a PROB or a NUMBER may be. Every check throws before the state is
// touched, so a failing clause changes nothing.

/// An evaluated argument of a domain statement, with the span of the
/// expression it came from (for errors).
struct DomainArgument: Sendable {
    var value: Value
    var span: SourceSpan

    init(_ value: Value, at span: SourceSpan) {
        self.value = value
        self.span = span
    }
}

enum DomainArguments {
    /// A date or a period (`close Q3 2026`); with `uncertain`, also an
    /// uncertain date (`close Q3 2026 to Q1 2027`, SPEC §6).
    static func date(_ argument: DomainArgument, for clause: String,
                     uncertain: Bool = false) throws(LocatedError) -> Value {
        switch argument.value {
        case .date, .period:
            return argument.value
        case .uncertain(let set) where uncertain && set.dimension == .date:
            return argument.value
        default:
            throw LocatedError("'\(clause)' needs a date or a period, not \(argument.value.typeName)",
                               at: argument.span, help: "for example: \(clause) Q3 2026, or \(clause) 2026-05-25", kind: .type)
        }
    }

    /// The currency of money or uncertain money.
    static func currency(of value: Value) -> String? {
        switch value {
        case .money(_, let currency): return currency
        case .uncertain(let set):
            if case .money(let currency) = set.dimension { return currency }
            return nil
        default: return nil
        }
    }

    /// Money; a plain number is taken in `currency` (`60B` is `$60B`).
    /// With `positive`, zero and less are refused; otherwise only negatives.
    /// (`clause` is only built for an error: most callers interpolate it.)
    static func money(_ argument: DomainArgument, for clause: @autoclosure () -> String, currency: String,
                      positive: Bool = false) throws(LocatedError) -> Value {
        let value: Value
        switch argument.value {
        case .money:
            value = argument.value
        case .number(let x):
            value = .money(x, currency: currency)
        case .uncertain(let set) where set.dimension == .number:
            value = .uncertain(set.keepingProvenance(samples: set.samples, dimension: .money(currency: currency)))
        case .uncertain where Self.currency(of: argument.value) != nil:
            value = argument.value
        default:
            let clause = clause()
            throw LocatedError("'\(clause)' needs an amount of money, not \(argument.value.typeName)",
                               at: argument.span, help: "for example: \(clause) $10B", kind: .type)
        }
        if case .money(let amount, _) = value {
            if positive ? !(amount > 0) : !(amount >= 0) {
                throw LocatedError("'\(clause())' needs an amount \(positive ? "above" : "of at least") "
                                   + "\(ValueFormatter.money(0, currency: currency)), not \(ValueFormatter.exact(value))",
                                   at: argument.span, kind: .runtime)
            }
        }
        return value
    }

    /// A probability: a percent from 0% to 100%, or a plain fraction from 0
    /// to 1. An uncertain one has its samples clamped to 0%…100% (SPEC §6).
    static func probability(_ argument: DomainArgument, for clause: @autoclosure () -> String) throws(LocatedError) -> Value {
        switch argument.value {
        case .percent(let p), .number(let p), .points(let p):  // points are percents (SPEC §2)
            guard p >= 0 && p <= 1 else {
                let clause = clause()
                let help = if case .number(let x) = argument.value, x > 1, x <= 100 {
                    "a probability is a percent: write \(ValueFormatter.exact(.number(x)))%"
                } else {
                    "a probability lies between 0% and 100%"
                }
                throw LocatedError("'\(clause)' needs a probability from 0% to 100%, not \(ValueFormatter.exact(argument.value))",
                                   at: argument.span, help: help, kind: .runtime)
            }
            return .percent(p)
        case .uncertain(let set) where set.dimension.isFraction:
            return .uncertain(set.keepingProvenance(samples: set.samples.map { min(max($0, 0), 1) }, dimension: .percent))
        default:
            let clause = clause()
            throw LocatedError("'\(clause)' needs a probability, not \(argument.value.typeName)",
                               at: argument.span, help: "for example: \(clause) 80%", kind: .type)
        }
    }

    /// A plain number of at least zero (`params 1.5T`); with `whole`, an integer.
    static func count(_ argument: DomainArgument, for clause: String, whole: Bool = false) throws(LocatedError) -> Value {
        guard case .number(let x) = argument.value else {
            throw LocatedError("'\(clause)' needs a plain number, not \(argument.value.typeName)",
                               at: argument.span, kind: .type)
        }
        guard x >= 0, x.isFinite, !whole || x == x.rounded() else {
            throw LocatedError("'\(clause)' needs \(whole ? "a whole number" : "a number") of at least 0, not \(ValueFormatter.exact(argument.value))",
                               at: argument.span, kind: .runtime)
        }
        return argument.value
    }

    /// A benchmark score: a percent (`87.6%`) or a plain number (an Elo rating).
    static func score(_ argument: DomainArgument) throws(LocatedError) -> Value {
        switch argument.value {
        case .percent, .number:
            return argument.value
        case .points(let p):
            return .percent(p)  // points are percents that print as pp (SPEC §2)
        case .uncertain(let set) where set.dimension == .points:
            return .uncertain(set.keepingProvenance(samples: set.samples, dimension: .percent))
        case .uncertain(let set) where set.dimension == .percent || set.dimension == .number:
            return argument.value
        default:
            throw LocatedError("'score' needs a percent, not \(argument.value.typeName)",
                               at: argument.span, help: "for example: score grok_4 on swe_bench 75%", kind: .type)
        }
    }

    static func string(_ argument: DomainArgument, for clause: String, example: String) throws(LocatedError) -> String {
        guard case .string(let s) = argument.value else {
            throw LocatedError("'\(clause)' needs a string, not \(argument.value.typeName)",
                               at: argument.span, help: "for example: \(example)", kind: .type)
        }
        return s
    }

    /// The first and last day of a date or period, for ordering events.
    static func bounds(of value: Value) -> (start: Int, end: Int) {
        switch value {
        case .date(let d): return (d.dayNumber, d.dayNumber)
        case .period(let p): return (p.start.dayNumber, p.end.dayNumber)
        case .uncertain(let set) where set.dimension == .date:
            // An uncertain date (an uncertain close) sits at its median.
            let median = Dimension.wholeDays(Statistics.percentile(set.samples, 0.5))
            return (median, median)
        default: return (Int.max, Int.max)
        }
    }
}
