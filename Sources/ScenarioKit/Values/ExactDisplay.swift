// How an error message shows the value that broke a rule: never rounded so
// far that it seems to satisfy the rule it breaks (issue 18: `set samples
// 10000.5` said "got 10001", `set samples 10000001` said "got 10M", and a
// probability of 100.0001% showed as "not 100%").

extension ValueFormatter {
    /// `value` as an error shows it: the canonical form when that form is
    /// the value exactly (`$60B`, `150%`, `20M`, `1.5`), otherwise all the
    /// digits it has, up to 15 significant ones (`10000.5`, `10000001`,
    /// `100.0001%`, `-$0.001`), with no magnitude suffix. Values other than
    /// numbers, money, percents and points print canonically, which is exact.
    static func exact(_ value: Value) -> String {
        let canonical = format(value)
        switch value {
        case .number(let x):
            return readsBack(canonical, as: x, power: 0) ? canonical : plain(x, power: 0)
        case .percent(let x):
            return readsBack(canonical, as: x, power: -2) ? canonical : plain(x, power: 2) + "%"
        case .points(let x):
            return readsBack(canonical, as: x, power: -2) ? canonical : plain(x, power: 2) + "pp"
        case .money(let x, let currency):
            guard !readsBack(canonical, as: x, power: 0), let decimal = DisplayDecimal(x) else { return canonical }
            let minus = decimal.isNegative && !decimal.isZero ? "-" : ""
            let body = decimal.fixed(grouping: true)
            if let symbol = currencySymbols[currency] { return minus + symbol + body }
            return minus + body + " " + currency
        default:
            return canonical
        }
    }

    /// True when the number in a canonical form (`10M`, `-$12.35B`, `87.6%`,
    /// `2.5e15`, `5M CHF`), times 10^`power`, is `x` to 15 significant digits.
    private static func readsBack(_ canonical: String, as x: Double, power: Int) -> Bool {
        guard let want = DisplayDecimal(x.magnitude) else { return true }
        var body = Substring(canonical)
        if body.hasPrefix("-") { body = body.dropFirst() }
        if let first = body.first, currencySymbols.values.contains(String(first)) { body = body.dropFirst() }
        if let space = body.firstIndex(of: " ") { body = body[..<space] }
        if body.hasSuffix("%") { body = body.dropLast() } else if body.hasSuffix("pp") { body = body.dropLast(2) }
        var exponent = power
        switch body.last {
        case "K": exponent += 3
        case "M": exponent += 6
        case "B": exponent += 9
        case "T": exponent += 12
        default: break
        }
        if exponent != power { body = body.dropLast() }
        var mantissa = body.filter { $0 != "," }
        if let e = mantissa.firstIndex(of: "e") {
            guard let shift = Int(mantissa[mantissa.index(after: e)...]) else { return false }
            exponent += shift
            mantissa = String(mantissa[..<e])
        }
        guard let read = Double("\(mantissa)e\(exponent)") else { return false }
        return DisplayDecimal(read) == want
    }

    /// Every digit of `x` × 10^`power`: fixed notation from 1e-6 to below
    /// 1e21, else `d.ddde±n` as the lexer reads it.
    private static func plain(_ x: Double, power: Int) -> String {
        guard let decimal = DisplayDecimal(x)?.scaled(byPowerOfTen: power) else { return format(.number(x)) }
        let minus = decimal.isNegative && !decimal.isZero ? "-" : ""
        if decimal.isZero || (-5...21).contains(decimal.exponent) { return minus + decimal.fixed() }
        let digits = decimal.digits.map(String.init).joined()
        let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : digits
        return minus + mantissa + "e\(decimal.exponent - 1)"
    }
}
