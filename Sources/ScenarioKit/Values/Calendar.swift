// Proleptic Gregorian calendar, no time of day, no time zones (SPEC §5).
//
// Conversions use Howard Hinnant's days-from-civil / civil-from-days
// algorithms (exact for every proleptic Gregorian date). Arithmetic that a
// user value can reach uses wrapping operators: a nonsense day number gives a
// nonsense date, never a trap.

/// One day of the proleptic Gregorian calendar.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Nil when the day does not exist (`2026-02-30`) or the year is outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard CalendarMath.validYears.contains(year), (1...12).contains(month),
              day >= 1, day <= CalendarMath.daysInMonth(month, year: year) else { return nil }
        self.dayNumber = CalendarMath.dayNumber(year: year, month: month, day: day)
    }

    /// A date from parts that are known to be in range (or where any day is
    /// acceptable): no validation.
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.dayNumber = CalendarMath.dayNumber(year: year, month: month, day: day)
    }

    /// Year, month (1...12) and day (1...31), computed together.
    public var components: (year: Int, month: Int, day: Int) { CalendarMath.civil(dayNumber) }

    /// The year, 1...9999 for dates in the supported range.
    public var year: Int { components.year }
    /// The month, 1...12.
    public var month: Int { components.month }
    /// The day of the month, 1...31.
    public var day: Int { components.day }
    /// 1...4 (`quarter(d)`).
    public var quarter: Int { (components.month + 2) / 3 }

    /// True when the year is within 1...9999 (the range literals and
    /// arithmetic produce).
    public var isInSupportedRange: Bool { CalendarMath.validDayNumbers.contains(dayNumber) }

    /// Earlier dates are smaller.
    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }

    /// `2026-05-25`
    public var description: String {
        let (y, m, d) = components
        return "\(CalendarMath.paddedYear(y))-\(CalendarMath.twoDigits(m))-\(CalendarMath.twoDigits(d))"
    }
}

/// A calendar duration: a number of months plus a number of days (SPEC §5).
/// Weeks are 7 days, quarters 3 months, years 12 months.
public struct CalendarDuration: Hashable, Sendable, CustomStringConvertible {
    /// Whole months (a year is 12, a quarter 3).
    public var months: Int
    /// Days on top of the months (a week is 7).
    public var days: Int

    /// A duration of `months` months and `days` days.
    public init(months: Int = 0, days: Int = 0) {
        self.months = months
        self.days = days
    }

    /// `45 days`, `3 months`, `1 year`, `2 years`, `1 year 10 days`, `-45 days`.
    ///
    /// Months split into whole years and the rest; zero parts are left out,
    /// and a zero duration is `0 days`. A negative duration takes one minus
    /// in front (`-1 year 3 months`), which is how a literal negates, so the
    /// text reads back as the same duration; months and days of opposite
    /// signs are written as a sum that does (`1 month + -3 days`).
    public var description: String {
        if months != 0 && days != 0 && (months < 0) != (days < 0) {
            return Self.format(months: months, days: 0) + " + " + Self.format(months: 0, days: days)
        }
        return Self.format(months: months, days: days)
    }

    private static func format(months: Int, days: Int) -> String {
        let m = months.magnitude, d = days.magnitude
        var parts: [String] = []
        if m / 12 != 0 { parts.append(part(m / 12, "year")) }
        if m % 12 != 0 { parts.append(part(m % 12, "month")) }
        if d != 0 { parts.append(part(d, "day")) }
        guard !parts.isEmpty else { return "0 days" }
        return (months < 0 || days < 0 ? "-" : "") + parts.joined(separator: " ")
    }

    private static func part(_ n: UInt, _ unit: String) -> String {
        n == 1 ? "1 \(unit)" : "\(n) \(unit)s"
    }
}

/// `early`, `mid`, `late` — of a month (days 1–10, 11–20, 21–end) or of a
/// year (Jan–Apr, May–Aug, Sep–Dec).
public enum PeriodPart: String, Hashable, Sendable, CaseIterable {
    /// Days 1–10, 11–20, 21–end of a month; Jan–Apr, May–Aug, Sep–Dec of a year.
    case early, mid, late
}

