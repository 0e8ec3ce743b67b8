/// Canonical printing of values (SPEC §2). Rounding for display is half away
/// from zero, applied to the shortest decimal form of the value rounded to 15
/// significant digits (so 0.125 and 1.005 round up to 0.13 and 1.01 as
/// written, whatever their binary form, and 123449.99999999999 is 123450).
///
/// Choices the SPEC leaves open:
/// - Money from $1e15 is written with an exponent like numbers (`$2.5e15`,
///   `1e20 CHF`), with 4 significant digits.
/// - A value that rounds up across a threshold takes the next form:
///   999_950_000 is `1B`, 999999.6 is `1M`, 999.96T is `1e15`, $999,995 is
///   `$1M`, $99,999.995 is `$100K`, 0.996% is `1%`.
/// - A value that rounds to zero prints without a sign (`0`, `$0`).
/// - NaN and infinities (which the evaluator never produces) print as `nan`,
///   `inf`, `-inf`, inside the money/percent decorations.
public enum ValueFormatter {
    /// The canonical form of any value (strings unquoted).
    ///
    /// Inside a list, strings are quoted (`["a", "b"]`): the list's form then
    /// reads back as the same list, and `["a, b"]` stays distinguishable from
    /// `["a", "b"]`.
    public static func format(_ value: Value) -> String {
        switch value {
        case .number(let x): return number(x)
        case .money(let amount, let currency): return money(amount, currency: currency)
        case .percent(let fraction): return percent(fraction)
        case .points(let fraction): return points(fraction)
        case .date(let date): return date.description
        case .period(let period): return period.description
        case .duration(let duration): return duration.description
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .list(let elements): return list(elements)
        case .uncertain(let set): return uncertain(set)
        case .entity(let entity): return entity.description
        case .function(let function):
            let parameters = "(" + function.parameters.joined(separator: ", ") + ")"
            return function.name == "fn" ? "fn" + parameters : "fn " + function.name + parameters
        case .record(let record): return record.description
        case .figure(let figure): return figure.text
        }
    }

    /// `[1, "a", [2, 3]]` — iteratively, so a list nested a million deep
    /// (which `reduce` can build) prints instead of overflowing the stack.
    static func list(_ elements: [Value]) -> String {
        var out = "["
        var stack: [(elements: [Value], next: Int)] = [(elements, 0)]
        while let top = stack.last {
            guard top.next < top.elements.count else {
                out += "]"
                stack.removeLast()
                continue
            }
            let element = top.elements[top.next]
            if top.next > 0 { out += ", " }
            stack[stack.count - 1].next += 1
            if case .list(let inner) = element {
                out += "["
                stack.append((inner, 0))
            } else {
                out += element.echoDescription
            }
        }
        return out
    }

    /// A string as the REPL echoes it: `"x"`, with `"`, `\`, newline and tab
    /// escaped, and `{` as `\{`, so the echo reads back as the same string
    /// instead of an interpolation.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "{": out += "\\{"
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// For error messages: "a number", "money", "a percent", "points", "a date",
    /// "a period", "a duration", "a string", "a boolean", "a list",
    /// "an uncertain value", "a deal" (entity kind), "a function".
    public static func typeName(_ value: Value) -> String {
        switch value {
        case .number: return "a number"
        case .money: return "money"
        case .percent: return "a percent"
        case .points: return "points"
        case .date: return "a date"
        case .period: return "a period"
        case .duration: return "a duration"
        case .string: return "a string"
        case .bool: return "a boolean"
        case .list: return "a list"
        case .uncertain: return "an uncertain value"
        case .entity(let entity): return "a " + entity.kind.rawValue
        case .function: return "a function"
        case .record: return "a record"
        case .figure: return "a figure"
        }
    }

    /// `1.5T`, `1.235M`, `42`, `120000`, `0.1667`, `3.142`, `12346`, `2.5e15`.
    public static func number(_ x: Double) -> String {
        guard let decimal = DisplayDecimal(x) else { return nonFinite(x) }
        if decimal.exponent <= 6 {  // below a million
            // 4 significant digits, but never fewer than the integer digits.
            let rounded = decimal.hasFraction
                ? decimal.rounded(significantDigits: max(4, decimal.exponent)) : decimal
            if rounded.isZero { return "0" }
            if rounded.exponent <= 6 { return sign(rounded) + rounded.fixed() }
        }
        if decimal.exponent > 15 { return sign(decimal) + scientific(decimal) }  // from 1e15
        var power = decimal.exponent >= 13 ? 12 : decimal.exponent >= 10 ? 9 : 6
        var scaled = decimal.scaled(byPowerOfTen: -power).rounded(significantDigits: 4)
        if scaled.exponent > 3 {  // 999.95M rounds to 1000M: 1B
            guard power < 12 else { return sign(decimal) + scientific(decimal) }
            power += 3
            scaled = decimal.scaled(byPowerOfTen: -power).rounded(significantDigits: 4)
        }
        return sign(decimal) + scaled.fixed() + suffix(power)
    }

