/// Weekday arithmetic on day numbers (SPEC §22's `workdays_between`).
extension CalendarMath {
    /// 0 for Monday … 6 for Sunday. Day 0, 1970-01-01, was a Thursday.
    static func weekday(_ dayNumber: Int) -> Int {
        let r = (dayNumber &+ 3) % 7
        return r < 0 ? r + 7 : r
    }

    /// Mondays to Fridays in [a, b), as numpy's `busday_count` with its
    /// default week and no holidays. When b is before a the count is
    /// negative and, as numpy (2.x) has it, of the days in (b, a]: both
    /// ends move one day so that swapping a and b only flips the sign when
    /// the ends are on the same side of a weekend (Friday to Sunday counts 1,
    /// Sunday back to Friday 0). Constant time: whole weeks count 5 each.
    static func workdaysBetween(_ a: Int, _ b: Int) -> Int {
        if b < a { return -(workdaysBefore(a &+ 1) &- workdaysBefore(b &+ 1)) }
        return workdaysBefore(b) &- workdaysBefore(a)
    }

    /// Mondays to Fridays from Monday 1969-12-29 (day −3) up to, not
    /// including, `dayNumber`; negative before it. Floor division keeps
    /// the count consistent on both sides of that Monday.
    private static func workdaysBefore(_ dayNumber: Int) -> Int {
        let days = dayNumber &+ 3
        var weeks = days / 7, rest = days % 7
        if rest < 0 {
            weeks -= 1
            rest += 7
        }
        return weeks &* 5 &+ min(rest, 5)
    }
}
