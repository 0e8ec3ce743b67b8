import Testing
@testable import ScenarioKit

@Suite struct CalendarExtrasTests {
    private func day(_ y: Int, _ m: Int, _ d: Int) -> Int { CalendarDate(year: y, month: m, day: d)?.dayNumber ?? 0 }

    @Test func workdaysMatchNumpyBusdayCount() {
        // numpy.busday_count(a, b) for each pair (numpy 2.4).
        let cases: [((Int, Int, Int), (Int, Int, Int), Int)] = [
            ((2026, 12, 4), (2026, 12, 25), 15),
            ((2026, 12, 25), (2026, 12, 4), -15),
            ((2024, 2, 24), (2024, 3, 4), 5),
            ((1969, 12, 29), (1970, 1, 5), 5),
            ((2000, 1, 1), (2030, 6, 15), 7945),
            ((2026, 12, 5), (2026, 12, 6), 0),
            ((1900, 3, 1), (1899, 12, 31), -44),
            ((2026, 1, 1), (2026, 1, 1), 0),
            ((1899, 12, 31), (1900, 3, 1), 43),
            ((2026, 12, 6), (2026, 12, 4), 0),
            ((2026, 12, 4), (2026, 12, 6), 1),
        ]
        for (a, b, expected) in cases {
            let got = CalendarMath.workdaysBetween(day(a.0, a.1, a.2), day(b.0, b.1, b.2))
            #expect(got == expected, "\(a) to \(b): \(got), numpy says \(expected)")
        }
    }

    @Test func workdaysAgreeWithCountingDayByDay() {
        #expect(CalendarMath.weekday(day(2026, 12, 4)) == 4)  // a Friday
        for a in stride(from: -30, through: 30, by: 1) {
            for b in stride(from: -30, through: 30, by: 1) {
                // numpy counts [a, b) forwards and (b, a] backwards.
                let range = a <= b ? a..<b : (b + 1)..<(a + 1)
                let count = range.filter { CalendarMath.weekday($0) < 5 }.count
                #expect(CalendarMath.workdaysBetween(a, b) == (a <= b ? count : -count))
            }
        }
    }
}
