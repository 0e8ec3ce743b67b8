// Word-led dates and periods (SPEC §1, §5): `May 25 2026`, `May 25, 2026`,
// `May 2026`, `Q3 2026`, `H1 2026`, `mid-June 2026`, `late 2026`, `FY2026`,
// `FY2026 (Apr)`.
// Each is recognised by its whole shape; a word that does not start one is
// an ordinary name.

extension LexerScanner {
    /// Lexes a date or period led by the word `bytes[start..<end]`; false
    /// (nothing consumed) when the word leads none.
    mutating func lexWordLedDate(_ start: Int, _ end: Int) -> Bool {
        let length = end - start
        let first = LexerBytes.lowercased(bytes[start])
        if let month = LexerVocabulary.month(bytes, start, end) {
            return lexMonthLed(month, start, end)
        }
        if length == 2, first == UInt8(ascii: "q") || first == UInt8(ascii: "h") {
            let number = Int(bytes[start + 1]) - 0x30
            let limit = first == UInt8(ascii: "q") ? 4 : 2
            guard number >= 1, number <= limit else { return false }
            let yearStart = skipSpaces(end)
            guard yearStart > end, let year = year(at: yearStart) else { return false }
            let literal: PeriodLiteral = first == UInt8(ascii: "q")
                ? .quarter(number, year: year) : .half(number, year: year)
            emitPeriod(literal, year: year, start, yearStart + 4)
            return true
        }
        // `FY` only in capitals: `fy2026` stays free as a name. `FY26` is
        // FY2026: two-digit fiscal years are in 2000–2099 (SPEC §1).
        if length == 6 || length == 4, bytes[start] == UInt8(ascii: "F"), bytes[start + 1] == UInt8(ascii: "Y"),
           let digits = digitsValue(start + 2, count: length - 2) {
            let year = length == 4 ? 2000 + digits : digits
            // `FY2026 (Apr)`: a fiscal year starting in April, as one made
            // under `fiscal_year_start April` prints (it reads back as itself).
            let open = skipSpaces(end)
            if at(open) == UInt8(ascii: "("), let (month, wordEnd) = monthWord(at: open + 1),
               at(wordEnd) == UInt8(ascii: ")") {
                emitPeriod(.fiscalYearStarting(year, month: month), year: year, start, wordEnd + 1)
                return true
            }
            emitPeriod(.fiscalYear(year), year: year, start, end)
            return true
        }
        if let part = periodPart(start, end) {
            return lexPartLed(part, start, end)
        }
        return false
    }

    /// A four-digit year at `i` that ends cleanly.
    func year(at i: Int) -> Int? {
        guard let value = digitsValue(i, count: 4), endsCleanly(i + 4) else { return nil }
        return value
    }

    /// `early`, `mid` or `late`, in any case.
    func periodPart(_ start: Int, _ end: Int) -> PeriodPart? {
        guard end - start >= 3, end - start <= 5 else { return nil }
        return switch LexerVocabulary.packed(bytes, start, end, lowercased: true) {
        case 0x6561726c79: .early
        case 0x6d6964: .mid
        case 0x6c617465: .late
        default: nil
        }
    }

    /// The month named by the word at `i`, and where the word ends.
    func monthWord(at i: Int) -> (month: Int, end: Int)? {
        guard LexerBytes.isLetter(at(i)) else { return nil }
        var end = i
        while LexerBytes.isIdentifierChar(at(end)) { end += 1 }
        guard let month = LexerVocabulary.month(bytes, i, end) else { return nil }
        return (month, end)
    }

    /// `May 2026`, `May 25 2026`, `May 25, 2026`; `May 25` is an error.
    mutating func lexMonthLed(_ month: Int, _ start: Int, _ end: Int) -> Bool {
        let next = skipSpaces(end)
        guard next > end else { return false }
        if let year = year(at: next) {
            emitPeriod(.month(month, year: year), year: year, start, next + 4)
            return true
        }
        guard LexerBytes.isDigit(at(next)) else { return false }
        let dayEnd = LexerBytes.isDigit(at(next + 1)) ? next + 2 : next + 1
        guard endsCleanly(dayEnd), let day = digitsValue(next, count: dayEnd - next), day >= 1, day <= 31 else {
            return false
        }
        var yearStart = skipSpaces(dayEnd)
        var hasYear = yearStart > dayEnd && year(at: yearStart) != nil
        if !hasYear && at(yearStart) == LexerBytes.comma {
            yearStart = skipSpaces(yearStart + 1)
            hasYear = year(at: yearStart) != nil
        }
        if hasYear, let year = year(at: yearStart) {
            pos = yearStart + 4
            let date = makeDate(year: year, month: month, day: day, start, pos)
            emit(.date(date), start, pos)
            return true
        }
        pos = dayEnd
        let monthName = CalendarMath.monthName(month)
        error("date '\(text(start, dayEnd))' needs a year", start, dayEnd,
              help: "add the year, e.g. \(monthName) \(day) 2026")
        emit(.date(CalendarDate(dayNumber: 0)), start, dayEnd)
        return true
    }