/// A period as written in source, before the fiscal-year setting is applied.
public enum PeriodLiteral: Hashable, Sendable {
    /// `Q3 2026` (quarter 1...4)
    case quarter(Int, year: Int)
    /// `H1 2026` (half 1...2)
    case half(Int, year: Int)
    /// `May 2026` (month 1...12)
    case month(Int, year: Int)
    /// `mid-June 2026`
    case partOfMonth(PeriodPart, month: Int, year: Int)
    /// `late 2026`
    case partOfYear(PeriodPart, year: Int)
    /// `FY2026`: the fiscal year ending in 2026, under the session's
    /// `fiscal_year_start`.
    case fiscalYear(Int)
    /// `FY2026 (Apr)`: the fiscal year ending in 2026 that starts in the
    /// given month (2...12), whatever the setting. A fiscal year that does
    /// not start in January prints so, so that one made under another
    /// `fiscal_year_start` is never mistaken for the current setting's.
    case fiscalYearStarting(Int, month: Int)
    /// `2026-07-11..2026-10-10`: any span of days, as a period that is none
    /// of the shapes above prints (so that every printed period reads back).
    case span(CalendarDate, CalendarDate)

    /// True when every field is in range (quarter 1...4, half 1...2, month
    /// 1...12, year 1...9999). `Period(_:)` on an invalid literal does not
    /// trap, but its span is meaningless: the parser checks this first.
    public var isValid: Bool {
        switch self {
        case .quarter(let q, let y): return (1...4).contains(q) && CalendarMath.validYears.contains(y)
        case .half(let h, let y): return (1...2).contains(h) && CalendarMath.validYears.contains(y)
        case .month(let m, let y), .partOfMonth(_, let m, let y):
            return (1...12).contains(m) && CalendarMath.validYears.contains(y)
        case .partOfYear(_, let y), .fiscalYear(let y): return CalendarMath.validYears.contains(y)
        case .fiscalYearStarting(let y, let m): return (1...12).contains(m) && CalendarMath.validYears.contains(y)
        case .span(let start, let end): return start <= end && start.isInSupportedRange && end.isInSupportedRange
        }
    }

    /// `Q3 2026`, `H1 2026`, `May 2026`, `mid-June 2026`, `late 2026`, `FY2026`.
    public var canonicalSpelling: String {
        switch self {
        case .quarter(let q, let y): return "Q\(q) \(CalendarMath.paddedYear(y))"
        case .half(let h, let y): return "H\(h) \(CalendarMath.paddedYear(y))"
        case .month(let m, let y): return "\(CalendarMath.monthName(m)) \(CalendarMath.paddedYear(y))"
        case .partOfMonth(let part, let m, let y):
            return "\(part.rawValue)-\(CalendarMath.monthName(m)) \(CalendarMath.paddedYear(y))"
        case .partOfYear(let part, let y): return "\(part.rawValue) \(CalendarMath.paddedYear(y))"
        case .fiscalYear(let y): return "FY\(CalendarMath.paddedYear(y))"
        case .fiscalYearStarting(let y, let m):
            let year = "FY\(CalendarMath.paddedYear(y))"
            return m == 1 ? year : "\(year) (\(CalendarMath.monthName(m).prefix(3)))"
        case .span(let start, let end): return "\(start)..\(end)"
        }
    }
}

/// A span of days from `start` to `end`, both inclusive.
public struct Period: Hashable, Sendable, CustomStringConvertible {
    /// The first day.
    public var start: CalendarDate
    /// The last day (inclusive).
    public var end: CalendarDate
    /// The literal this period is exactly (after shifting, if it still is one);
    /// nil for an arbitrary span.
    public var literal: PeriodLiteral?

    /// The days from `start` to `end`, both inclusive, and the literal they are, if any.
    public init(start: CalendarDate, end: CalendarDate, literal: PeriodLiteral? = nil) {
        self.start = start
        self.end = end
        self.literal = literal
    }

    /// A date as the one-day period it also is (SPEC §5: `.start`/`.end` of a date).
    public init(day: CalendarDate) {
        self.init(start: day, end: day)
    }

    /// Resolves a literal. `fiscalYearStart` is the month (1...12) in which
    /// fiscal years start; `FY2026` then ends in the month before that month
    /// of 2026 (with 1, the calendar year 2026). A `fiscalYearStart` outside
    /// 1...12 is treated as 1.
    public init(_ literal: PeriodLiteral, fiscalYearStart: Int = 1) {
        if case .span(let first, let last) = literal {
            // A span that is a canonical period is that period (never an
            // `FYyyyy`: a span written out is not tied to the fiscal year).
            self.init(start: first, end: last,
                      literal: CalendarMath.canonicalLiteral(start: first, end: last, fiscalYearStart: nil))
            return
        }
        let (first, last) = CalendarMath.span(of: literal, fiscalYearStart: fiscalYearStart)
        self.init(start: first, end: last, literal: literal)
        // `FY2026` made under `fiscal_year_start April` is `FY2026 (Apr)`:
        // it prints so, and stays that period after the setting changes.
        if case .fiscalYear(let y) = literal, first.month != 1 {
            self.literal = .fiscalYearStarting(y, month: first.month)
        }
    }

