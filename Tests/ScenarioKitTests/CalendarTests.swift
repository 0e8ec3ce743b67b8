import Testing
@testable import ScenarioKit


private func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate {
    guard let date = CalendarDate(year: y, month: m, day: d) else {
        Issue.record("invalid test date \(y)-\(m)-\(d)")
        return CalendarDate(dayNumber: 0)
    }
    return date
}

private func span(_ literal: PeriodLiteral, fys: Int = 1) -> String {
    let p = Period(literal, fiscalYearStart: fys)
    return "\(p.start)..\(p.end)"
}

@Suite struct CalendarTests {
    // MARK: Dates

    @Test func epochAndKnownDayNumbers() {
        #expect(date(1970, 1, 1).dayNumber == 0)
        #expect(date(1970, 1, 2).dayNumber == 1)
        #expect(date(1969, 12, 31).dayNumber == -1)
        #expect(date(2000, 3, 1).dayNumber == 11017)
        #expect(date(2026, 5, 25).dayNumber == 20598)
        #expect(date(1, 1, 1).dayNumber == -719162)
        #expect(date(9999, 12, 31).dayNumber == 2932896)
        #expect(CalendarMath.validDayNumbers == -719162...2932896)
    }

    @Test func componentsAndDescription() {
        let d = CalendarDate(dayNumber: 20598)
        #expect(d.year == 2026 && d.month == 5 && d.day == 25)
        #expect(d.description == "2026-05-25")
        #expect(date(1, 1, 1).description == "0001-01-01")
        #expect(date(999, 12, 9).description == "0999-12-09")
        #expect(date(9999, 12, 31).description == "9999-12-31")
        #expect(date(2024, 2, 29).description == "2024-02-29")
    }