    /// `early 2026`, `mid-2026`, `mid-June 2026`, `mid June 2026`.
    mutating func lexPartLed(_ part: PeriodPart, _ start: Int, _ end: Int) -> Bool {
        if at(end) == LexerBytes.minus {
            if let (month, monthEnd) = monthWord(at: end + 1) {
                let yearStart = skipSpaces(monthEnd)
                if yearStart > monthEnd, let year = year(at: yearStart) {
                    emitPeriod(.partOfMonth(part, month: month, year: year), year: year, start, yearStart + 4)
                    return true
                }
                // `mid-June` reads as a period, not a subtraction of two names.
                pos = monthEnd
                let name = "\(part.rawValue)-\(CalendarMath.monthName(month))"
                error("period '\(text(start, monthEnd))' needs a year", start, monthEnd,
                      help: "add the year, e.g. \(name) 2026")
                emit(.period(.partOfMonth(part, month: month, year: 1)), start, monthEnd)
                return true
            }
            if let year = year(at: end + 1) {
                emitPeriod(.partOfYear(part, year: year), year: year, start, end + 5)
                return true
            }
            return false
        }
        let next = skipSpaces(end)
        guard next > end else { return false }
        if let year = year(at: next) {
            emitPeriod(.partOfYear(part, year: year), year: year, start, next + 4)
            return true
        }
        if let (month, monthEnd) = monthWord(at: next) {
            let yearStart = skipSpaces(monthEnd)
            if yearStart > monthEnd, let year = year(at: yearStart) {
                emitPeriod(.partOfMonth(part, month: month, year: year), year: year, start, yearStart + 4)
                return true
            }
        }
        return false
    }

    // MARK: Number-led dates and periods

    /// `25 May 2026` (a day, a month name, a four-digit year); `25 May`
    /// without the year is an error, as `May 25` is. False when the digits
    /// at `start` lead no such shape.
    mutating func lexDayLedDate(_ start: Int) -> Bool {
        let dayEnd = LexerBytes.isDigit(at(start + 1)) ? start + 2 : start + 1
        let monthStart = skipSpaces(dayEnd)
        guard monthStart > dayEnd, let day = digitsValue(start, count: dayEnd - start), day >= 1, day <= 31,
              let (month, monthEnd) = monthWord(at: monthStart)
        else { return false }
        let yearStart = skipSpaces(monthEnd)
        if yearStart > monthEnd, let year = year(at: yearStart) {
            pos = yearStart + 4
            let date = makeDate(year: year, month: month, day: day, start, pos)
            emit(.date(date), start, pos)
            return true
        }
        pos = monthEnd
        error("date '\(text(start, monthEnd))' needs a year", start, monthEnd,
              help: "add the year, e.g. \(day) \(CalendarMath.monthName(month)) 2026")
        emit(.date(CalendarDate(dayNumber: 0)), start, monthEnd)
        return true
    }

    /// `1H 2026` (= `H1 2026`) and `3Q 2026` (= `Q3 2026`), as analysts
    /// write halves and quarters.
    mutating func lexNumberLedPeriod(_ start: Int) -> Bool {
        let number = Int(at(start)) - 0x30
        let letter = LexerBytes.lowercased(at(start + 1))
        let limit = letter == UInt8(ascii: "q") ? 4 : letter == UInt8(ascii: "h") ? 2 : 0
        guard number >= 1, number <= limit, !LexerBytes.isIdentifierChar(at(start + 2)) else { return false }
        let yearStart = skipSpaces(start + 2)
        guard yearStart > start + 2, let year = year(at: yearStart) else { return false }
        let literal: PeriodLiteral = limit == 4 ? .quarter(number, year: year) : .half(number, year: year)
        emitPeriod(literal, year: year, start, yearStart + 4)
        return true
    }

    /// `05/25/2026` is an error, never a silent division (SPEC §1): which
    /// of the first two numbers is the month cannot be told in general.
    mutating func lexSlashDate(_ start: Int) -> Bool {
        let firstEnd = LexerBytes.isDigit(at(start + 1)) ? start + 2 : start + 1
        guard at(firstEnd) == UInt8(ascii: "/"), LexerBytes.isDigit(at(firstEnd + 1)) else { return false }
        let secondEnd = LexerBytes.isDigit(at(firstEnd + 2)) ? firstEnd + 3 : firstEnd + 2
        guard at(secondEnd) == UInt8(ascii: "/"), let year = year(at: secondEnd + 1),
              let a = digitsValue(start, count: firstEnd - start),
              let b = digitsValue(firstEnd + 1, count: secondEnd - firstEnd - 1)
        else { return false }
        pos = secondEnd + 5
        func iso(_ month: Int, _ day: Int) -> String {
            "\(CalendarMath.paddedYear(year))-\(CalendarMath.twoDigits(month))-\(CalendarMath.twoDigits(day))"
        }
        let monthFirst = a <= 12 && b <= CalendarMath.daysInMonth(max(a, 1), year: year) && a >= 1 && b >= 1
        let dayFirst = b <= 12 && a <= CalendarMath.daysInMonth(max(b, 1), year: year) && a >= 1 && b >= 1
        let help: String
        switch (monthFirst, dayFirst) {
        case (true, true) where a == b, (true, false):
            help = "write \(iso(a, b)) or \(CalendarMath.monthName(a)) \(b) \(year)"
        case (false, true):
            help = "write \(iso(b, a)) or \(a) \(CalendarMath.monthName(b)) \(year)"
        case (true, true):
            help = "write \(iso(a, b)) or \(CalendarMath.monthName(a)) \(b) \(year) (month first), "
                + "or \(iso(b, a)) (day first)"
        default:
            help = "write dates as 2026-05-25 or May 25 2026"
        }
        error("ambiguous date '\(text(start, pos))'", start, pos, help: help)
        emit(.date(CalendarDate(dayNumber: 0)), start, pos)
        return true
    }

    /// Emits a period token spanning `[start, end)`, reporting year 0000.
    mutating func emitPeriod(_ literal: PeriodLiteral, year: Int, _ start: Int, _ end: Int) {
        pos = end
        if year < 1 {
            error("invalid period '\(text(start, end))'", start, end, help: "years run from 1 to 9999")
        }
        emit(.period(literal), start, end)
    }
}