    /// Canonical spelling: `Q3 2026`, `May 2026`, `mid-June 2026`,
    /// `early-July 2026`, `late 2026`, `H1 2026`, `FY2026`; an arbitrary span
    /// prints as `2026-07-11..2026-10-10`.
    public var description: String {
        literal?.canonicalSpelling ?? "\(start)..\(end)"
    }

    /// The number of days covered, as a duration (`.days` member).
    public var length: CalendarDuration { CalendarDuration(days: end.dayNumber - start.dayNumber + 1) }
}

/// Calendar arithmetic (SPEC §5).
public enum CalendarMath {
    /// The years dates may have.
    public static let validYears: ClosedRange<Int> = 1...9999

    /// Day numbers of 0001-01-01 ... 9999-12-31.
    public static let validDayNumbers: ClosedRange<Int> =
        dayNumber(year: 1, month: 1, day: 1)...dayNumber(year: 9999, month: 12, day: 31)

    /// Adds months first (keeping the day of month, clamped to the month's
    /// last day), then days. Nil when the result leaves years 1...9999.
    public static func add(_ duration: CalendarDuration, to date: CalendarDate) -> CalendarDate? {
        guard let result = addUnchecked(duration, to: date), result.isInSupportedRange else { return nil }
        return result
    }

    /// Shifts both ends of a period; keeps `literal` when the shifted span is
    /// exactly a period of the same shape (Q3 2026 + 3 months = Q4 2026).
    ///
    /// The start moves like a date. The end moves the same way, except for
    /// month-shaped periods — whole months (first day to last day of a month,
    /// like every quarter, half, month, part of a year and fiscal year) and
    /// `late-Month` literals: their end stays on the last day of its month
    /// when the months are shifted (then the days are added). So
    /// `Q3 2026 + 3 months` ends on 12-31 and `late-February 2026 + 1 month`
    /// is `late-March 2026`, while `2026-02-28..2026-02-28 + 1 month` is
    /// `2026-03-28..2026-03-28`. Nil when either end leaves years 1...9999.
    public static func shift(_ period: Period, by duration: CalendarDuration, fiscalYearStart: Int = 1) -> Period? {
        guard let start = add(duration, to: period.start) else { return nil }
        let (ey, em, ed) = period.end.components
        var end: CalendarDate
        if duration.months != 0 && ed == daysInMonth(em, year: ey) && isMonthShaped(period) {
            guard let monthIndex = monthIndex(year: ey, month: em).addingIfNoOverflow(duration.months) else { return nil }
            let (y, m) = yearMonth(monthIndex: monthIndex)
            guard validYears.contains(y) else { return nil }
            end = CalendarDate(unchecked: y, m, daysInMonth(m, year: y))
            guard let shifted = add(CalendarDuration(days: duration.days), to: end) else { return nil }
            end = shifted
        } else {
            guard let shifted = add(duration, to: period.end) else { return nil }
            end = shifted
        }
        var result = Period(start: start, end: end)
        if let old = period.literal,
           let candidate = literal(like: old, startingOn: start, fiscalYearStart: fiscalYearStart),
           span(of: candidate, fiscalYearStart: fiscalYearStart) == (start, end) {
            result.literal = candidate
        } else {
            // `Q3 2026 + 1 day - 1 day` is Q3 2026 again, and prints so (SPEC §2).
            result.literal = canonicalLiteral(start: start, end: end, fiscalYearStart: fiscalYearStart)
        }
        return result
    }

    /// The literal whose span is exactly `start...end`, if any. Fiscal years
    /// only when `fiscalYearStart` is known (a span read from source is not
    /// tied to the setting, so it never becomes an `FYyyyy`).
    public static func canonicalLiteral(start: CalendarDate, end: CalendarDate,
                                        fiscalYearStart: Int?) -> PeriodLiteral? {
        var kinds: [PeriodLiteral] = [.month(1, year: 1), .quarter(1, year: 1), .half(1, year: 1),
                                      .partOfMonth(.early, month: 1, year: 1), .partOfYear(.early, year: 1)]
        if fiscalYearStart != nil { kinds.append(.fiscalYear(1)) }
        let fys = fiscalYearStart ?? 1
        for kind in kinds {
            if let candidate = literal(like: kind, startingOn: start, fiscalYearStart: fys),
               span(of: candidate, fiscalYearStart: fys) == (start, end) {
                return candidate
            }
        }
        return nil
    }