    @Test func invalidDatesAreNil() {
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2026, month: 2, day: 30) == nil)
        #expect(CalendarDate(year: 2024, month: 2, day: 30) == nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CalendarDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CalendarDate(year: 2026, month: 0, day: 1) == nil)
        #expect(CalendarDate(year: 2026, month: 1, day: 0) == nil)
        #expect(CalendarDate(year: 0, month: 1, day: 1) == nil)
        #expect(CalendarDate(year: 10000, month: 1, day: 1) == nil)
        #expect(CalendarDate(year: Int.max, month: 1, day: 1) == nil)
    }

    @Test func nonsenseDayNumbersDoNotTrap() {
        for n in [Int.max, Int.min, Int.max - 719_468, Int.min + 1] {
            let d = CalendarDate(dayNumber: n)
            _ = d.description
            #expect(!d.isInSupportedRange)
            #expect(CalendarMath.add(CalendarDuration(months: 1, days: 1), to: d) == nil)
        }
    }

    @Test func daysInMonthAndLeapYears() {
        #expect((1...12).map { CalendarMath.daysInMonth($0, year: 2026) } == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        #expect(CalendarMath.daysInMonth(2, year: 2024) == 29)
        #expect(CalendarMath.daysInMonth(2, year: 2000) == 29)
        #expect(CalendarMath.daysInMonth(2, year: 1900) == 28)
        #expect(CalendarMath.daysInMonth(2, year: 2100) == 28)
        #expect(CalendarMath.daysInMonth(2, year: 4) == 29)
    }

    @Test func monthNames() {
        #expect(CalendarMath.month(named: "may") == 5)
        #expect(CalendarMath.month(named: "MAY") == 5)
        #expect(CalendarMath.month(named: "Sep") == 9)
        #expect(CalendarMath.month(named: "Sept") == 9)
        #expect(CalendarMath.month(named: "sept") == 9)
        #expect(CalendarMath.month(named: "September") == 9)
        #expect(CalendarMath.month(named: "jAnUaRy") == 1)
        #expect(CalendarMath.month(named: "Dec") == 12)
        #expect(CalendarMath.month(named: "Ju") == nil)
        #expect(CalendarMath.month(named: "Jun") == 6)
        #expect(CalendarMath.month(named: "Jul") == 7)
        #expect(CalendarMath.month(named: "Janu") == nil)
        #expect(CalendarMath.month(named: "Septem") == nil)
        #expect(CalendarMath.month(named: "Mayday") == nil)
        #expect(CalendarMath.month(named: "") == nil)
        #expect(CalendarMath.month(named: "Q3") == nil)
        for m in 1...12 {
            let name = CalendarMath.monthName(m)
            #expect(CalendarMath.month(named: name) == m)
            #expect(CalendarMath.month(named: String(name.prefix(3))) == m)
            #expect(CalendarMath.month(named: name.uppercased()) == m)
        }
        #expect(CalendarMath.monthName(6) == "June")
    }

    // MARK: Durations

    @Test func durationDescriptions() {
        #expect(CalendarDuration(days: 45).description == "45 days")
        #expect(CalendarDuration(days: 1).description == "1 day")
        #expect(CalendarDuration(days: -1).description == "-1 day")
        #expect(CalendarDuration(days: -45).description == "-45 days")
        #expect(CalendarDuration().description == "0 days")
        #expect(CalendarDuration(months: 3).description == "3 months")
        #expect(CalendarDuration(months: 1).description == "1 month")
        #expect(CalendarDuration(months: 12).description == "1 year")
        #expect(CalendarDuration(months: 24).description == "2 years")
        #expect(CalendarDuration(months: 15).description == "1 year 3 months")
        #expect(CalendarDuration(months: 12, days: 10).description == "1 year 10 days")
        #expect(CalendarDuration(months: 13, days: 1).description == "1 year 1 month 1 day")
        #expect(CalendarDuration(months: -15).description == "-1 year 3 months")  // reads back (issue 8)
        #expect(CalendarDuration(months: -12, days: -10).description == "-1 year 10 days")
        #expect(CalendarDuration(months: -12).description == "-1 year")
        #expect(CalendarDuration(months: 1, days: -3).description == "1 month + -3 days")
        #expect(CalendarDuration(days: 14).description == "14 days")  // weeks print as days
    }

    // MARK: Periods

    @Test func quartersAndHalves() {
        #expect(span(.quarter(1, year: 2026)) == "2026-01-01..2026-03-31")
        #expect(span(.quarter(2, year: 2026)) == "2026-04-01..2026-06-30")
        #expect(span(.quarter(3, year: 2026)) == "2026-07-01..2026-09-30")
        #expect(span(.quarter(4, year: 2026)) == "2026-10-01..2026-12-31")
        #expect(span(.half(1, year: 2026)) == "2026-01-01..2026-06-30")
        #expect(span(.half(2, year: 2026)) == "2026-07-01..2026-12-31")
        #expect(Period(.quarter(3, year: 2026)).description == "Q3 2026")
        #expect(Period(.half(1, year: 2026)).description == "H1 2026")
        #expect(Period(.quarter(3, year: 2026)).length == CalendarDuration(days: 92))
    }

    @Test func monthsAndPartsOfMonths() {
        #expect(span(.month(5, year: 2026)) == "2026-05-01..2026-05-31")
        #expect(span(.month(2, year: 2024)) == "2024-02-01..2024-02-29")
        #expect(span(.month(2, year: 2026)) == "2026-02-01..2026-02-28")
        #expect(span(.partOfMonth(.early, month: 7, year: 2026)) == "2026-07-01..2026-07-10")
        #expect(span(.partOfMonth(.mid, month: 6, year: 2026)) == "2026-06-11..2026-06-20")
        #expect(span(.partOfMonth(.late, month: 3, year: 2026)) == "2026-03-21..2026-03-31")
        #expect(span(.partOfMonth(.late, month: 2, year: 2024)) == "2024-02-21..2024-02-29")
        #expect(span(.partOfMonth(.late, month: 4, year: 2026)) == "2026-04-21..2026-04-30")
        #expect(Period(.month(5, year: 2026)).description == "May 2026")
        #expect(Period(.partOfMonth(.mid, month: 6, year: 2026)).description == "mid-June 2026")
        #expect(Period(.partOfMonth(.early, month: 7, year: 2026)).description == "early-July 2026")
        #expect(Period(.partOfMonth(.late, month: 3, year: 2026)).description == "late-March 2026")
    }

    @Test func partsOfYears() {
        #expect(span(.partOfYear(.early, year: 2026)) == "2026-01-01..2026-04-30")
        #expect(span(.partOfYear(.mid, year: 2026)) == "2026-05-01..2026-08-31")
        #expect(span(.partOfYear(.late, year: 2026)) == "2026-09-01..2026-12-31")
        #expect(Period(.partOfYear(.late, year: 2026)).description == "late 2026")
        #expect(Period(.partOfYear(.early, year: 2026)).description == "early 2026")
    }

    @Test func fiscalYears() {
        #expect(span(.fiscalYear(2026)) == "2026-01-01..2026-12-31")
        #expect(span(.fiscalYear(2026), fys: 1) == "2026-01-01..2026-12-31")
        #expect(span(.fiscalYear(2026), fys: 4) == "2025-04-01..2026-03-31")
        #expect(span(.fiscalYear(2026), fys: 7) == "2025-07-01..2026-06-30")
        #expect(span(.fiscalYear(2026), fys: 10) == "2025-10-01..2026-09-30")
        #expect(span(.fiscalYear(2026), fys: 12) == "2025-12-01..2026-11-30")
        #expect(span(.fiscalYear(2024), fys: 3) == "2023-03-01..2024-02-29")
        #expect(span(.fiscalYear(2026), fys: 0) == "2026-01-01..2026-12-31")
        // One not starting in January names its first month (issue 18).
        #expect(Period(.fiscalYear(2026), fiscalYearStart: 7).description == "FY2026 (Jul)")
        #expect(Period(.fiscalYear(2026)).description == "FY2026")
        #expect(Period(.fiscalYearStarting(2026, month: 7)).description == "FY2026 (Jul)")
        #expect(Period(.fiscalYearStarting(2026, month: 7), fiscalYearStart: 1)
                == Period(.fiscalYear(2026), fiscalYearStart: 7))
    }

    @Test func literalValidityAndArbitrarySpans() {
        #expect(PeriodLiteral.quarter(3, year: 2026).isValid)
        #expect(!PeriodLiteral.quarter(5, year: 2026).isValid)
        #expect(!PeriodLiteral.half(0, year: 2026).isValid)
        #expect(!PeriodLiteral.month(13, year: 2026).isValid)
        #expect(!PeriodLiteral.fiscalYear(0).isValid)
        #expect(!PeriodLiteral.partOfYear(.late, year: 10000).isValid)
        _ = Period(.quarter(9, year: Int.max)).description  // no trap
        let p = Period(start: date(2026, 7, 11), end: date(2026, 10, 10))
        #expect(p.description == "2026-07-11..2026-10-10")
        #expect(p.length.description == "92 days")
    }

    // MARK: Arithmetic

    @Test func addingDurations() {
        func add(_ d: CalendarDate, months: Int = 0, days: Int = 0) -> String {
            CalendarMath.add(CalendarDuration(months: months, days: days), to: d)?.description ?? "nil"
        }
        #expect(add(date(2026, 1, 31), months: 1) == "2026-02-28")
        #expect(add(date(2024, 1, 31), months: 1) == "2024-02-29")
        #expect(add(date(2024, 2, 29), months: 12) == "2025-02-28")
        #expect(add(date(2024, 2, 29), months: 48) == "2028-02-29")
        #expect(add(date(2026, 3, 31), months: -1) == "2026-02-28")
        #expect(add(date(2026, 1, 15), months: -13) == "2024-12-15")
        #expect(add(date(2026, 12, 15), months: 1) == "2027-01-15")
        #expect(add(date(2026, 5, 25), days: 45) == "2026-07-09")
        #expect(add(date(2026, 5, 25), days: -45) == "2026-04-10")
        // Months first, then days.
        #expect(add(date(2026, 1, 31), months: 1, days: 1) == "2026-03-01")
        #expect(add(date(2026, 1, 31), months: 12, days: 10) == "2027-02-10")
        #expect(add(date(9999, 12, 31), days: 1) == "nil")
        #expect(add(date(1, 1, 1), days: -1) == "nil")
        #expect(add(date(9999, 12, 1), months: 1) == "nil")
        #expect(add(date(2026, 1, 1), months: Int.max) == "nil")
        #expect(add(date(2026, 1, 1), months: Int.min) == "nil")
        #expect(add(date(2026, 1, 1), days: Int.max) == "nil")
    }

    @Test func monthsBetween() {
        func between(_ a: CalendarDate, _ b: CalendarDate) -> Int { CalendarMath.monthsBetween(a, b) }
        #expect(between(date(2022, 1, 18), date(2023, 1, 1)) == 11)
        #expect(between(date(2026, 2, 1), date(2026, 7, 1)) == 5)
        #expect(between(date(2023, 1, 1), date(2022, 1, 18)) == -11)
        #expect(between(date(2026, 7, 1), date(2026, 2, 1)) == -5)
        #expect(between(date(2026, 5, 25), date(2026, 5, 25)) == 0)
        #expect(between(date(2026, 5, 25), date(2026, 6, 24)) == 0)
        #expect(between(date(2026, 5, 25), date(2026, 6, 25)) == 1)
        // Clamping: Jan 31 + 1 month is Feb 28, which is <= Feb 28.
        #expect(between(date(2026, 1, 31), date(2026, 2, 28)) == 1)
        #expect(between(date(2026, 1, 31), date(2026, 2, 27)) == 0)
        #expect(between(date(2024, 1, 31), date(2024, 2, 28)) == 0)
        #expect(between(date(2024, 1, 31), date(2024, 2, 29)) == 1)
        #expect(between(date(2026, 2, 28), date(2026, 1, 31)) == -1)
        #expect(between(date(2026, 3, 31), date(2026, 2, 28)) == -1)  // -(Feb 28 + 1 month <= Mar 31)
        #expect(between(date(2000, 1, 1), date(2026, 1, 1)) == 312)
    }

    @Test func shiftingKeepsOrLosesTheLiteral() {
        func shifted(_ literal: PeriodLiteral, months: Int = 0, days: Int = 0, fys: Int = 1) -> String {
            guard let p = CalendarMath.shift(Period(literal, fiscalYearStart: fys),
                                             by: CalendarDuration(months: months, days: days),
                                             fiscalYearStart: fys) else { return "nil" }
            return "\(p) \(p.start)..\(p.end)"
        }
        #expect(shifted(.quarter(3, year: 2026), months: 3) == "Q4 2026 2026-10-01..2026-12-31")
        #expect(shifted(.quarter(4, year: 2026), months: 3) == "Q1 2027 2027-01-01..2027-03-31")
        #expect(shifted(.quarter(1, year: 2026), months: -3) == "Q4 2025 2025-10-01..2025-12-31")
        #expect(shifted(.quarter(3, year: 2026), months: 12) == "Q3 2027 2027-07-01..2027-09-30")
        #expect(shifted(.quarter(3, year: 2026), days: 10) == "2026-07-11..2026-10-10 2026-07-11..2026-10-10")
        #expect(shifted(.quarter(3, year: 2026), months: 1) == "2026-08-01..2026-10-31 2026-08-01..2026-10-31")
        #expect(shifted(.quarter(3, year: 2026), months: 1, days: 10) == "2026-08-11..2026-11-10 2026-08-11..2026-11-10")
        #expect(shifted(.half(1, year: 2026), months: 6) == "H2 2026 2026-07-01..2026-12-31")
        #expect(shifted(.half(1, year: 2026), months: 3) == "2026-04-01..2026-09-30 2026-04-01..2026-09-30")
        #expect(shifted(.month(1, year: 2026), months: 1) == "February 2026 2026-02-01..2026-02-28")
        #expect(shifted(.month(2, year: 2026), months: 1) == "March 2026 2026-03-01..2026-03-31")
        #expect(shifted(.month(2, year: 2024), months: 12) == "February 2025 2025-02-01..2025-02-28")
        #expect(shifted(.partOfMonth(.mid, month: 6, year: 2026), months: 1) == "mid-July 2026 2026-07-11..2026-07-20")
        #expect(shifted(.partOfMonth(.early, month: 7, year: 2026), days: 10) == "mid-July 2026 2026-07-11..2026-07-20")
        #expect(shifted(.partOfMonth(.late, month: 1, year: 2026), months: 1) == "late-February 2026 2026-02-21..2026-02-28")
        #expect(shifted(.partOfMonth(.late, month: 2, year: 2026), months: 1) == "late-March 2026 2026-03-21..2026-03-31")
        #expect(shifted(.partOfMonth(.mid, month: 2, year: 2026), days: 10) == "2026-02-21..2026-03-02 2026-02-21..2026-03-02")
        #expect(shifted(.partOfYear(.early, year: 2026), months: 4) == "mid 2026 2026-05-01..2026-08-31")
        #expect(shifted(.partOfYear(.late, year: 2026), months: 4) == "early 2027 2027-01-01..2027-04-30")
        #expect(shifted(.partOfYear(.early, year: 2026), months: 1) == "2026-02-01..2026-05-31 2026-02-01..2026-05-31")
        #expect(shifted(.fiscalYear(2026), months: 12) == "FY2027 2027-01-01..2027-12-31")
        #expect(shifted(.fiscalYear(2026), months: 12, fys: 4) == "FY2027 (Apr) 2026-04-01..2027-03-31")
        #expect(shifted(.fiscalYear(2026), months: -12, fys: 7) == "FY2025 (Jul) 2024-07-01..2025-06-30")
        #expect(shifted(.fiscalYear(2026), months: 3, fys: 4) == "2025-07-01..2026-06-30 2025-07-01..2026-06-30")
        #expect(shifted(.quarter(4, year: 9999), months: 3) == "nil")
        #expect(shifted(.quarter(1, year: 1), days: -1) == "nil")
    }

    @Test func shiftingArbitrarySpans() {
        let oneDay = Period(start: date(2026, 2, 28), end: date(2026, 2, 28))
        let s = CalendarMath.shift(oneDay, by: CalendarDuration(months: 1))
        #expect(s?.description == "2026-03-28..2026-03-28")
        let whole = Period(start: date(2026, 2, 1), end: date(2026, 3, 31))
        #expect(CalendarMath.shift(whole, by: CalendarDuration(months: 1))?.description == "2026-03-01..2026-04-30")
        #expect(CalendarMath.shift(whole, by: CalendarDuration(days: 1))?.description == "2026-02-02..2026-04-01")
        // An arbitrary span that lands on a canonical period becomes it
        // (SPEC §2, revised December: it used to keep printing as days).
        let q = Period(start: date(2026, 7, 1), end: date(2026, 9, 30))
        #expect(CalendarMath.shift(q, by: CalendarDuration(months: 3))?.literal == .quarter(4, year: 2026))
        #expect(CalendarMath.shift(whole, by: CalendarDuration(days: 1))?.literal == nil)
    }

    // MARK: Properties

    @Test func dayNumberRoundTripsOver1900To2100() {
        var expected = date(1900, 1, 1).dayNumber
        for y in 1900...2100 {
            for m in 1...12 {
                for d in 1...CalendarMath.daysInMonth(m, year: y) {
                    let date = CalendarDate(year: y, month: m, day: d)
                    #expect(date?.dayNumber == expected)
                    let back = CalendarDate(dayNumber: expected).components
                    if back != (y, m, d) { Issue.record("\(expected) -> \(back), wanted \(y)-\(m)-\(d)") }
                    expected += 1
                }
            }
        }
    }

    @Test func dayNumberRoundTripsAcrossTheWholeRange() {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<20_000 {
            let n = Int.random(in: CalendarMath.validDayNumbers, using: &rng)
            let (y, m, d) = CalendarDate(dayNumber: n).components
            #expect(CalendarDate(year: y, month: m, day: d)?.dayNumber == n)
        }
    }

    @Test func addingThenSubtractingMonthsRoundTripsWithinClamping() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<20_000 {
            let start = date(Int.random(in: 1900...2100, using: &rng), Int.random(in: 1...12, using: &rng), 1)
            let original = CalendarDate(dayNumber: start.dayNumber + Int.random(in: 0...30, using: &rng))
            let n = Int.random(in: -240...240, using: &rng)
            guard let there = CalendarMath.add(CalendarDuration(months: n), to: original),
                  let back = CalendarMath.add(CalendarDuration(months: -n), to: there) else {
                Issue.record("unexpected nil"); continue
            }
            let o = original.components, b = back.components
            #expect(b.year == o.year && b.month == o.month && b.day <= o.day)
            if there.day == o.day { #expect(back == original) }
            #expect(CalendarMath.monthsBetween(original, there) == n || there.day != o.day)
        }
    }

    @Test func monthsBetweenIsTheLargestFittingCount() {
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<5_000 {
            let a = CalendarDate(dayNumber: Int.random(in: -25_000...50_000, using: &rng))
            let b = CalendarDate(dayNumber: a.dayNumber + Int.random(in: -2_000...2_000, using: &rng))
            let n = CalendarMath.monthsBetween(a, b)
            if a <= b {
                #expect(n >= 0)
                #expect(CalendarMath.add(CalendarDuration(months: n), to: a).map { $0 <= b } == true)
                #expect(CalendarMath.add(CalendarDuration(months: n + 1), to: a).map { $0 > b } == true)
            } else {
                #expect(n == -CalendarMath.monthsBetween(b, a))
            }
        }
    }

    @Test func shiftingLiteralsByWholeShapesKeepsTheShape() {
        var rng = SeededGenerator(seed: 2026)
        for _ in 0..<2_000 {
            let y = Int.random(in: 1900...2100, using: &rng)
            let fys = Int.random(in: 1...12, using: &rng)
            let k = Int.random(in: -8...8, using: &rng)
            let cases: [(PeriodLiteral, Int)] = [
                (.quarter(Int.random(in: 1...4, using: &rng), year: y), 3),
                (.half(Int.random(in: 1...2, using: &rng), year: y), 6),
                (.month(Int.random(in: 1...12, using: &rng), year: y), 1),
                (.partOfMonth(PeriodPart.allCases.randomElement(using: &rng) ?? .mid,
                              month: Int.random(in: 1...12, using: &rng), year: y), 1),
                (.partOfYear(PeriodPart.allCases.randomElement(using: &rng) ?? .mid, year: y), 4),
                (.fiscalYear(y), 12),
            ]
            for (literal, step) in cases {
                let p = Period(literal, fiscalYearStart: fys)
                guard let s = CalendarMath.shift(p, by: CalendarDuration(months: k * step), fiscalYearStart: fys),
                      let lit = s.literal else {
                    Issue.record("\(literal) + \(k * step) months lost its literal"); continue
                }
                #expect(Period(lit, fiscalYearStart: fys) == s)
                #expect(CalendarMath.shift(s, by: CalendarDuration(months: -k * step), fiscalYearStart: fys) == p)
            }
        }
    }
}

extension CalendarTests {
    @Test func monthNamesFromSlicesAndOddInput() {
        let source = "close mid-Sept 2026"
        let word = source.split(separator: " ")[1].split(separator: "-")[1]
        #expect(CalendarMath.month(named: word) == 9)
        #expect(CalendarMath.month(named: "MAr") == 3)
        #expect(CalendarMath.month(named: "Junе") == nil)  // Cyrillic е
        #expect(CalendarMath.month(named: "Sepy") == nil)
        #expect(CalendarMath.month(named: "Octo") == nil)
        #expect(CalendarMath.month(named: "may ") == nil)
        #expect(CalendarMath.month(named: "m\u{0}y") == nil)
    }
}

extension CalendarTests {
    @Test func quartersOfDatesAndOneDayPeriods() {
        #expect([1, 3, 4, 6, 7, 9, 10, 12].map { date(2026, $0, 15).quarter } == [1, 1, 2, 2, 3, 3, 4, 4])
        let p = Period(day: date(2026, 5, 25))
        #expect(p.start == p.end && p.literal == nil && p.length == CalendarDuration(days: 1))
        #expect(p.description == "2026-05-25..2026-05-25")
    }
}
