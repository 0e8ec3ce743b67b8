import Foundation
import Testing
@testable import ScenarioKit

/// Uncertain timing (SPEC §5, §6 December) where a golden line cannot hold
/// a sampled date exactly: the timeline of an uncertain close.
@Suite struct TimingTests {
    /// Day number of an ISO date in a line, e.g. "~2026-11-14".
    static func day(_ text: Substring) -> Int? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return CalendarDate(year: parts[0], month: parts[1], day: parts[2])?.dayNumber
    }

    /// `close Q3 2026 to Q1 2027` is 90% between Jul 1 2026 and Mar 31 2027;
    /// the timeline shows its median (the middle, Nov 14 2026, by Python's
    /// datetime) and the 90% range after the text.
    @Test func theTimelineShowsAnUncertainCloseAtItsMedianWithItsRange() throws {
        let session = Session()
        var lines: [String] = []
        session.output = { lines.append($0) }
        try session.run("set seed 4\ndeal cursor at 60B; announce 2026-02-01; close Q3 2026 to Q1 2027\ntimeline")
        let text = lines.joined(separator: "\n").split(separator: "\n")
        #expect(text.count == 2)
        #expect(text.first?.hasPrefix("2026-02-01") == true)
        let close = try #require(text.last)
        #expect(close.hasPrefix("~"))
        #expect(close.contains("deal cursor expected to close (90% CI "))
        let words = close.split(separator: " ")
        let median = try #require(Self.day(words[0].dropFirst()))
        let expected = try #require(CalendarDate(year: 2026, month: 11, day: 14)).dayNumber
        #expect(abs(median - expected) <= 4)
        let p5 = try #require(Self.day(words[words.count - 3]))
        let p95 = try #require(Self.day(words[words.count - 1].dropLast()))
        #expect(abs(p5 - CalendarDate(year: 2026, month: 7, day: 1)!.dayNumber) <= 6)
        #expect(abs(p95 - CalendarDate(year: 2027, month: 3, day: 31)!.dayNumber) <= 6)
    }

    @Test func todayIsTheMachinesDateUnlessPinned() throws {
        let session = Session()
        #expect(try session.evaluate("today()") == .date(MoreBuiltins.machineToday()))
        try session.run("set today 2026-05-25")
        #expect(try session.evaluate("today()") == .date(CalendarDate(year: 2026, month: 5, day: 25)!))
    }
}
