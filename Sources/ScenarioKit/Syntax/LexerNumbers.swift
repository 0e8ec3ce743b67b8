// Number-led literals: numbers, magnitudes, percents, points, money,
// durations and ISO dates (SPEC §1).

extension LexerScanner {
    enum NumberForm { case plain, percent, points }

    /// A scanned number: its value (infinite when it overflowed) and where it
    /// ends, suffix included.
    struct ScannedNumber {
        var value: Double
        var end: Int
        var form: NumberForm
        /// True when an unknown suffix was reported; nothing more is read.
        var hadBadSuffix: Bool
        /// True when the integer part has comma thousands groups (`1,250`).
        var grouped: Bool
    }

    /// Powers of ten that are exact doubles (Clinger's fast path).
    static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var p = 1.0
        for _ in 0..<exponent { p *= 10 }
        return p
    }

    /// `42`, `3.14`, `1_000_000`, `1e9`, `2.5e-3`, `1,250,000`, each with an
    /// optional magnitude (`K M B T` in either case, `bn mn tn`) or, when
    /// `allowPercent`, `%`, `pp` or `bp`/`bps` (basis points: hundredths of
    /// a point). Comma groups are only scanned here; whether they are
    /// allowed is the caller's (money yes, a plain number is ambiguous).
    mutating func scanNumber(_ start: Int, allowPercent: Bool) -> ScannedNumber {
        var i = start
        let intStart = i
        var underscores = false
        while LexerBytes.isDigit(at(i)) || (at(i) == LexerBytes.underscore && LexerBytes.isDigit(at(i + 1))) {
            if at(i) == LexerBytes.underscore { underscores = true }
            i += 1
        }
        // Thousands groups: 1 to 3 digits, not led by a 0, then groups of
        // exactly three (`1,25`, `1234,567` and `0,100` are numbers
        // separated by a comma).
        var grouped = false
        if !underscores && i - intStart <= 3 && at(intStart) != UInt8(ascii: "0") && isCommaGroup(at: i) {
            grouped = true
            while isCommaGroup(at: i) { i += 4 }
        }
        let intEnd = i
        var fracStart = i, fracEnd = i
        if at(i) == LexerBytes.dot && LexerBytes.isDigit(at(i + 1)) {
            i += 1
            fracStart = i
            while LexerBytes.isDigit(at(i)) || (at(i) == LexerBytes.underscore && LexerBytes.isDigit(at(i + 1))) { i += 1 }
            fracEnd = i
        }
        var exponent = 0
        if at(i) == UInt8(ascii: "e") || at(i) == UInt8(ascii: "E") {
            var j = i + 1
            var negative = false
            if at(j) == LexerBytes.plus || at(j) == LexerBytes.minus {
                negative = at(j) == LexerBytes.minus
                j += 1
            }
            if LexerBytes.isDigit(at(j)) {
                while LexerBytes.isDigit(at(j)) {
                    // Saturate: anything this large over- or underflows anyway.
                    exponent = min(exponent * 10 + Int(at(j) - 0x30), 10_000_000)
                    j += 1
                }
                if negative { exponent = -exponent }
                i = j
            }
        }

        var form = NumberForm.plain
        var scale = 0
        let first = LexerBytes.lowercased(at(i)), second = at(i + 1)
        let one = !LexerBytes.isIdentifierChar(second)
        let two = !LexerBytes.isIdentifierChar(at(i + 2))
        let pair = LexerBytes.lowercased(second) == UInt8(ascii: "n") && two
        switch first {
        case UInt8(ascii: "k") where one: scale = 3; i += 1
        case UInt8(ascii: "m") where one: scale = 6; i += 1
        case UInt8(ascii: "b") where one: scale = 9; i += 1
        case UInt8(ascii: "t") where one: scale = 12; i += 1
        case UInt8(ascii: "m") where pair: scale = 6; i += 2  // the press's `mn`, `bn`, `tn`
        case UInt8(ascii: "b") where pair: scale = 9; i += 2
        case UInt8(ascii: "t") where pair: scale = 12; i += 2
        case LexerBytes.percent where allowPercent:
            form = .percent; scale = -2; i += 1
        case UInt8(ascii: "p") where allowPercent && at(i) == UInt8(ascii: "p") && second == UInt8(ascii: "p") && two:
            form = .points; scale = -2; i += 2
        case UInt8(ascii: "b") where allowPercent && at(i) == UInt8(ascii: "b") && second == UInt8(ascii: "p"):
            // `25bp`, `25bps`: basis points, hundredths of a percentage point.
            if two {
                form = .points; scale = -4; i += 2
            } else if at(i + 2) == UInt8(ascii: "s") && !LexerBytes.isIdentifierChar(at(i + 3)) {
                form = .points; scale = -4; i += 3
            }
        default:
            break
        }

        let value = decimalValue(intStart, intEnd, fracStart, fracEnd, exponent: exponent + scale)
        var hadBadSuffix = false
        if form == .plain && LexerBytes.isIdentifierChar(at(i)) {
            let suffixStart = i
            while LexerBytes.isIdentifierChar(at(i)) { i += 1 }
            reportBadSuffix(numberStart: start, suffixStart, i)
            hadBadSuffix = true
        }
        return ScannedNumber(value: value, end: i, form: form, hadBadSuffix: hadBadSuffix, grouped: grouped)
    }

    /// `,ddd` at `i`: a comma and exactly three digits.
    @inline(__always) func isCommaGroup(at i: Int) -> Bool {
        at(i) == LexerBytes.comma && LexerBytes.isDigit(at(i + 1)) && LexerBytes.isDigit(at(i + 2))
            && LexerBytes.isDigit(at(i + 3)) && !LexerBytes.isDigit(at(i + 4))
    }

    mutating func reportBadSuffix(numberStart: Int, _ start: Int, _ end: Int) {
        let suffix = text(start, end)
        let number = text(numberStart, start)
        let help: String
        if LexerVocabulary.durationUnit(bytes, start, end) != nil
            || LexerVocabulary.currencyCodes.contains(suffix.uppercased()) {
            help = "put a space between the number and the unit: \(number) \(suffix)"
        } else {
            help = "a number may end in K, M, B, T, bn, mn, tn (magnitude), % (percent), pp or bp (points)"
        }
        error("unknown suffix '\(suffix)'", start, end, help: help)
    }

    /// The correctly rounded value of the digits in `[intStart, intEnd)` and
    /// `[fracStart, fracEnd)` (underscores skipped) times 10^exponent.
    func decimalValue(_ intStart: Int, _ intEnd: Int, _ fracStart: Int, _ fracEnd: Int, exponent: Int) -> Double {
        var mantissa: UInt64 = 0
        var digits = 0
        var exp10 = exponent
        var inexact = false
        func add(_ b: UInt8, fraction: Bool) {
            let d = UInt64(b - 0x30)
            if digits == 0 && d == 0 {
                if fraction { exp10 -= 1 }
                return
            }
            if digits < 19 {
                mantissa = mantissa * 10 + d
                digits += 1
                if fraction { exp10 -= 1 }
            } else {
                if !fraction { exp10 += 1 }
                if d != 0 { inexact = true }
            }
        }
        // Only digits count: underscores and comma groups separate them.
        for k in intStart..<intEnd where LexerBytes.isDigit(bytes[k]) { add(bytes[k], fraction: false) }
        for k in fracStart..<fracEnd where LexerBytes.isDigit(bytes[k]) { add(bytes[k], fraction: true) }
        if mantissa == 0 && !inexact { return 0 }
        while mantissa % 10 == 0 {
            mantissa /= 10
            exp10 += 1
        }
        if !inexact && mantissa <= (1 << 53) && exp10 >= -22 && exp10 <= 22 {
            let m = Double(mantissa)
            return exp10 >= 0 ? m * Self.exactPowersOfTen[exp10] : m / Self.exactPowersOfTen[-exp10]
        }
        // Rare: many digits or a large exponent. Let the standard library
        // round the full decimal string correctly.
        var literal: [UInt8] = []
        literal.reserveCapacity(intEnd - intStart + fracEnd - fracStart + 12)
        for k in intStart..<intEnd where LexerBytes.isDigit(bytes[k]) { literal.append(bytes[k]) }
        for k in fracStart..<fracEnd where LexerBytes.isDigit(bytes[k]) { literal.append(bytes[k]) }
        var fracDigits = 0
        for k in fracStart..<fracEnd where LexerBytes.isDigit(bytes[k]) { fracDigits += 1 }
        literal.append(UInt8(ascii: "e"))
        literal.append(contentsOf: String(exponent - fracDigits).utf8)
        return Double(String(decoding: literal, as: UTF8.self)) ?? .infinity
    }

    // MARK: - Number-led tokens

    /// A number, percent, points, money with an ISO code, duration or ISO
    /// date starting with the digit at `pos`.
    mutating func lexNumberOrDate() {
        let start = pos
        if lexISODate(start) || lexDayLedDate(start) || lexNumberLedPeriod(start) || lexSlashDate(start) { return }
        let number = scanNumber(start, allowPercent: true)
        pos = number.end
        var value = number.value
        if !value.isFinite {
            error("number too large", start, number.end, help: "numbers must stay below about 1.8e308")
            value = 0
        }
        if number.grouped && !(number.form == .plain && followedByCurrencyCode(number.end)) {
            reportGroupedNumber(start, number.end)
        }
        switch number.form {
        case .percent:
            emit(.percent(value), start, number.end)
            return
        case .points:
            emit(.points(value), start, number.end)
            return
        case .plain:
            break
        }
        if !number.hadBadSuffix {
            // `60B USD`, `3 months`: a unit word after spaces.
            let wordStart = skipSpaces(number.end)
            if wordStart > number.end && LexerBytes.isLetter(at(wordStart)) {
                var wordEnd = wordStart
                while LexerBytes.isIdentifierChar(at(wordEnd)) { wordEnd += 1 }
                if let code = currencyCode(wordStart, wordEnd) {
                    pos = wordEnd
                    emit(.money(value, currency: code), start, wordEnd)
                    return
                }
                if let unit = LexerVocabulary.durationUnit(bytes, wordStart, wordEnd) {
                    var duration = makeDuration(value, unit: unit, start, wordEnd)
                    var end = wordEnd
                    // `1 year 10 days` (how durations print) is one literal.
                    while let (more, moreEnd) = durationPart(after: end) {
                        duration.months += more.months
                        duration.days += more.days
                        end = moreEnd
                    }
                    pos = end
                    emit(.duration(duration), start, end)
                    return
                }
            }
        }
        emit(.number(value), start, number.end)
    }

    /// Whether a currency code follows the number ending at `end`
    /// (`1,250 CHF` is how CHF amounts print, so it reads back as money).
    func followedByCurrencyCode(_ end: Int) -> Bool {
        let wordStart = skipSpaces(end)
        guard wordStart > end, LexerBytes.isLetter(at(wordStart)) else { return false }
        var wordEnd = wordStart
        while LexerBytes.isIdentifierChar(at(wordEnd)) { wordEnd += 1 }
        return currencyCode(wordStart, wordEnd) != nil
    }

    /// `1,500`: a thousands separator, or two numbers? (SPEC §1: ambiguous
    /// shapes are errors with a suggestion.) Only money may group digits.
    mutating func reportGroupedNumber(_ start: Int, _ end: Int) {
        var digitsEnd = start
        while LexerBytes.isDigit(at(digitsEnd)) { digitsEnd += 1 }
        while isCommaGroup(at: digitsEnd) { digitsEnd += 4 }
        let written = text(start, digitsEnd)
        let parts = written.split(separator: ",")
        let count = parts.count == 2 ? "two" : parts.count == 3 ? "three" : String(parts.count)
        error("ambiguous number '\(written)'", start, digitsEnd,
              help: "write \(parts.joined(separator: "_")), or `\(parts.joined(separator: ", "))` for \(count) numbers")
    }

    /// `$60B`, `$10.5M`, `$1_250`; `€5M`, `£20`, `¥300` (the forms EUR, GBP
    /// and JPY print in, SPEC §2, so that printed money reads back).
    mutating func lexDollarMoney(symbol: String = "$", currency: String = "USD") {
        let start = pos
        let length = symbol.utf8.count
        guard LexerBytes.isDigit(at(start + length)) else {
            pos += length
            error("expected an amount after '\(symbol)'", start, start + length,
                  help: "write money as \(symbol)60B, \(symbol)10.5M or \(symbol)1_250")
            emit(.money(0, currency: currency), start, start + length)
            return
        }
        let number = scanNumber(start + length, allowPercent: false)
        pos = number.end
        var value = number.value
        if !value.isFinite {
            error("number too large", start, number.end, help: "numbers must stay below about 1.8e308")
            value = 0
        }
        emit(.money(value, currency: currency), start, number.end)
    }

    /// The currency symbol (other than `$`) starting at `i`, if any.
    func currencySymbol(at i: Int) -> (symbol: String, currency: String)? {
        for (symbol, currency) in [("€", "EUR"), ("£", "GBP"), ("¥", "JPY")]
        where LexerVocabulary.equal(bytes, i, Array(symbol.utf8)) {
            return (symbol, currency)
        }
        return nil
    }

    /// The ISO 4217 code spelled by `bytes[start..<end]` in either case
    /// (`USD`, `eur`), uppercased, if it is one we know.
    func currencyCode(_ start: Int, _ end: Int) -> String? {
        guard end - start == 3,
              LexerBytes.isLetter(bytes[start]), LexerBytes.isLetter(bytes[start + 1]), LexerBytes.isLetter(bytes[start + 2])
        else { return nil }
        // Matched as a packed integer: `3 day` builds no string.
        let key = LexerVocabulary.packed(bytes, start, end, uppercased: true)
        return LexerVocabulary.currencyKeys[key]
    }

    /// A further `N unit` after spaces, continuing a duration literal.
    mutating func durationPart(after end: Int) -> (CalendarDuration, Int)? {
        let start = skipSpaces(end)
        guard start > end, LexerBytes.isDigit(at(start)) else { return nil }
        var i = start
        while LexerBytes.isDigit(at(i)) || (at(i) == LexerBytes.underscore && LexerBytes.isDigit(at(i + 1))) { i += 1 }
        let intEnd = i
        var fracStart = i
        if at(i) == LexerBytes.dot && LexerBytes.isDigit(at(i + 1)) {
            i += 1
            fracStart = i
            while LexerBytes.isDigit(at(i)) || (at(i) == LexerBytes.underscore && LexerBytes.isDigit(at(i + 1))) { i += 1 }
        }
        let wordStart = skipSpaces(i)
        guard wordStart > i, LexerBytes.isLetter(at(wordStart)) else { return nil }
        var wordEnd = wordStart
        while LexerBytes.isIdentifierChar(at(wordEnd)) { wordEnd += 1 }
        guard let unit = LexerVocabulary.durationUnit(bytes, wordStart, wordEnd) else { return nil }
        let count = decimalValue(start, intEnd, fracStart, fracStart == intEnd ? intEnd : i, exponent: 0)
        return (makeDuration(count, unit: unit, start, wordEnd), wordEnd)
    }

    /// `1.5 years` is 18 months; `1.5 weeks` (10.5 days) is an error.
    mutating func makeDuration(_ count: Double, unit: (months: Bool, multiple: Int), _ start: Int, _ end: Int) -> CalendarDuration {
        let total = count * Double(unit.multiple)
        guard abs(total) <= 1e9 else {
            error("duration too large", start, end, help: "durations must stay below a billion days or months")
            return CalendarDuration()
        }
        let whole = total.rounded()
        guard abs(total - whole) <= 1e-9 * max(1, abs(total)) else {
            let what = unit.months ? "months" : "days"
            error("duration '\(text(start, end))' is not a whole number of \(what)", start, end,
                  help: unit.months ? "write a whole number of months, or days (e.g. 45 days)"
                                    : "write a whole number of days (e.g. 10 days)")
            return CalendarDuration()
        }
        return unit.months ? CalendarDuration(months: Int(whole)) : CalendarDuration(days: Int(whole))
    }

    @inline(__always) func skipSpaces(_ i: Int) -> Int {
        var j = i
        while at(j) == LexerBytes.space || at(j) == LexerBytes.tab { j += 1 }
        return j
    }

    /// Whether the number at `i` ends where a date or year may end: not in
    /// more digits, a name, a fraction or a percent sign.
    func endsCleanly(_ i: Int) -> Bool {
        let b = at(i)
        if LexerBytes.isIdentifierChar(b) || b == LexerBytes.percent { return false }
        return !(b == LexerBytes.dot && LexerBytes.isDigit(at(i + 1)))
    }

    /// The value of `count` digits at `i`, if they are all digits.
    func digitsValue(_ i: Int, count: Int) -> Int? {
        var value = 0
        for k in i..<(i + count) {
            let b = at(k)
            guard LexerBytes.isDigit(b) else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        return value
    }

    /// `2026-05-25` (exactly four, two and two digits), and
    /// `2026-07-11..2026-10-10`, a span of days as such a period prints.
    mutating func lexISODate(_ start: Int) -> Bool {
        guard let (year, month, day) = isoDate(at: start) else { return false }
        pos = start + 10
        let date = makeDate(year: year, month: month, day: day, start, pos)
        if at(pos) == LexerBytes.dot, at(pos + 1) == LexerBytes.dot, let (y, m, d) = isoDate(at: pos + 2) {
            let endStart = pos + 2
            pos = endStart + 10
            let end = makeDate(year: y, month: m, day: d, endStart, pos)
            if end < date && date.dayNumber != 0 && end.dayNumber != 0 {
                error("period '\(text(start, pos))' ends before it starts", start, pos,
                      help: "write the earlier date first")
            }
            emit(.period(.span(date, max(date, end))), start, pos)
            return true
        }
        emit(.date(date), start, pos)
        return true
    }

    /// The year, month and day of an ISO date shape at `i` (not validated).
    func isoDate(at i: Int) -> (Int, Int, Int)? {
        guard at(i + 4) == LexerBytes.minus, at(i + 7) == LexerBytes.minus,
              let year = digitsValue(i, count: 4),
              let month = digitsValue(i + 5, count: 2),
              let day = digitsValue(i + 8, count: 2),
              endsCleanly(i + 10) || (at(i + 10) == LexerBytes.dot && at(i + 11) == LexerBytes.dot)
        else { return nil }
        return (year, month, day)
    }

    /// A validated date; on an invalid one, reports it and returns a
    /// placeholder (nothing runs when the lexer reported errors).
    mutating func makeDate(year: Int, month: Int, day: Int, _ start: Int, _ end: Int) -> CalendarDate {
        let placeholder = CalendarDate(dayNumber: 0)
        let message = "invalid date '\(text(start, end))'"
        guard year >= 1 && year <= 9999 else {
            error(message, start, end, help: "years run from 1 to 9999")
            return placeholder
        }
        guard month >= 1 && month <= 12 else {
            error(message, start, end, help: "months run from 1 to 12")
            return placeholder
        }
        let days = CalendarMath.daysInMonth(month, year: year)
        guard day >= 1 && day <= days, let date = CalendarDate(year: year, month: month, day: day) else {
            error(message, start, end,
                  help: "\(CalendarMath.monthName(month)) \(year) has \(days) days")
            return placeholder
        }
        return date
    }
}
