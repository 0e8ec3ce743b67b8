// Dimension-checked arithmetic, comparison and indexing on plain values
// (SPEC §2, §5), and the operator symbols the parser reads. Uncertain
// operands are lifted sample by sample in UncertainOperators.swift.

/// The operators of SPEC §3, as the parser reads them and the
/// operators below apply them.
public enum UnaryOperator: String, Sendable {
    /// `-x` and `not x`.
    case negate = "-", not = "not"
}

/// The binary operators; the raw value is the spelling.
public enum BinaryOperator: String, Sendable {
    /// Arithmetic, dimension-checked (SPEC §2).
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^", mod = "mod"
    /// Comparisons within one dimension.
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    /// Membership (`d in Q3 2026`), ranges (`50B to 70B`) and logic.
    case `in` = "in", to = "to", and = "and", or = "or"
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dimension-checked arithmetic, comparison and indexing (SPEC §2, §5):
/// pure functions over values; a mismatch is a `LocatedError` at `span`,
/// the whole expression being evaluated.
enum Operators {
    /// The longest list any operation may build (SPEC §9: no input hangs or
    /// exhausts memory).
    static let maxListCount = 10_000_000
    /// The longest string, in UTF-8 bytes.
    static let maxStringBytes = 10_000_000
    /// Durations stay within ±10,000 years.
    static let maxDurationMonths = 120_000
    static let maxDurationDays = 3_660_000

    // MARK: Errors

    static func mismatch(_ verb: String, _ a: Value, _ b: Value, _ span: SourceSpan) -> LocatedError {
        LocatedError("cannot \(verb) \(dimensionName(a)) and \(dimensionName(b))", at: span, kind: .type)
    }

    /// Dimension errors name a period "a date": both are the calendar
    /// dimension (SPEC §9: `$10B + Q3 2026` cannot add money and a date).
    static func dimensionName(_ v: Value) -> String {
        if case .period = v { return "a date" }
        return v.typeName
    }

    @inline(__always)
    static func finite(_ x: Double, _ span: SourceSpan) throws -> Double {
        guard x.isFinite else { throw LocatedError("result is not a finite number", at: span, kind: .runtime) }
        return x
    }

    static func divisionByZero(_ span: SourceSpan) -> LocatedError {
        LocatedError("division by zero", at: span, kind: .runtime)
    }

    // MARK: + and -

