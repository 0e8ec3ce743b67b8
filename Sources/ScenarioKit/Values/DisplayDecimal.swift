// Decimal rounding for display.
//
// Rounding a Double "half away from zero" directly misbehaves on values that
// are not exactly representable: 0.125 is exact, but 1.005 is stored as
// 1.00499999…, and x * 100 can land on either side of a half. The user wrote
// (or computed) the shortest decimal that round-trips, so we round *that*:
// the digits of Swift's shortest round-trip `description`, rounded as text.
// Scaling by powers of ten (suffixes, percent) moves the decimal point
// instead of multiplying, so it adds no error either. The digits are first
// rounded to 15 significant ones, so that float noise in the last two
// digits of a computed value never decides a display rounding.

/// A finite Double as the decimal digits of its shortest round-trip form.
struct DisplayDecimal: Equatable {
    var isNegative: Bool
    /// Significant digits (0...9), no leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    /// The value is 0.d₁d₂d₃… × 10^exponent.
    var exponent: Int

    /// Nil for NaN and infinities.
    init?(_ x: Double) {
        guard x.isFinite else { return nil }
        isNegative = x.sign == .minus
        digits = []
        exponent = 0
        if x == 0 { return }
        var pointIndex: Int?
        var exponentText: Substring.UTF8View?
        let text = x.magnitude.description
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: ".") {
                pointIndex = digits.count
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                exponentText = text[text.index(after: index)...].utf8
                break
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits.append(byte - UInt8(ascii: "0"))
            }
            index = utf8.index(after: index)
        }
        var power = 0
        if let exponentText, let parsed = Int(Substring(exponentText)) { power = parsed }
        exponent = (pointIndex ?? digits.count) + power
        normalize()
        // Float noise lives in the 16th and 17th digits (123450 * 1.1 / 1.1
        // is 123449.99999999999): display rules start from 15 (SPEC §2).
        if digits.count > Self.significantDigits { self = rounded(significantDigits: Self.significantDigits) }
    }

    /// The significant digits a value is rounded to before any display rule.
    static let significantDigits = 15

    var isZero: Bool { digits.isEmpty }

    /// True when there are digits after the decimal point.
    var hasFraction: Bool { digits.count > exponent }

    /// Multiplies by 10^k exactly.
    func scaled(byPowerOfTen k: Int) -> DisplayDecimal {
        var copy = self
        if !copy.isZero { copy.exponent += k }
        return copy
    }

    /// Rounds half away from zero to `decimals` digits after the point
    /// (negative: to tens, hundreds, …).
    func rounded(decimals: Int) -> DisplayDecimal {
        let keep = exponent + decimals
        if keep >= digits.count { return self }
        var copy = self
        guard keep >= 0 else {
            copy.digits = []
            copy.exponent = 0
            return copy
        }
        let roundUp = digits[keep] >= 5
        copy.digits.removeSubrange(keep...)
        if roundUp {
            var i = keep - 1
            while i >= 0 && copy.digits[i] == 9 {
                copy.digits[i] = 0
                i -= 1
            }
            if i >= 0 {
                copy.digits[i] += 1
            } else {
                copy.digits.insert(1, at: 0)
                copy.exponent += 1
            }
        }
        copy.normalize()
        return copy
    }

    /// Rounds half away from zero to `count` significant digits.
    func rounded(significantDigits count: Int) -> DisplayDecimal {
        isZero ? self : rounded(decimals: count - exponent)
    }

    /// The magnitude in fixed notation (no sign, no exponent), with at least
    /// `minimumDecimals` digits after the point and, optionally, commas
    /// between groups of three integer digits.
    func fixed(minimumDecimals: Int = 0, grouping: Bool = false) -> String {
        let zero = UInt8(ascii: "0")
        var out: [UInt8] = []
        out.reserveCapacity(max(exponent, 1) + max(digits.count - exponent, minimumDecimals) + exponent / 3 + 2)
        if exponent <= 0 {
            out.append(zero)
        } else {
            for i in 0..<exponent {
                if grouping && i > 0 && (exponent - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
                out.append(zero + (i < digits.count ? digits[i] : 0))
            }
        }
        let fractionDigits = max(digits.count - exponent, 0)
        if fractionDigits > 0 || minimumDecimals > 0 {
            out.append(UInt8(ascii: "."))
            if exponent < 0 { out.append(contentsOf: repeatElement(zero, count: -exponent)) }
            for digit in digits.dropFirst(max(exponent, 0)) { out.append(zero + digit) }
            if fractionDigits < minimumDecimals {
                out.append(contentsOf: repeatElement(zero, count: minimumDecimals - fractionDigits))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func normalize() {
        let leading = digits.prefix { $0 == 0 }.count
        if leading > 0 {
            digits.removeFirst(leading)
            exponent -= leading
        }
        while digits.last == 0 { digits.removeLast() }
        if digits.isEmpty { exponent = 0 }
    }
}