    private static func isMonthShaped(_ period: Period) -> Bool {
        if case .partOfMonth(.late, _, _)? = period.literal { return true }
        return period.start.day == 1
    }

    /// The largest n with a + n months <= b (and -monthsBetween(b, a) when b < a).
    public static func monthsBetween(_ a: CalendarDate, _ b: CalendarDate) -> Int {
        if b < a { return -monthsBetween(b, a) }
        let (ay, am, ad) = a.components
        let (by, bm, bd) = b.components
        let n = monthIndex(year: by, month: bm) &- monthIndex(year: ay, month: am)
        // a + n months lands in b's month, on a's day clamped to that month.
        return min(ad, daysInMonth(bm, year: by)) <= bd ? n : n - 1
    }

    /// 28 to 31: the days of `month` (1...12) in `year`.
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Gregorian leap years: divisible by 4, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// 1...12 for a month name, full or three-letter, any case (`may`, `Sep`,
    /// `September`); `Sept` is accepted too.
    public static func month(named name: String) -> Int? { month(named: name.utf8) }

    /// The same for a slice of source text, without allocating (the lexer
    /// asks this of many identifiers).
    public static func month<S: StringProtocol>(named name: S) -> Int? { month(named: name.utf8) }

    private static func month<Bytes: Collection<UInt8>>(named bytes: Bytes) -> Int? {
        let count = bytes.count
        guard count >= 3 && count <= 9 else { return nil }
        for (index, full) in lowercaseNameBytes.enumerated()
        where count == 3 || count == full.count || (count == 4 && index == 8) {
            var matches = true
            for (byte, expected) in zip(bytes, full) {
                let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
                if lower != expected {
                    matches = false
                    break
                }
            }
            if matches { return index + 1 }
        }
        return nil
    }

    /// `January` ... `December`.
    public static func monthName(_ month: Int) -> String {
        (1...12).contains(month) ? monthNames[month - 1] : "Month\(month)"
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
    private static let lowercaseNameBytes = monthNames.map { Array($0.lowercased().utf8) }

    // MARK: - Day numbers

    /// Days since 1970-01-01 of a proleptic Gregorian date (days-from-civil).
    /// Does not validate; out-of-range parts give a wrong day, never a trap.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year &- 1 : year
        let era = (y >= 0 ? y : y &- 399) / 400
        let yoe = y &- era &* 400                                 // 0...399
        let mp = (month &+ 9) % 12                                // March = 0
        let doy = (153 &* mp &+ 2) / 5 &+ day &- 1                // 0...365
        let doe = yoe &* 365 &+ yoe / 4 &- yoe / 100 &+ doy       // 0...146096
        return era &* 146_097 &+ doe &- 719_468
    }