    static func add(_ a: Value, _ b: Value, at span: SourceSpan, fiscalYearStart: Int = 1) throws -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return .number(try finite(x + y, span))
        case (.money(let x, let c), .money(let y, let d)):
            guard c == d else { throw LocatedError("cannot add \(c) and \(d)", at: span, kind: .type) }
            return .money(try finite(x + y, span), currency: c)
        case (.percent(let x), .percent(let y)), (.percent(let x), .points(let y)), (.points(let x), .percent(let y)),
             // number ± percent is a percent (`1 + 10%` is 110%); points stand
             // wherever a percent may (SPEC §2, revised December).
             (.number(let x), .percent(let y)), (.percent(let x), .number(let y)),
             (.number(let x), .points(let y)), (.points(let x), .number(let y)):
            return .percent(try finite(x + y, span))
        case (.points(let x), .points(let y)):
            return .points(try finite(x + y, span))
        case (.date(let d), .duration(let u)), (.duration(let u), .date(let d)):
            return .date(try shift(d, by: u, span))
        case (.period(let p), .duration(let u)), (.duration(let u), .period(let p)):
            return .period(try shift(p, by: u, fiscalYearStart: fiscalYearStart, span))
        case (.duration(let u), .duration(let v)):
            return .duration(try duration(months: u.months &+ v.months, days: u.days &+ v.days, span))
        case (.string(let s), .string(let t)):
            let joined = s + t
            try checkLength(joined, at: span)
            return .string(joined)
        case (.list(let xs), .list(let ys)):
            try checkCount(xs.count + ys.count, at: span)
            try SampleMemory.reserveList(xs.count + ys.count, at: span)
            let joined = xs + ys
            try ValueNesting.check(joined, at: span)
            return .list(joined)
        default:
            if let r = try sampleWise(.add, a, b, at: span) { return r }
            throw mismatch("add", a, b, span)
        }
    }

    static func subtract(_ a: Value, _ b: Value, at span: SourceSpan, fiscalYearStart: Int = 1) throws -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return .number(try finite(x - y, span))
        case (.money(let x, let c), .money(let y, let d)):
            guard c == d else { throw LocatedError("cannot subtract \(c) and \(d)", at: span, kind: .type) }
            return .money(try finite(x - y, span), currency: c)
        case (.percent(let x), .percent(let y)):
            // The difference of two percents is in percentage points.
            return .points(try finite(x - y, span))
        case (.percent(let x), .points(let y)), (.points(let x), .percent(let y)),
             (.number(let x), .percent(let y)), (.percent(let x), .number(let y)),
             (.number(let x), .points(let y)), (.points(let x), .number(let y)):
            // `1 - 74%` is 26%; points act as the percent they are.
            return .percent(try finite(x - y, span))
        case (.points(let x), .points(let y)):
            return .points(try finite(x - y, span))
        case (.date(let d), .duration(let u)):
            return .date(try shift(d, by: try negated(u, span), span))
        case (.period(let p), .duration(let u)):
            return .period(try shift(p, by: try negated(u, span), fiscalYearStart: fiscalYearStart, span))
        case (.date, .date), (.date, .period), (.period, .date), (.period, .period):
            // Differences of periods are between their starts (SPEC §5).
            guard let x = startDay(a), let y = startDay(b) else { throw mismatch("subtract", a, b, span) }
            return .duration(CalendarDuration(days: x - y))
        case (.duration(let u), .duration(let v)):
            _ = try comparable(u, v, verb: "subtract", span)
            return .duration(try duration(months: u.months &- v.months, days: u.days &- v.days, span))
        default:
            if let r = try sampleWise(.subtract, a, b, at: span) { return r }
            throw mismatch("subtract", a, b, span)
        }
    }

    static func negate(_ a: Value, at span: SourceSpan) throws -> Value {
        switch a {
        case .number(let x): return .number(-x)
        case .money(let x, let c): return .money(-x, currency: c)
        case .percent(let x): return .percent(-x)
        case .points(let x): return .points(-x)
        case .duration(let u): return .duration(try negated(u, span))
        default:
            if let r = try negateSamples(a, at: span) { return r }
            throw LocatedError("cannot negate \(a.typeName)", at: span, kind: .type)
        }
    }

    // MARK: * / ^ mod

    static func multiply(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)), (.number(let x), .percent(let y)), (.percent(let x), .number(let y)):
            return .number(try finite(x * y, span))
        case (.percent(let x), .percent(let y)), (.percent(let x), .points(let y)), (.points(let x), .percent(let y)),
             (.points(let x), .points(let y)):
            return .percent(try finite(x * y, span))
        case (.points(let x), .number(let y)), (.number(let y), .points(let x)):
            return .points(try finite(x * y, span))
        case (.money(let x, let c), .number(let y)), (.number(let y), .money(let x, let c)),
             (.money(let x, let c), .percent(let y)), (.percent(let y), .money(let x, let c)),
             (.money(let x, let c), .points(let y)), (.points(let y), .money(let x, let c)):
            return .money(try finite(x * y, span), currency: c)
        case (.duration(let u), .number(let y)), (.number(let y), .duration(let u)):
            return .duration(try scaled(u, by: y, verb: "multiply", span))
        default:
            if let r = try sampleWise(.multiply, a, b, at: span) { return r }
            throw mismatch("multiply", a, b, span)
        }
    }

    static func divide(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)), (.number(let x), .percent(let y)),
             (.percent(let x), .number(let y)), (.percent(let x), .percent(let y)),
             (.points(let x), .points(let y)), (.number(let x), .points(let y)),
             (.percent(let x), .points(let y)), (.points(let x), .percent(let y)):
            guard y != 0 else { throw divisionByZero(span) }
            return .number(try finite(x / y, span))
        case (.points(let x), .number(let y)):
            guard y != 0 else { throw divisionByZero(span) }
            return .points(try finite(x / y, span))
        case (.money(let x, let c), .money(let y, let d)):
            guard c == d else { throw LocatedError("cannot divide \(c) and \(d)", at: span, kind: .type) }
            guard y != 0 else { throw divisionByZero(span) }
            return .number(try finite(x / y, span))
        case (.money(let x, let c), .number(let y)), (.money(let x, let c), .percent(let y)),
             (.money(let x, let c), .points(let y)):
            guard y != 0 else { throw divisionByZero(span) }
            return .money(try finite(x / y, span), currency: c)
        case (.duration(let u), .number(let y)):
            guard y != 0 else { throw divisionByZero(span) }
            return .duration(try scaled(u, by: 1 / y, verb: "divide", divisor: y, span))
        case (.duration(let u), .duration(let v)):
            let (x, y) = try comparable(u, v, verb: "divide", span)
            guard y != 0 else { throw divisionByZero(span) }
            return .number(try finite(Double(x) / Double(y), span))
        default:
            if let r = try sampleWise(.divide, a, b, at: span) { return r }
            throw mismatch("divide", a, b, span)
        }
    }

    static func power(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        guard let x = plainNumber(a), let y = plainNumber(b) else {
            if let r = try sampleWise(.power, a, b, at: span) { return r }
            throw mismatch("raise", a, b, span)
        }
        return .number(try finite(pow(x, y), span))
    }

    /// The floored remainder: it has the sign of the divisor (`-1 mod 3` is 2).
    static func mod(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        if let x = plainNumber(a), let y = plainNumber(b) {
            return .number(try floorMod(x, y, span))
        }
        if case .money(let x, let c) = a, case .money(let y, let d) = b {
            guard c == d else { throw LocatedError("cannot take \(c) mod \(d)", at: span, kind: .type) }
            return .money(try floorMod(x, y, span), currency: c)
        }
        if let r = try sampleWise(.mod, a, b, at: span) { return r }
        throw LocatedError("cannot take \(dimensionName(a)) mod \(dimensionName(b))", at: span, kind: .type)
    }

    private static func floorMod(_ x: Double, _ y: Double, _ span: SourceSpan) throws -> Double {
        guard y != 0 else { throw divisionByZero(span) }
        var r = fmod(x, y)
        if r != 0, (r < 0) != (y < 0) { r += y }
        return try finite(r, span)
    }

    /// A number, or a percent (or points) as its fraction.
    @inline(__always)
    static func plainNumber(_ v: Value) -> Double? {
        switch v {
        case .number(let x), .percent(let x), .points(let x): return x
        default: return nil
        }
    }

    // MARK: Comparison

    /// `<`, `<=`, `>`, `>=`: exact, within one dimension (numbers, percents
    /// and points count as one).
    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value, at span: SourceSpan) throws -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)), (.number(let x), .percent(let y)), (.percent(let x), .number(let y)),
             (.percent(let x), .percent(let y)), (.points(let x), .points(let y)),
             (.number(let x), .points(let y)), (.points(let x), .number(let y)),
             (.percent(let x), .points(let y)), (.points(let x), .percent(let y)):
            return ordered(op, x, y)
        case (.money(let x, let c), .money(let y, let d)):
            guard c == d else { throw LocatedError("cannot compare \(c) and \(d)", at: span, kind: .type) }
            return ordered(op, x, y)
        case (.date, .date), (.date, .period), (.period, .date), (.period, .period):
            guard let p = daySpan(a), let q = daySpan(b) else { throw mismatch("compare", a, b, span) }
            // Dates and periods order by start, then by end.
            return ordered(op, p.start == q.start ? p.end : p.start, p.start == q.start ? q.end : q.start)
        case (.duration(let u), .duration(let v)):
            let (x, y) = try comparable(u, v, verb: "compare", span)
            return ordered(op, x, y)
        case (.string(let s), .string(let t)):
            return ordered(op, s, t)
        default:
            throw mismatch("compare", a, b, span)
        }
    }

    @inline(__always)
    private static func ordered<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .less: x < y
        case .lessEqual: x <= y
        case .greater: x > y
        default: x >= y
        }
    }

    /// `==` and `!=` of plain values: like ``equals``, but values that do not
    /// mix are an error naming both sides (`$1 == 1`, `7pp == 7 days`), as
    /// for every comparison (SPEC §2, revised December). Lists compare
    /// element by element under the same rule.
    static func strictEquals(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Bool {
        switch (a, b) {
        case (.list(let xs), .list(let ys)):
            return try listsEqual(xs, ys) { x, y in try strictEquals(x, y, at: span) }
        case (.record(let r), .record(let s)):
            return try r.equals(s) { x, y in try strictEquals(x, y, at: span) }
        case (.money(_, let c), .money(_, let d)) where c != d:
            throw LocatedError("cannot compare \(c) and \(d)", at: span, kind: .type)
        case (.duration(let u), .duration(let v)) where u != v:
            // Durations compare only within one basis, as for `<` (SPEC §5).
            let (x, y) = try comparable(u, v, verb: "compare", span)
            return x == y
        default:
            guard mixes(a, b) else { throw mismatch("compare", a, b, span) }
            return equals(a, b)
        }
    }

    /// Whether two plain values are of dimensions that compare: the same
    /// kind, numbers with percents and points, a date with a period.
    static func mixes(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number, .number), (.number, .percent), (.number, .points), (.percent, .number), (.percent, .percent),
             (.percent, .points), (.points, .number), (.points, .percent), (.points, .points),
             (.money, .money), (.duration, .duration), (.date, .date), (.date, .period), (.period, .date),
             (.period, .period), (.string, .string), (.bool, .bool), (.list, .list), (.entity, .entity),
             (.function, .function), (.uncertain, .uncertain), (.record, .record), (.figure, .figure):
            return true
        default:
            return false
        }
    }

    /// Equality as `in` and list elements use it: amounts within a relative
    /// tolerance of 1e-9; numbers, percents and points by their fraction;
    /// a date equals the one-day period; other values of different types
    /// are simply unequal (``strictEquals`` makes them an error); entities
    /// and functions compare by identity.
    static func equals(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)), (.number(let x), .percent(let y)), (.percent(let x), .number(let y)),
             (.percent(let x), .percent(let y)), (.points(let x), .points(let y)),
             (.number(let x), .points(let y)), (.points(let x), .number(let y)),
             (.percent(let x), .points(let y)), (.points(let x), .percent(let y)):
            return close(x, y)
        case (.money(let x, let c), .money(let y, let d)):
            return c == d && close(x, y)
        case (.duration(let u), .duration(let v)):
            return u == v
        case (.date(let d), .date(let e)):
            return d == e
        case (.period(let p), .period(let q)):
            return p.start == q.start && p.end == q.end
        case (.date(let d), .period(let p)), (.period(let p), .date(let d)):
            return p.start == d && p.end == d
        case (.string(let s), .string(let t)):
            return s == t
        case (.bool(let x), .bool(let y)):
            return x == y
        case (.list(let xs), .list(let ys)):
            return listsEqual(xs, ys, equals)
        case (.entity(let x), .entity(let y)):
            return x == y
        case (.function(let f), .function(let g)):
            return f === g
        case (.figure(let f), .figure(let g)):
            return f === g
        case (.uncertain(let s), .uncertain(let t)):
            return s == t
        case (.record(let r), .record(let s)):
            return r.equals(s, equals)
        default:
            return false
        }
    }

    /// Element by element with an explicit work list rather than recursion,
    /// so lists nested a million deep compare without overflowing the stack.
    static func listsEqual(_ xs: [Value], _ ys: [Value],
                           _ equals: (Value, Value) throws -> Bool) rethrows -> Bool {
        var work: [(ArraySlice<Value>, ArraySlice<Value>)] = [(xs[...], ys[...])]
        while var (left, right) = work.popLast() {
            guard left.count == right.count else { return false }
            while let x = left.popFirst(), let y = right.popFirst() {
                if case .list(let inner) = x, case .list(let other) = y {
                    guard inner.count == other.count else { return false }
                    work.append((left, right))
                    (left, right) = (inner[...], other[...])
                } else if try !equals(x, y) {
                    return false
                }
            }
        }
        return true
    }

    @inline(__always)
    static func close(_ x: Double, _ y: Double) -> Bool {
        x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
    }

    /// `element in container`: a date or period inside a period (its whole
    /// span), an element of a list, a substring of a string.
    static func contains(_ container: Value, _ element: Value, at span: SourceSpan) throws -> Bool {
        switch container {
        case .list(let xs):
            return xs.contains { equals($0, element) }
        case .date, .period:
            guard let outer = daySpan(container), let inner = daySpan(element) else {
                throw LocatedError("cannot look for \(element.typeName) in \(container.typeName)", at: span,
                                   help: "'in' on a period tests whether a date or a period lies inside it", kind: .type)
            }
            return inner.start >= outer.start && inner.end <= outer.end
        case .string(let s):
            guard case .string(let t) = element else {
                throw LocatedError("cannot look for \(element.typeName) in a string", at: span, kind: .type)
            }
            return s.contains(t)
        default:
            throw LocatedError("'in' needs a list, a period or a string on the right, got \(container.typeName)",
                               at: span, kind: .type)
        }
    }

    // MARK: Indexing

    static func index(_ container: Value, _ index: Value, indexSpan: SourceSpan, at span: SourceSpan) throws -> Value {
        guard case .number(let x) = index else {
            switch container {
            case .list, .string:
                throw LocatedError("an index must be a whole number, got \(index.typeName)", at: indexSpan, kind: .type)
            default:
                throw LocatedError("cannot index \(container.typeName)", at: span, kind: .type)
            }
        }
        switch container {
        case .list(let xs):
            let i = try wholeIndex(x, indexSpan)
            guard i >= 0, i < xs.count else {
                throw LocatedError("index \(index.description) out of range for a list of \(xs.count)", at: span, kind: .runtime)
            }
            return xs[i]
        case .string(let s):
            let i = try wholeIndex(x, indexSpan)
            let count = s.count
            guard i >= 0, i < count else {
                throw LocatedError("index \(index.description) out of range for a string of \(count) characters",
                                   at: span, kind: .runtime)
            }
            return .string(String(s[s.index(s.startIndex, offsetBy: i)]))
        default:
            throw LocatedError("cannot index \(container.typeName)", at: span, kind: .type)
        }
    }

    /// A whole index; one too large for an `Int` is simply out of range (-1).
    private static func wholeIndex(_ x: Double, _ span: SourceSpan) throws -> Int {
        guard x == x.rounded() else {
            throw LocatedError("an index must be a whole number, got \(ValueFormatter.exact(.number(x)))", at: span,
                               kind: .runtime)
        }
        return abs(x) < 9e15 ? Int(x) : -1
    }

    // MARK: Dates, periods and durations

    /// The first and last day of a date (a one-day period) or a period.
    static func daySpan(_ v: Value) -> (start: CalendarDate, end: CalendarDate)? {
        switch v {
        case .date(let d): (d, d)
        case .period(let p): (p.start, p.end)
        default: nil
        }
    }

    private static func startDay(_ v: Value) -> Int? { daySpan(v)?.start.dayNumber }

    static func shift(_ date: CalendarDate, by u: CalendarDuration, _ span: SourceSpan) throws -> CalendarDate {
        guard let d = CalendarMath.add(u, to: date) else { throw LocatedError("date out of range", at: span, kind: .runtime) }
        return d
    }

    static func shift(_ period: Period, by u: CalendarDuration, fiscalYearStart: Int,
                      _ span: SourceSpan) throws -> Period {
        guard let p = CalendarMath.shift(period, by: u, fiscalYearStart: fiscalYearStart) else {
            throw LocatedError("date out of range", at: span, kind: .runtime)
        }
        return p
    }

    /// A duration within ±10,000 years, else an error. (Operands are already
    /// within range, so sums computed with wrapping arithmetic cannot wrap.)
    static func duration(months: Int, days: Int, _ span: SourceSpan) throws -> CalendarDuration {
        guard abs(months) <= maxDurationMonths, abs(days) <= maxDurationDays else {
            throw LocatedError("duration out of range", at: span, kind: .runtime)
        }
        return CalendarDuration(months: months, days: days)
    }

    private static func negated(_ u: CalendarDuration, _ span: SourceSpan) throws -> CalendarDuration {
        try duration(months: 0 &- u.months, days: 0 &- u.days, span)
    }

    /// A duration times a factor; both parts must come out whole.
    private static func scaled(_ u: CalendarDuration, by factor: Double, verb: String, divisor: Double? = nil,
                               _ span: SourceSpan) throws -> CalendarDuration {
        var months = Double(u.months) * factor, days = Double(u.days) * factor
        if let divisor {
            // Divide rather than multiply by the reciprocal, so 9 days / 3 is exactly 3 days.
            months = Double(u.months) / divisor
            days = Double(u.days) / divisor
        }
        let limitMonths = Double(maxDurationMonths), limitDays = Double(maxDurationDays)
        guard months.isFinite, days.isFinite, abs(months) <= limitMonths, abs(days) <= limitDays else {
            throw LocatedError("duration out of range", at: span, kind: .runtime)
        }
        guard months == months.rounded(), days == days.rounded() else {
            let by = Value.number(divisor ?? factor).description
            throw LocatedError("cannot \(verb) \(Value.duration(u).description) by \(by): "
                                   + "a duration needs whole months and days", at: span, kind: .runtime)
        }
        return CalendarDuration(months: Int(months), days: Int(days))
    }

    /// The amounts to compare of two durations of the same basis: both
    /// day-based or both month-based (a zero duration fits either).
    static func comparable(_ u: CalendarDuration, _ v: CalendarDuration, verb: String,
                           _ span: SourceSpan) throws -> (Int, Int) {
        let uMonths = u.months != 0, uDays = u.days != 0, vMonths = v.months != 0, vDays = v.days != 0
        if (uMonths && uDays) || (vMonths && vDays) {
            throw LocatedError("cannot \(verb) durations that mix months and days", at: span, kind: .type)
        }
        if (uMonths && vDays) || (uDays && vMonths) {
            throw LocatedError("cannot \(verb) month-based and day-based durations", at: span, kind: .type)
        }
        if uMonths || vMonths { return (u.months, v.months) }
        return (u.days, v.days)
    }

    // MARK: Limits

    static func checkCount(_ count: Int, at span: SourceSpan) throws {
        guard count <= maxListCount else {
            throw LocatedError("list too long: \(count) elements (at most \(maxListCount))", at: span, kind: .limit)
        }
    }

    static func checkLength(_ s: String, at span: SourceSpan) throws {
        guard s.utf8.count <= maxStringBytes else {
            throw LocatedError("string too long: \(s.utf8.count) bytes (at most \(maxStringBytes))", at: span, kind: .limit)
        }
    }
}
