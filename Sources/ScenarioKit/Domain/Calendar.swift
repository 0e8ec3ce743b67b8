// Proleptic Gregorian calendar, no time of day, no time zones (SPEC §5).
//
// SKELETON: signatures are fixed (the lexer, parser and evaluator compile
// against them); bodies marked TODO are being written.

/// One day of the proleptic Gregorian calendar.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Nil when the day does not exist (`2026-02-30`) or the year is outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        fatalError("TODO")
    }

    public var year: Int { fatalError("TODO") }
    public var month: Int { fatalError("TODO") }
    public var day: Int { fatalError("TODO") }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }

    /// `2026-05-25`
    public var description: String { fatalError("TODO") }
}

/// A calendar duration: a number of months plus a number of days (SPEC §5).
/// Weeks are 7 days, quarters 3 months, years 12 months.
public struct CalendarDuration: Hashable, Sendable, CustomStringConvertible {
    public var months: Int
    public var days: Int

    public init(months: Int = 0, days: Int = 0) {
        self.months = months
        self.days = days
    }

    /// `45 days`, `3 months`, `1 year`, `2 years`, `1 year 10 days`, `-45 days`.
    public var description: String { fatalError("TODO") }
}

/// `early`, `mid`, `late` — of a month (days 1–10, 11–20, 21–end) or of a
/// year (Jan–Apr, May–Aug, Sep–Dec).
public enum PeriodPart: String, Hashable, Sendable, CaseIterable {
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
    /// `FY2026`
    case fiscalYear(Int)
}

/// A span of days from `start` to `end`, both inclusive.
public struct Period: Hashable, Sendable, CustomStringConvertible {
    public var start: CalendarDate
    public var end: CalendarDate
    /// The literal this period is exactly (after shifting, if it still is one);
    /// nil for an arbitrary span.
    public var literal: PeriodLiteral?

    public init(start: CalendarDate, end: CalendarDate, literal: PeriodLiteral? = nil) {
        self.start = start
        self.end = end
        self.literal = literal
    }

    /// Resolves a literal. `fiscalYearStart` is the month (1...12) in which
    /// fiscal years start; `FY2026` then ends in the month before that month
    /// of 2026 (with 1, the calendar year 2026).
    public init(_ literal: PeriodLiteral, fiscalYearStart: Int = 1) {
        fatalError("TODO")
    }

    /// Canonical spelling: `Q3 2026`, `May 2026`, `mid-June 2026`,
    /// `early-July 2026`, `late 2026`, `H1 2026`, `FY2026`; an arbitrary span
    /// prints as `2026-07-11..2026-10-10`.
    public var description: String { fatalError("TODO") }

    /// The number of days covered, as a duration (`.days` member).
    public var length: CalendarDuration { CalendarDuration(days: end.dayNumber - start.dayNumber + 1) }
}

/// Calendar arithmetic (SPEC §5).
public enum CalendarMath {
    /// Adds months first (keeping the day of month, clamped to the month's
    /// last day), then days. Nil when the result leaves years 1...9999.
    public static func add(_ duration: CalendarDuration, to date: CalendarDate) -> CalendarDate? {
        fatalError("TODO")
    }

    /// Shifts both ends of a period; keeps `literal` when the shifted span is
    /// exactly a period of the same shape (Q3 2026 + 3 months = Q4 2026).
    public static func shift(_ period: Period, by duration: CalendarDuration, fiscalYearStart: Int = 1) -> Period? {
        fatalError("TODO")
    }

    /// The largest n with a + n months <= b (and -monthsBetween(b, a) when b < a).
    public static func monthsBetween(_ a: CalendarDate, _ b: CalendarDate) -> Int {
        fatalError("TODO")
    }

    public static func daysInMonth(_ month: Int, year: Int) -> Int { fatalError("TODO") }

    /// 1...12 for a month name, full or three-letter, any case (`may`, `Sep`, `September`).
    public static func month(named name: String) -> Int? { fatalError("TODO") }

    /// `January` ... `December`.
    public static func monthName(_ month: Int) -> String { fatalError("TODO") }
}