    /// Year, month, day of a day number (civil-from-days).
    static func civil(_ dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber &+ 719_468
        let era = (z >= 0 ? z : z &- 146_096) / 146_097
        let doe = z &- era &* 146_097                                      // 0...146096
        let yoe = (doe &- doe / 1460 &+ doe / 36524 &- doe / 146_096) / 365 // 0...399
        let doy = doe &- (365 &* yoe &+ yoe / 4 &- yoe / 100)              // 0...365
        let mp = (5 &* doy &+ 2) / 153                                     // 0...11
        let day = doy &- (153 &* mp &+ 2) / 5 &+ 1
        let month = mp < 10 ? mp &+ 3 : mp &- 9
        let year = yoe &+ era &* 400 &+ (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    // MARK: - Internals shared with shifting

    /// Months since year 0 (January of year 0 is 0).
    static func monthIndex(year: Int, month: Int) -> Int { year &* 12 &+ (month &- 1) }

    static func yearMonth(monthIndex: Int) -> (year: Int, month: Int) {
        let year = monthIndex >= 0 ? monthIndex / 12 : (monthIndex &- 11) / 12
        return (year, monthIndex &- year &* 12 &+ 1)
    }

    /// Adds a duration without the year-range check; nil on integer overflow.
    static func addUnchecked(_ duration: CalendarDuration, to date: CalendarDate) -> CalendarDate? {
        // Bounds far beyond 1...9999 keep every intermediate value small.
        let limit: UInt = 12 * 20_000
        guard duration.months.magnitude <= limit, duration.days.magnitude <= limit * 31,
              date.dayNumber.magnitude <= limit * 31 else { return nil }
        var result = date
        if duration.months != 0 {
            let (y, m, d) = date.components
            let (ny, nm) = yearMonth(monthIndex: monthIndex(year: y, month: m) + duration.months)
            result = CalendarDate(unchecked: ny, nm, min(d, daysInMonth(nm, year: ny)))
        }
        result.dayNumber += duration.days
        return result
    }

    /// First and last day of a literal.
    static func span(of literal: PeriodLiteral, fiscalYearStart: Int) -> (CalendarDate, CalendarDate) {
        func months(_ y: Int, _ first: Int, _ last: Int) -> (CalendarDate, CalendarDate) {
            (CalendarDate(unchecked: y, first, 1), CalendarDate(unchecked: y, last, daysInMonth(last, year: y)))
        }
        switch literal {
        case .quarter(let q, let y):
            let q = min(max(q, 1), 4)
            return months(y, 3 * q - 2, 3 * q)
        case .half(let h, let y):
            return h <= 1 ? months(y, 1, 6) : months(y, 7, 12)
        case .month(let m, let y):
            let m = min(max(m, 1), 12)
            return months(y, m, m)
        case .partOfMonth(let part, let m, let y):
            let m = min(max(m, 1), 12)
            switch part {
            case .early: return (CalendarDate(unchecked: y, m, 1), CalendarDate(unchecked: y, m, 10))
            case .mid: return (CalendarDate(unchecked: y, m, 11), CalendarDate(unchecked: y, m, 20))
            case .late: return (CalendarDate(unchecked: y, m, 21), CalendarDate(unchecked: y, m, daysInMonth(m, year: y)))
            }
        case .partOfYear(let part, let y):
            switch part {
            case .early: return months(y, 1, 4)
            case .mid: return months(y, 5, 8)
            case .late: return months(y, 9, 12)
            }
        case .span(let first, let last):
            return (first, last)
        case .fiscalYear(let y), .fiscalYearStarting(let y, _):
            var fys = (2...12).contains(fiscalYearStart) ? fiscalYearStart : 1
            if case .fiscalYearStarting(_, let month) = literal { fys = (2...12).contains(month) ? month : 1 }
            if fys == 1 { return months(y, 1, 12) }
            let last = fys - 1
            return (CalendarDate(unchecked: y &- 1, fys, 1), CalendarDate(unchecked: y, last, daysInMonth(last, year: y)))
        }
    }

    /// The literal of the same kind as `old` that would start on `start`, if any.
    static func literal(like old: PeriodLiteral, startingOn start: CalendarDate, fiscalYearStart: Int) -> PeriodLiteral? {
        let (y, m, d) = start.components
        switch old {
        case .quarter:
            return d == 1 && m % 3 == 1 ? .quarter((m + 2) / 3, year: y) : nil
        case .half:
            return d == 1 && (m == 1 || m == 7) ? .half(m == 1 ? 1 : 2, year: y) : nil
        case .month:
            return d == 1 ? .month(m, year: y) : nil
        case .partOfMonth:
            switch d {
            case 1: return .partOfMonth(.early, month: m, year: y)
            case 11: return .partOfMonth(.mid, month: m, year: y)
            case 21: return .partOfMonth(.late, month: m, year: y)
            default: return nil
            }
        case .partOfYear:
            guard d == 1 else { return nil }
            switch m {
            case 1: return .partOfYear(.early, year: y)
            case 5: return .partOfYear(.mid, year: y)
            case 9: return .partOfYear(.late, year: y)
            default: return nil
            }
        case .fiscalYear:
            let fys = (2...12).contains(fiscalYearStart) ? fiscalYearStart : 1
            guard d == 1, m == fys else { return nil }
            return fys == 1 ? .fiscalYear(y) : .fiscalYearStarting(y + 1, month: fys)
        case .fiscalYearStarting(_, let month):
            guard d == 1, m == month else { return nil }
            return month == 1 ? .fiscalYear(y) : .fiscalYearStarting(y + 1, month: month)
        case .span:
            return nil
        }
    }

    /// `2026`, `0042`; negative years (only from nonsense day numbers) keep a sign.
    static func paddedYear(_ year: Int) -> String {
        let digits = String(year.magnitude)
        let padded = digits.count < 4 ? String(repeating: "0", count: 4 - digits.count) + digits : digits
        return year < 0 ? "-" + padded : padded
    }

    static func twoDigits(_ n: Int) -> String { n < 10 && n >= 0 ? "0\(n)" : "\(n)" }
}

extension Int {
    fileprivate func addingIfNoOverflow(_ other: Int) -> Int? {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? nil : sum
    }
}