    /// `$60B`, `$12.35B`, `$950K`, `$1,250`, `$10.50`, `-$10B`, `€5M`, `5M CHF`.
    public static func money(_ amount: Double, currency: String) -> String {
        let body: String
        var negative = false
        if let decimal = DisplayDecimal(amount) {
            let cents = decimal.rounded(decimals: 2)
            negative = cents.isNegative && !cents.isZero
            if cents.exponent <= 5 {  // below 100K
                body = cents.fixed(minimumDecimals: cents.hasFraction ? 2 : 0, grouping: true)
            } else {
                var power = cents.exponent >= 13 ? 12 : cents.exponent >= 10 ? 9 : cents.exponent >= 7 ? 6 : 3
                var scaled = decimal.scaled(byPowerOfTen: -power).rounded(decimals: 2)
                if scaled.exponent > 3 && power < 12 {  // 999.995K rounds to 1000K: $1M
                    power += 3
                    scaled = decimal.scaled(byPowerOfTen: -power).rounded(decimals: 2)
                }
                // From $1e15 (or 999.995T rounding up to it), an exponent, as for numbers.
                body = cents.exponent > 15 || scaled.exponent > 3 ? scientific(cents) : scaled.fixed() + suffix(power)
            }
        } else {
            negative = amount < 0
            body = amount.isNaN ? "nan" : "inf"
        }
        let minus = negative ? "-" : ""
        if let symbol = currencySymbols[currency] { return minus + symbol + body }
        return minus + body + " " + currency
    }

    /// From 1e15 on, the magnitude is written as an exponent with 4
    /// significant digits: `1e17`, `2.5e15`, `1e300` (SPEC §2).
    private static func scientific(_ decimal: DisplayDecimal) -> String {
        var power = decimal.exponent - 1
        var mantissa = decimal.scaled(byPowerOfTen: -power).rounded(significantDigits: 4)
        if mantissa.exponent > 1 {  // 9.9999e20 rounds to 10e20: 1e21
            power += 1
            mantissa = decimal.scaled(byPowerOfTen: -power).rounded(significantDigits: 4)
        }
        let text = mantissa.fixed()
        return (text.hasPrefix("-") ? String(text.dropFirst()) : text) + "e\(power)"
    }

    /// `87.6%`, `16.67%`, `0.48%`, `0.0048%` (fraction in; from 1% up at
    /// most 2 decimals, below 1% 2 significant digits).
    public static func percent(_ fraction: Double) -> String { hundredths(fraction) + "%" }

    /// `12.6pp`
    public static func points(_ fraction: Double) -> String { hundredths(fraction) + "pp" }

    // MARK: - Helpers

    static let currencySymbols = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"]

    private static func suffix(_ power: Int) -> String {
        switch power {
        case 3: return "K"
        case 6: return "M"
        case 9: return "B"
        default: return "T"
        }
    }

    private static func sign(_ decimal: DisplayDecimal) -> String {
        decimal.isNegative && !decimal.isZero ? "-" : ""
    }

    private static func nonFinite(_ x: Double) -> String {
        x.isNaN ? "nan" : x < 0 ? "-inf" : "inf"
    }

    /// A fraction as a count of hundredths: from 1 up with at most 2
    /// decimals; below 1 with 2 significant digits, so that a small tail
    /// probability never shows as 0 (SPEC §2, revised December).
    private static func hundredths(_ fraction: Double) -> String {
        guard let decimal = DisplayDecimal(fraction) else { return nonFinite(fraction) }
        let hundredths = decimal.scaled(byPowerOfTen: 2)
        let rounded = hundredths.exponent >= 1
            ? hundredths.rounded(decimals: 2) : hundredths.rounded(significantDigits: 2)
        return sign(rounded) + rounded.fixed()
    }

    /// `~59.47B (90% CI 50.02B to 69.95B)`: the mean, then the 5th and 95th
    /// percentiles, each in the dimension's form; `~30% true` for booleans.
    private static func uncertain(_ set: SampleSet) -> String {
        let samples = set.samples
        guard !samples.isEmpty else { return "~(no samples)" }
        if let constant = set.constant {
            return set.dimension == .bool ? (constant != 0 ? "true" : "false") : sample(constant, of: set.dimension)
        }
        if set.dimension == .bool {
            let trueCount = samples.reduce(0) { $1 != 0 ? $0 + 1 : $0 }
            return "~" + percent(Double(trueCount) / Double(samples.count)) + " true"
        }
        guard let summary = SampleSummary(samples) else { return "~(no samples)" }
        let form = { (x: Double) in sample(x, of: set.dimension) }
        return "~\(form(summary.mean)) (90% CI \(form(summary.p5)) to \(form(summary.p95)))"
    }

    private static func sample(_ x: Double, of dimension: Dimension) -> String {
        switch dimension {
        case .number: return number(x)
        case .money(let currency): return money(x, currency: currency)
        case .percent: return percent(x)
        case .points: return points(x)
        case .bool: return x != 0 ? "true" : "false"
        case .days:
            guard let days = wholeDays(x) else { return nonFinite(x) + " days" }
            return CalendarDuration(days: days).description
        case .date:
            guard let day = wholeDays(x) else { return nonFinite(x) }
            return CalendarDate(dayNumber: day).description
        case .months:
            guard let months = wholeDays(x) else { return nonFinite(x) + " months" }
            return CalendarDuration(months: months).description
        }
    }

    /// Rounded half away from zero; nil when not a plausible day count.
    private static func wholeDays(_ x: Double) -> Int? {
        let rounded = x.rounded()
        guard rounded.isFinite, rounded.magnitude < 1e15 else { return nil }
        return Int(rounded)
    }
}
