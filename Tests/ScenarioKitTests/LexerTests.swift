import Testing
@testable import ScenarioKit

/// Token kinds of `source` without the final `.eof`, expecting no errors.
private func kinds(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> [TokenKind] {
    let (tokens, errors) = Lexer.tokenize(source)
    #expect(errors.isEmpty, "unexpected errors: \(errors)", sourceLocation: sourceLocation)
    #expect(tokens.last?.kind == .eof, sourceLocation: sourceLocation)
    return tokens.dropLast().map(\.kind)
}

/// The one token `source` lexes to (no errors).
private func single(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> TokenKind? {
    let all = kinds(source, sourceLocation: sourceLocation)
    #expect(all.count == 1, "expected one token, got \(all)", sourceLocation: sourceLocation)
    return all.first
}

private func errors(_ source: String, base: Int = 0) -> [LocatedError] {
    Lexer.tokenize(source, base: base).errors
}

private func date(_ y: Int, _ m: Int, _ d: Int) -> TokenKind {
    guard let date = CalendarDate(year: y, month: m, day: d) else { return .eof }
    return .date(date)
}

private func name(_ n: String) -> TokenKind { .identifier(n) }
private func sym(_ s: Symbol) -> TokenKind { .symbol(s) }
private func kw(_ k: Keyword) -> TokenKind { .keyword(k) }
private func span(_ a: Int, _ b: Int) -> SourceSpan { SourceSpan(start: a, end: b) }

@Suite struct LexerTests {
    // MARK: Numbers

    @Test func plainNumbers() {
        #expect(single("42") == .number(42))
        #expect(single("3.14") == .number(3.14))
        #expect(single("1_000_000") == .number(1_000_000))
        #expect(single("1e9") == .number(1e9))
        #expect(single("1E9") == .number(1e9))
        #expect(single("1e+9") == .number(1e9))
        #expect(single("2.5e-3") == .number(2.5e-3))
        #expect(single("0") == .number(0))
        #expect(single("0.1") == .number(0.1))
        #expect(single("007") == .number(7))
        #expect(single("12345678901234567890123") == .number(12345678901234567890123.0))
        #expect(single("0.000000000000000000000000001") == .number(1e-27))
        #expect(single("1e-999") == .number(0))
    }

    @Test func magnitudeSuffixes() {
        #expect(single("60B") == .number(60e9))
        #expect(single("1.5T") == .number(1.5e12))
        #expect(single("950K") == .number(950e3))
        #expect(single("10.5M") == .number(10.5e6))
        #expect(single("1_500M") == .number(1.5e9))
    }

    @Test func numberShapesThatStopEarly() {
        // A dot not followed by a digit is member access.
        #expect(kinds("3.") == [.number(3), sym(.dot)])
        #expect(kinds("1.5.2") == [.number(1.5), sym(.dot), .number(2)])
        #expect(kinds("60 B") == [.number(60), name("B")])
    }

    @Test func unknownSuffixIsAnError() {
        let (tokens, errs) = Lexer.tokenize("60Bx + 1")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "unknown suffix 'Bx'")
        #expect(errs.first?.span == span(2, 4))
        // The number is kept (one token) so the parser reports nothing more.
        #expect(tokens.map(\.kind) == [.number(60), sym(.plus), .number(1), .eof])
        #expect(tokens.first?.span == span(0, 4))

        #expect(errors("5kx").first?.help?.contains("K, M, B, T, bn, mn, tn") == true)
        #expect(errors("10days").first?.help == "put a space between the number and the unit: 10 days")
        #expect(errors("3x").first?.message == "unknown suffix 'x'")
        #expect(errors("1_").first?.message == "unknown suffix '_'")
        #expect(errors("1e").first?.message == "unknown suffix 'e'")
    }

    @Test func numberTooLarge() {
        let errs = errors("x = 1e999")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "number too large")
        #expect(errs.first?.span == span(4, 9))
        #expect(errors("1e308B").first?.message == "number too large")
        #expect(errors("$1e400").first?.message == "number too large")
        #expect(errors("1e99999999999999999999999").first?.message == "number too large")
        #expect(errors("1" + String(repeating: "0", count: 400)).first?.message == "number too large")
    }

    // MARK: Money, percents, points

    @Test func money() {
        #expect(single("$60B") == .money(60e9, currency: "USD"))
        #expect(single("$10.5M") == .money(10.5e6, currency: "USD"))
        #expect(single("$1_250") == .money(1250, currency: "USD"))
        #expect(single("$0.99") == .money(0.99, currency: "USD"))
        #expect(single("60B USD") == .money(60e9, currency: "USD"))
        #expect(single("5M EUR") == .money(5e6, currency: "EUR"))
        #expect(single("5  \tJPY") == .money(5, currency: "JPY"))
        #expect(single("1_250 CHF") == .money(1250, currency: "CHF"))
        #expect(kinds("-$10B") == [sym(.minus), .money(10e9, currency: "USD")])
        // Not a known code, or glued on: not money. (Lower case is a code:
        // `5M eur`, SPEC §1 revised December.)
        #expect(kinds("60B XYZ") == [.number(60e9), name("XYZ")])
        #expect(single("60B usd") == .money(60e9, currency: "USD"))
        #expect(kinds("60B EURO") == [.number(60e9), name("EURO")])
        #expect(kinds("60B\nUSD") == [.number(60e9), .newline, name("USD")])
        let tokens = Lexer.tokenize("x = 60B USD").tokens
        #expect(tokens[2].span == span(4, 11))
    }

    // MARK: December input forms (SPEC §1, issue 14)

    @Test func magnitudesInEitherCaseAndThePressSuffixes() {
        #expect(single("5k") == .number(5e3))
        #expect(single("5m") == .number(5e6))
        #expect(single("5b") == .number(5e9))
        #expect(single("5t") == .number(5e12))
        #expect(single("1.5bn") == .number(1.5e9))
        #expect(single("2mn") == .number(2e6))
        #expect(single("3tn") == .number(3e12))
        #expect(single("3Bn") == .number(3e9))
        #expect(single("$1.5bn") == .money(1.5e9, currency: "USD"))
        #expect(single("5M eur") == .money(5e6, currency: "EUR"))
        #expect(single("5 chf") == .money(5, currency: "CHF"))
        #expect(errors("5bnx").first?.message == "unknown suffix 'bnx'")
    }

    @Test func basisPointsArePoints() {
        #expect(single("25bp") == .points(0.0025))
        #expect(single("25bps") == .points(0.0025))
        #expect(single("150bp") == .points(0.015))
        #expect(errors("25bpx").first?.message == "unknown suffix 'bpx'")
        #expect(errors("$25bp").first?.message == "unknown suffix 'bp'")
    }

    @Test func dayFirstDatesHalvesQuartersAndShortFiscalYears() {
        #expect(single("25 May 2026") == date(2026, 5, 25))
        #expect(single("1 january 2027") == date(2027, 1, 1))
        #expect(single("1H 2026") == .period(.half(1, year: 2026)))
        #expect(single("2h 2026") == .period(.half(2, year: 2026)))
        #expect(single("3Q 2026") == .period(.quarter(3, year: 2026)))
        #expect(single("FY26") == .period(.fiscalYear(2026)))
        #expect(single("FY99") == .period(.fiscalYear(2099)))
        #expect(errors("25 May").first?.message == "date '25 May' needs a year")
        #expect(errors("31 Feb 2026").first?.message == "invalid date '31 Feb 2026'")
        // Not the shape: ordinary tokens (the parser decides).
        #expect(errors("3H 2026").first?.message == "unknown suffix 'H'")
        #expect(kinds("1 + May 2026") == [.number(1), sym(.plus), .period(.month(5, year: 2026))])
        #expect(kinds("3 months") == [.duration(CalendarDuration(months: 3))])
    }

    @Test func unicodeIdentifiers() {
        #expect(single("nestlé") == name("nestlé"))
        #expect(single("société_générale") == name("société_générale"))
        #expect(single("zürich2") == name("zürich2"))
        #expect(single("日本") == name("日本"))
        #expect(single("e\u{301}") == name("e\u{301}"))  // a combining mark continues a name
        #expect(kinds("é + 1") == [name("é"), sym(.plus), .number(1)])
        #expect(errors("\u{301}x").first?.message.hasPrefix("unexpected character") == true)
        #expect(errors("a × b").first?.help == "write multiplication as '*'")
    }

    @Test func moneyWithCommaThousandsGroups() {
        #expect(single("$1,250,000") == .money(1_250_000, currency: "USD"))
        #expect(single("$1,250") == .money(1_250, currency: "USD"))
        #expect(single("$12,345.67") == .money(12_345.67, currency: "USD"))
        #expect(single("€1,250.50") == .money(1_250.5, currency: "EUR"))
        #expect(single("1,250 CHF") == .money(1_250, currency: "CHF"))
        #expect(kinds("[$1,250, $2,500]") == [sym(.leftBracket), .money(1_250, currency: "USD"), sym(.comma),
                                              .money(2_500, currency: "USD"), sym(.rightBracket)])
        // Not every group three digits: a comma between two amounts.
        #expect(kinds("$1,25") == [.money(1, currency: "USD"), sym(.comma), .number(25)])
        #expect(kinds("$1234,567") == [.money(1234, currency: "USD"), sym(.comma), .number(567)])
        #expect(kinds("$1,2345") == [.money(1, currency: "USD"), sym(.comma), .number(2345)])
    }

    /// SPEC §1: a plain number with a comma group is ambiguous; a comma that
    /// is not followed by exactly three digits separates (`[1,2]`, `1,50`).
    @Test func plainNumbersWithACommaGroupAreAmbiguous() {
        let errs = errors("print 1,500")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "ambiguous number '1,500'")
        #expect(errs.first?.help == "write 1_500, or `1, 500` for two numbers")
        #expect(errs.first?.span == span(6, 11))
        #expect(errors("1,500,000").first?.help == "write 1_500_000, or `1, 500, 000` for three numbers")
        #expect(errors("f(100,200)").first?.message == "ambiguous number '100,200'")
        #expect(errors("[1,000, 2]").first?.message == "ambiguous number '1,000'")
        #expect(errors("1,500%").first?.message == "ambiguous number '1,500'")
        #expect(kinds("1, 500") == [.number(1), sym(.comma), .number(500)])
        #expect(kinds("[1,2]") == [sym(.leftBracket), .number(1), sym(.comma), .number(2), sym(.rightBracket)])
        #expect(kinds("1,50") == [.number(1), sym(.comma), .number(50)])
        #expect(kinds("1,5000") == [.number(1), sym(.comma), .number(5000)])
        #expect(kinds("1234,567") == [.number(1234), sym(.comma), .number(567)])
        #expect(kinds("range(0,100)") == [name("range"), sym(.leftParen), .number(0), sym(.comma), .number(100),
                                          sym(.rightParen)])
        #expect(kinds("1.5,250") == [.number(1.5), sym(.comma), .number(250)])
        #expect(kinds("May 25,2026") == [date(2026, 5, 25)])
    }

    /// How a period off every shape prints, so that it reads back.
    @Test func spansOfDays() {
        #expect(single("2026-07-11..2026-10-10") == .period(.span(CalendarDate(year: 2026, month: 7, day: 11)!,
                                                                 CalendarDate(year: 2026, month: 10, day: 10)!)))
        #expect(errors("2026-10-10..2026-07-11").first?.message == "period '2026-10-10..2026-07-11' ends before it starts")
        #expect(kinds("2026-07-11.x") == [date(2026, 7, 11), sym(.dot), name("x")])
    }

    @Test func slashDatesAreAmbiguous() {
        let errs = errors("print 05/25/2026")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "ambiguous date '05/25/2026'")
        #expect(errs.first?.help == "write 2026-05-25 or May 25 2026")
        #expect(errs.first?.span == span(6, 16))
        #expect(errors("25/5/2026").first?.help == "write 2026-05-25 or 25 May 2026")
        #expect(errors("5/6/2026").first?.help?.contains("(day first)") == true)
        #expect(kinds("5 / 25 / 2026") == [.number(5), sym(.slash), .number(25), sym(.slash), .number(2026)])
        #expect(kinds("10/4") == [.number(10), sym(.slash), .number(4)])
    }

    @Test func dollarWithoutAmount() {
        let (tokens, errs) = Lexer.tokenize("$ 5")
        #expect(errs.first?.message == "expected an amount after '$'")
        #expect(errs.first?.span == span(0, 1))
        #expect(tokens.count == 3)
    }

    @Test func percentsAndPoints() {
        #expect(single("87.6%") == .percent(0.876))
        #expect(single("75%") == .percent(0.75))
        #expect(single("100%") == .percent(1))
        #expect(single("0.5%") == .percent(0.005))
        #expect(single("12.6pp") == .points(0.126))
        #expect(single("5pp") == .points(0.05))
        #expect(kinds("50%)") == [.percent(0.5), sym(.rightParen)])
        let errs = errors("5 %")
        #expect(errs.first?.message == "unexpected character '%'")
        #expect(errs.first?.span == span(2, 3))
        #expect(errors("5ppx").first?.message == "unknown suffix 'ppx'")
    }

    // MARK: Durations

    @Test func durations() {
        #expect(single("3 months") == .duration(CalendarDuration(months: 3)))
        #expect(single("1 month") == .duration(CalendarDuration(months: 1)))
        #expect(single("10 days") == .duration(CalendarDuration(days: 10)))
        #expect(single("1 day") == .duration(CalendarDuration(days: 1)))
        #expect(single("0 days") == .duration(CalendarDuration(days: 0)))
        #expect(single("2 weeks") == .duration(CalendarDuration(days: 14)))
        #expect(single("1 week") == .duration(CalendarDuration(days: 7)))
        #expect(single("1 quarter") == .duration(CalendarDuration(months: 3)))
        #expect(single("2 quarters") == .duration(CalendarDuration(months: 6)))
        #expect(single("1 year") == .duration(CalendarDuration(months: 12)))
        #expect(single("2 years") == .duration(CalendarDuration(months: 24)))
        #expect(single("1.5 years") == .duration(CalendarDuration(months: 18)))
        #expect(single("1.25 years") == .duration(CalendarDuration(months: 15)))
        #expect(single("45   days") == .duration(CalendarDuration(days: 45)))
        let tokens = Lexer.tokenize("x + 3 months").tokens
        #expect(tokens[2].span == span(4, 12))
        // Durations as they print read back as one literal.
        #expect(single("1 year 10 days") == .duration(CalendarDuration(months: 12, days: 10)))
        #expect(single("1 year 3 months") == .duration(CalendarDuration(months: 15)))
        #expect(single("2 years 1 month 1 week 2 days") == .duration(CalendarDuration(months: 25, days: 9)))
        #expect(kinds("1 month -3 days") == [.duration(CalendarDuration(months: 1)), sym(.minus),
                                             .duration(CalendarDuration(days: 3))])
        #expect(kinds("1 year 10") == [.duration(CalendarDuration(months: 12)), .number(10)])
        #expect(kinds("1 year 10 dayz") == [.duration(CalendarDuration(months: 12)), .number(10), name("dayz")])
        #expect(errors("1 year 1.5 weeks").first?.span == span(7, 16))
        // A longer word is a name.
        #expect(kinds("3 monthsx") == [.number(3), name("monthsx")])
        #expect(kinds("3 Months") == [.number(3), name("Months")])
    }

    @Test func fractionalDurationsMustBeWhole() {
        let errs = errors("1.5 weeks")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "duration '1.5 weeks' is not a whole number of days")
        #expect(errs.first?.span == span(0, 9))
        #expect(errors("0.5 months").first?.message == "duration '0.5 months' is not a whole number of months")
        #expect(errors("0.1 quarters").first?.message == "duration '0.1 quarters' is not a whole number of months")
        #expect(errors("1.1 years").count == 1)
        #expect(errors("1e300 days").first?.message == "duration too large")
    }

    // MARK: Dates and periods

    @Test func isoDates() {
        #expect(single("2026-05-25") == date(2026, 5, 25))
        #expect(single("2024-02-29") == date(2024, 2, 29))
        #expect(single("0001-01-01") == date(1, 1, 1))
        // Not the whole shape: arithmetic.
        #expect(kinds("2026-5-25") == [.number(2026), sym(.minus), .number(5), sym(.minus), .number(25)])
        #expect(kinds("2026-05") == [.number(2026), sym(.minus), .number(5)])
        let tokens = Lexer.tokenize("2026-05-25.start").tokens.map(\.kind)
        #expect(tokens == [date(2026, 5, 25), sym(.dot), name("start"), .eof])
    }

    @Test func invalidIsoDates() {
        var errs = errors("let d = 2026-02-30")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "invalid date '2026-02-30'")
        #expect(errs.first?.help == "February 2026 has 28 days")
        #expect(errs.first?.span == span(8, 18))
        errs = errors("2026-13-01")
        #expect(errs.first?.message == "invalid date '2026-13-01'")
        #expect(errs.first?.help == "months run from 1 to 12")
        #expect(errors("2025-02-29").first?.help == "February 2025 has 28 days")
        #expect(errors("0000-01-01").first?.help == "years run from 1 to 9999")
        #expect(errors("2026-04-00").first?.message == "invalid date '2026-04-00'")
    }

    @Test func monthNameDates() {
        #expect(single("May 25 2026") == date(2026, 5, 25))
        #expect(single("May 25, 2026") == date(2026, 5, 25))
        #expect(single("May 25,2026") == date(2026, 5, 25))
        #expect(single("may 25 2026") == date(2026, 5, 25))
        #expect(single("SEPTEMBER 1 2026") == date(2026, 9, 1))
        #expect(single("Sep 01 2026") == date(2026, 9, 1))
        #expect(single("Feb 29 2024") == date(2024, 2, 29))
        #expect(single("Sept 1 2026") == date(2026, 9, 1))
        let tokens = Lexer.tokenize("event May 25, 2026 \"x\"").tokens
        #expect(tokens[1].kind == date(2026, 5, 25))
        #expect(tokens[1].span == span(6, 18))
        let errs = errors("Feb 30 2026")
        #expect(errs.first?.message == "invalid date 'Feb 30 2026'")
        #expect(errs.first?.help == "February 2026 has 28 days")
    }

    @Test func commaDatesInsideArgumentsAndAsserts() {
        #expect(kinds("f(May 25, 2026)") == [name("f"), sym(.leftParen), date(2026, 5, 25), sym(.rightParen)])
        #expect(kinds("f(May 25, 2026, 3)")
                == [name("f"), sym(.leftParen), date(2026, 5, 25), sym(.comma), .number(3), sym(.rightParen)])
        #expect(kinds("assert d == May 25, 2026, \"m\"")
                == [name("assert"), name("d"), sym(.equal), date(2026, 5, 25), sym(.comma), .string([.text("m")])])
        #expect(kinds("assert x, \"m\"") == [name("assert"), name("x"), sym(.comma), .string([.text("m")])])
        // Only a four-digit year is taken after the comma.
        #expect(kinds("f(May 2026, 25)")
                == [name("f"), sym(.leftParen), .period(.month(5, year: 2026)), sym(.comma), .number(25), sym(.rightParen)])
    }

    @Test func dateWithoutYearIsAnError() {
        var errs = errors("close May 25")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "date 'May 25' needs a year")
        #expect(errs.first?.help == "add the year, e.g. May 25 2026")
        #expect(errs.first?.span == span(6, 12))
        errs = errors("f(jun 3, x)")
        #expect(errs.first?.message == "date 'jun 3' needs a year")
        #expect(errs.first?.help == "add the year, e.g. June 3 2026")
        #expect(errors("May 25, 26").first?.message == "date 'May 25' needs a year")
        #expect(errors("May 25 20260").first?.message == "date 'May 25' needs a year")
    }

    @Test func periods() {
        #expect(single("May 2026") == .period(.month(5, year: 2026)))
        #expect(single("February 2026") == .period(.month(2, year: 2026)))
        #expect(single("feb 2026") == .period(.month(2, year: 2026)))
        #expect(single("Q3 2026") == .period(.quarter(3, year: 2026)))
        #expect(single("Q1 2027") == .period(.quarter(1, year: 2027)))
        #expect(single("H1 2026") == .period(.half(1, year: 2026)))
        #expect(single("H2 2026") == .period(.half(2, year: 2026)))
        #expect(single("early-July 2026") == .period(.partOfMonth(.early, month: 7, year: 2026)))
        #expect(single("mid-June 2026") == .period(.partOfMonth(.mid, month: 6, year: 2026)))
        #expect(single("late-March 2026") == .period(.partOfMonth(.late, month: 3, year: 2026)))
        #expect(single("mid June 2026") == .period(.partOfMonth(.mid, month: 6, year: 2026)))
        #expect(single("late-mar 2026") == .period(.partOfMonth(.late, month: 3, year: 2026)))
        #expect(single("early 2026") == .period(.partOfYear(.early, year: 2026)))
        #expect(single("mid 2026") == .period(.partOfYear(.mid, year: 2026)))
        #expect(single("late 2026") == .period(.partOfYear(.late, year: 2026)))
        #expect(single("mid-2026") == .period(.partOfYear(.mid, year: 2026)))
        #expect(single("FY2026") == .period(.fiscalYear(2026)))
        // A fiscal year with its first month, as one not starting in January prints.
        #expect(single("FY2026 (Apr)") == .period(.fiscalYearStarting(2026, month: 4)))
        #expect(single("FY26(july)") == .period(.fiscalYearStarting(2026, month: 7)))
        #expect(kinds("FY2026 (x)") == [.period(.fiscalYear(2026)), sym(.leftParen), name("x"), sym(.rightParen)])
        let tokens = Lexer.tokenize("close mid-June 2026").tokens
        #expect(tokens[1].span == span(6, 19))
        #expect(kinds("Q3 2026.start") == [.period(.quarter(3, year: 2026)), sym(.dot), name("start")])
        #expect(kinds("Q3 2026 - May 25 2026")
                == [.period(.quarter(3, year: 2026)), sym(.minus), date(2026, 5, 25)])
        #expect(errors("Q3 0000").first?.message == "invalid period 'Q3 0000'")
    }

    @Test func partialShapesAreOrdinaryNames() {
        #expect(single("May") == name("May"))
        #expect(single("Q3") == name("Q3"))
        #expect(single("H1") == name("H1"))
        #expect(single("early") == name("early"))
        #expect(single("FY2") == name("FY2"))
        #expect(single("FY202") == name("FY202"))
        #expect(single("fy2026") == name("fy2026"))
        #expect(kinds("let mid = 3") == [kw(.let), name("mid"), sym(.assign), .number(3)])
        #expect(kinds("set fiscal_year_start July") == [name("set"), name("fiscal_year_start"), name("July")])
        #expect(kinds("set fiscal_year_start July\n2026") == [name("set"), name("fiscal_year_start"), name("July"), .newline, .number(2026)])
        #expect(kinds("Q5 2026") == [name("Q5"), .number(2026)])
        #expect(kinds("H3 2026") == [name("H3"), .number(2026)])
        #expect(kinds("Q3 20265") == [name("Q3"), .number(20265)])
        #expect(kinds("Q3 26") == [name("Q3"), .number(26)])
        #expect(kinds("Q3 2026.5") == [name("Q3"), .number(2026.5)])
        #expect(kinds("Q3 2026%") == [name("Q3"), .percent(20.26)])
        #expect(kinds("Q3 2026 days") == [.period(.quarter(3, year: 2026)), name("days")])
        #expect(kinds("Q32026") == [name("Q32026")])
        #expect(kinds("May(2026)") == [name("May"), sym(.leftParen), .number(2026), sym(.rightParen)])
        #expect(kinds("May 2.5") == [name("May"), .number(2.5)])
        #expect(kinds("May 45") == [name("May"), .number(45)])
        #expect(kinds("may + 1") == [name("may"), sym(.plus), .number(1)])
        #expect(kinds("early June") == [name("early"), name("June")])
        #expect(kinds("mid - June") == [name("mid"), sym(.minus), name("June")])
        #expect(kinds("late x") == [name("late"), name("x")])
        #expect(errors("mid 2026x").first?.message == "unknown suffix 'x'")
        #expect(kinds("x.mid") == [name("x"), sym(.dot), name("mid")])
        #expect(kinds("Mayday 2026") == [name("Mayday"), .number(2026)])
    }

    @Test func hyphenatedPartWithoutYearIsAnError() {
        let errs = errors("close mid-June")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "period 'mid-June' needs a year")
        #expect(errs.first?.help == "add the year, e.g. mid-June 2026")
        #expect(errs.first?.span == span(6, 14))
    }

    // MARK: Strings

    @Test func plainStringsAndEscapes() {
        #expect(single("\"hello\"") == .string([.text("hello")]))
        #expect(single("\"\"") == .string([]))
        #expect(single(#""a\"b\\c\nd\te""#) == .string([.text("a\"b\\c\nd\te")]))
        #expect(single(#""\{x\}""#) == .string([.text("{x}")]))
        #expect(single("\"a } b\"") == .string([.text("a } b")]))
        #expect(single("\"€5 — ok\"") == .string([.text("€5 — ok")]))
        #expect(single("\"# not a comment\"") == .string([.text("# not a comment")]))
        let tokens = Lexer.tokenize("x \"ab\" y").tokens
        #expect(tokens[1].span == span(2, 6))
    }

    @Test func interpolation() {
        let source = "print \"gap is {gap} and {f(\"x\")}!\""
        let first = source.utf8.count - "gap} and {f(\"x\")}!\"".utf8.count
        let second = source.utf8.count - "f(\"x\")}!\"".utf8.count
        let tokens = Lexer.tokenize(source).tokens
        #expect(tokens[1].kind == .string([
            .text("gap is "), .interpolation("gap", offset: first), .text(" and "),
            .interpolation("f(\"x\")", offset: second), .text("!"),
        ]))
        // Offsets are global.
        let based = Lexer.tokenize("\"{a}\"", base: 100).tokens
        #expect(based[0].kind == .string([.interpolation("a", offset: 102)]))
        #expect(based[0].span == span(100, 105))
        // Nested braces and strings with their own interpolations.
        #expect(single("\"{ {a: 1} }\"") == .string([.interpolation(" {a: 1} ", offset: 2)]))
        #expect(single("\"{f(\"{g(\"}\")}\")}\"") == .string([.interpolation("f(\"{g(\"}\")}\")", offset: 2)]))
        #expect(single("\"{\"\\\"\"}\"") == .string([.interpolation("\"\\\"\"", offset: 2)]))
    }

    @Test func emptyInterpolationIsAnError() {
        let errs = errors("\"a{ }b\"")
        #expect(errs.first?.message == "empty interpolation")
        #expect(errs.first?.span == span(2, 5))
    }

    @Test func unknownEscape() {
        let (tokens, errs) = Lexer.tokenize(#"x = "a\qb""#)
        #expect(errs.count == 1)
        #expect(errs.first?.message == #"unknown escape '\q'"#)
        #expect(errs.first?.span == span(6, 8))
        #expect(tokens[2].kind == .string([.text("ab")]))
        #expect(errors("\"\\é\"").first?.span == span(1, 4))
    }

    @Test func unterminatedStringIsReportedAtTheQuote() {
        var (tokens, errs) = Lexer.tokenize("let s = \"abc\nprint 1")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "unterminated string")
        #expect(errs.first?.span == span(8, 9))
        #expect(tokens.map(\.kind) == [kw(.let), name("s"), sym(.assign), .string([.text("abc")]),
                                       .newline, name("print"), .number(1), .eof])
        (tokens, errs) = Lexer.tokenize("x \"abc")
        #expect(errs.first?.span == span(2, 3))
        #expect(tokens.last?.kind == .eof)
        #expect(errors("\"abc\r\n").first?.span == span(0, 1))
        #expect(errors("\"abc\\\n\"").first?.message == "unterminated string")
    }

    @Test func unterminatedInterpolationIsReportedAtTheBrace() {
        let (tokens, errs) = Lexer.tokenize("print \"a {x\"\ny")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "unterminated interpolation")
        #expect(errs.first?.span == span(9, 10))
        #expect(tokens.map(\.kind) == [name("print"), .string([.text("a ")]), .newline, name("y"), .eof])
        #expect(errors("\"{f(\"x)}\"").first?.span == span(1, 2))
    }

    // MARK: Names, keywords, symbols

    @Test func identifiersAndKeywords() {
        for keyword in Keyword.allCases {
            #expect(single(keyword.rawValue) == kw(keyword))
        }
        for word in statementWords {
            #expect(single(word) == name(word))
        }
        #expect(single("_x1") == name("_x1"))
        #expect(single("letter") == name("letter"))
        #expect(single("If") == name("If"))
        #expect(single("base") == name("base"))
    }

    @Test func symbolsTakeTheLongestMatch() {
        #expect(kinds("+ - * / ^ ( ) [ ] { } , .")
                == [sym(.plus), sym(.minus), sym(.star), sym(.slash), sym(.caret), sym(.leftParen),
                    sym(.rightParen), sym(.leftBracket), sym(.rightBracket), sym(.leftBrace),
                    sym(.rightBrace), sym(.comma), sym(.dot)])
        #expect(kinds("= == != < <= > >= |> =>")
                == [sym(.assign), sym(.equal), sym(.notEqual), sym(.less), sym(.lessEqual), sym(.greater),
                    sym(.greaterEqual), sym(.pipe), sym(.arrow)])
        #expect(kinds("a==b") == [name("a"), sym(.equal), name("b")])
        #expect(kinds("x|>f") == [name("x"), sym(.pipe), name("f")])
        #expect(kinds("===") == [sym(.equal), sym(.assign)])
        #expect(kinds("<==") == [sym(.lessEqual), sym(.assign)])
    }

    @Test func strayCharacters() {
        var errs = errors("a @ b")
        #expect(errs.count == 1)
        #expect(errs.first?.message == "unexpected character '@'")
        #expect(errs.first?.span == span(2, 3))
        errs = errors("!x")
        #expect(errs.first?.message == "unexpected character '!'")
        #expect(errs.first?.help == "write 'not' for negation and '!=' for inequality")
        #expect(errors("a | b").first?.message == "unexpected character '|'")
        #expect(errors("a && b").first?.message == "unexpected characters '&&'")
        #expect(errors("a && b").count == 1)
        // Money reads back in the forms it prints in (issue 8).
        #expect(single("€5M") == .money(5e6, currency: "EUR"))
        #expect(single("£20") == .money(20, currency: "GBP"))
        #expect(single("¥300") == .money(300, currency: "JPY"))
        #expect(errors("€ 5").first?.message == "expected an amount after '€'")
        #expect(errors("x\u{7}").first?.message == "unexpected character U+0007")
        #expect(errors("x\u{A0}y").first?.message == "unexpected character U+00A0")
        let (tokens, _) = Lexer.tokenize("a @ b")
        #expect(tokens.map(\.kind) == [name("a"), name("b"), .eof])
    }

    @Test func badBytesAreOneErrorPerRun() {
        let text = String(decoding: [0x61, 0x20, 0xFF, 0xFE, 0x20, 0x62] as [UInt8], as: UTF8.self)
        let (tokens, errs) = Lexer.tokenize(text)
        #expect(errs.count == 1)
        #expect(errs.first?.message == "invalid UTF-8")
        #expect(errs.first?.span == span(2, 8))  // two U+FFFD, three bytes each
        #expect(tokens.map(\.kind) == [name("a"), name("b"), .eof])

        let nuls = errors("x \u{0}\u{0}\u{0}\u{1} y")
        #expect(nuls.count == 1)
        #expect(nuls.first?.message == "unexpected characters starting with U+0000")
        #expect(nuls.first?.span == span(2, 6))

        let inString = errors("\"a\u{0}\u{0}b\"")
        #expect(inString.count == 1)
        #expect(inString.first?.message == "unexpected characters in string starting with U+0000")
        #expect(errors("\"\u{FFFD}\"").first?.message == "invalid UTF-8 in string")
    }

    @Test func binaryGarbageEndsInErrorsNotACrash() {
        var generator = SeededGenerator(seed: 7)
        let bytes = (0..<20_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let (tokens, errs) = Lexer.tokenize(String(decoding: bytes, as: UTF8.self))
        #expect(errs.count == Lexer.maxErrors)
        #expect(tokens.last?.kind == .eof)
    }

    @Test func errorsAreCappedAtTwenty() {
        let source = Array(repeating: "@", count: 30).joined(separator: " ") + " x"
        let (tokens, errs) = Lexer.tokenize(source)
        #expect(errs.count == 20)
        #expect(errs.last?.span == span(38, 39))
        #expect(tokens.last?.kind == .eof)
        #expect(tokens.last?.span == span(source.utf8.count, source.utf8.count))
        #expect(!tokens.contains { $0.kind == name("x") })
    }

    // MARK: Comments, line endings, spans

    @Test func commentsAndLineEndings() {
        #expect(kinds("x # a comment\ny") == [name("x"), .newline, name("y")])
        #expect(kinds("# only a comment") == [])
        #expect(kinds("x\r\ny\r\n") == [name("x"), .newline, name("y")])
        #expect(kinds("let x = 1 # trailing") == [kw(.let), name("x"), sym(.assign), .number(1)])
    }

    @Test func spansAreGlobal() {
        let tokens = Lexer.tokenize("let x = $60B", base: 1000).tokens
        #expect(tokens.map(\.span) == [span(1000, 1003), span(1004, 1005), span(1006, 1007),
                                       span(1008, 1012), span(1012, 1012)])
        let errs = errors("@", base: 50)
        #expect(errs.first?.span == span(50, 51))
        let empty = Lexer.tokenize("", base: 9)
        #expect(empty.tokens == [Token(.eof, span(9, 9))])
    }

    // MARK: Statement separators and continuation

    @Test func separatorsCollapseAndTrim() {
        #expect(kinds("\n\n a \n\n\n b \n\n") == [name("a"), .newline, name("b")])
        #expect(kinds("a; b;; c;") == [name("a"), .newline, name("b"), .newline, name("c")])
        #expect(kinds(";a") == [name("a")])
        #expect(kinds("a \n ; \n b") == [name("a"), .newline, name("b")])
        let tokens = Lexer.tokenize("a\n\nb").tokens
        #expect(tokens[1].span == span(1, 2))
        let semi = Lexer.tokenize("a\n;b").tokens
        #expect(semi[1].span == span(2, 3))
    }

    @Test func newlinesInsideParensAndBracketsAreIgnored() {
        #expect(kinds("f(1,\n2\n)") == [name("f"), sym(.leftParen), .number(1), sym(.comma), .number(2), sym(.rightParen)])
        #expect(kinds("[1\n2]\nx") == [sym(.leftBracket), .number(1), .number(2), sym(.rightBracket), .newline, name("x")])
        #expect(kinds("(a\n+ b)") == [sym(.leftParen), name("a"), sym(.plus), name("b"), sym(.rightParen)])
        // `;` is an explicit separator even inside brackets (the parser reports it).
        #expect(kinds("(a; b)") == [sym(.leftParen), name("a"), .newline, name("b"), sym(.rightParen)])
    }

    @Test func newlinesInsideBracesSeparate() {
        #expect(kinds("{\n a\n b\n}") == [sym(.leftBrace), name("a"), .newline, name("b"), sym(.rightBrace)])
        #expect(kinds("{ a; }") == [sym(.leftBrace), name("a"), sym(.rightBrace)])
        // Innermost bracket wins.
        #expect(kinds("f({\na\nb\n}\n)")
                == [name("f"), sym(.leftParen), sym(.leftBrace), name("a"), .newline, name("b"),
                    sym(.rightBrace), sym(.rightParen)])
        #expect(kinds("{ [\na\n] \n b }")
                == [sym(.leftBrace), sym(.leftBracket), name("a"), sym(.rightBracket), .newline, name("b"), sym(.rightBrace)])
        #expect(kinds("scenario bear {\n  condition regulatory 40%\n}\nx")
                == [name("scenario"), name("bear"), sym(.leftBrace), name("condition"), name("regulatory"),
                    .percent(0.4), sym(.rightBrace), .newline, name("x")])
    }

    @Test func unbalancedClosersKeepTheStackSane() {
        #expect(kinds(")\na") == [sym(.rightParen), .newline, name("a")])
        // `(` never closed inside the `{`: the `}` closes both.
        #expect(kinds("{ f( }\na\nb")
                == [sym(.leftBrace), name("f"), sym(.leftParen), sym(.rightBrace), .newline, name("a"), .newline, name("b")])
        #expect(kinds("(a\nb") == [sym(.leftParen), name("a"), name("b")])
    }

    @Test func trailingOperatorsContinueTheLine() {
        let continuing: [String] = ["+", "-", "*", "/", "^", "==", "!=", "<", "<=", ">", ">=", "|>", "=>", ",", "=",
                                    "and", "or", "not", "mod", "in", "to", "then", "else"]
        for op in continuing {
            let tokens = kinds("a \(op)\n b")
            #expect(!tokens.contains(.newline), "newline after \(op)")
            #expect(tokens.count == 3)
        }
        #expect(kinds("let x =\n\n  1") == [kw(.let), name("x"), sym(.assign), .number(1)])
        #expect(kinds("a +  # comment\n b") == [name("a"), sym(.plus), name("b")])
        // `;` is explicit and separates even after an operator.
        #expect(kinds("a +; b") == [name("a"), sym(.plus), .newline, name("b")])
    }

    @Test func leadingWordsContinueTheLine() {
        for word in ["then", "else", "|>", "and", "or"] {
            let tokens = kinds("a\n \(word) b")
            #expect(!tokens.contains(.newline), "newline before \(word)")
        }
        #expect(kinds("if c\nthen 1\nelse 2\nx")
                == [kw(.if), name("c"), kw(.then), .number(1), kw(.else), .number(2), .newline, name("x")])
        #expect(kinds("xs\n  |> map(f)\n  |> sum") == [name("xs"), sym(.pipe), name("map"), sym(.leftParen), name("f"),
                                                     sym(.rightParen), sym(.pipe), name("sum")])
        // A leading minus does not continue (it starts a new expression).
        #expect(kinds("a\n-b") == [name("a"), .newline, sym(.minus), name("b")])
        #expect(kinds("a\nnot b") == [name("a"), .newline, kw(.not), name("b")])
    }

    @Test func seedScenarioLexes() {
        let source = """
            deal cursor at 60B; breakup 10B; close Q3 2026
            condition regulatory 80%
            print cursor.expected_cost        # $50B
            model grok_v9 by spacexai params 1.5T trained May 25 2026 release mid-June 2026
            score opus on swe 87.6%
            departures spacexai 50 since February 2026
            event May 25, 2026 "training finished"
            let gap = score(opus, swe) - score(grok4, swe)
            assert gap == 12.6pp, "gap is {gap}"
            """
        let (tokens, errs) = Lexer.tokenize(source)
        #expect(errs.isEmpty)
        #expect(tokens.filter { $0.kind == .newline }.count == 10)
        #expect(tokens.contains { $0.kind == .period(.quarter(3, year: 2026)) })
        #expect(tokens.contains { $0.kind == .period(.partOfMonth(.mid, month: 6, year: 2026)) })
        #expect(tokens.contains { $0.kind == .period(.month(2, year: 2026)) })
        #expect(tokens.contains { $0.kind == .points(0.126) })
    }

    // MARK: Properties and scale

    @Test func numbersAndMoneyRoundTrip() {
        var generator = SeededGenerator(seed: 42)
        let suffixes: [(String, Double)] = [("", 1), ("K", 1e3), ("M", 1e6), ("B", 1e9), ("T", 1e12)]
        for _ in 0..<2_000 {
            // A random positive double in its canonical Swift spelling.
            let exponent = Int(generator.next() % 60) - 30
            let mantissa = Double(generator.next() % 1_000_000_007) / 1_000_000_007 + 1
            let value = mantissa * pow10(exponent)
            expectClose(single("\(value)"), value, text: "\(value)")

            // A money amount with a suffix, in both spellings.
            let whole = generator.next() % 100_000
            let cents = generator.next() % 1000
            let (suffix, scale) = suffixes[Int(generator.next() % 5)]
            let amount = "\(whole).\(cents)"
            let expected = (Double(whole) + Double(cents) / pow10(String(cents).count)) * scale
            expectClose(single("$\(amount)\(suffix)"), expected, text: "$\(amount)\(suffix)")
            expectClose(single("\(amount)\(suffix) EUR"), expected, text: "\(amount)\(suffix) EUR")
            let grouped = groupedDigits(whole)
            expectClose(single("$\(grouped)\(suffix)"), Double(whole) * scale, text: "$\(grouped)\(suffix)")
        }
    }

    @Test func largeInputIsLexedInOnePass() {
        let line = "let x_1 = f(1_000, $60B, Q3 2026, \"a {b} c\") + 3 months # note\n"
        let source = String(repeating: line, count: 20_000)
        let (tokens, errs) = Lexer.tokenize(source)
        #expect(errs.isEmpty)
        #expect(tokens.count == 20_000 * 16)
        // Deep nesting needs no stack.
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(Lexer.tokenize(deep).tokens.count == 200_002)
        let deepInterpolation = "\"{" + String(repeating: "{", count: 50_000) + String(repeating: "}", count: 50_001) + "\""
        #expect(Lexer.tokenize(deepInterpolation).errors.isEmpty)
    }
}

// MARK: - Helpers

private func expectClose(_ kind: TokenKind?, _ expected: Double, text: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let actual: Double
    switch kind {
    case .number(let v)?, .money(let v, _)?: actual = v
    default:
        Issue.record("\(text) lexed as \(String(describing: kind))", sourceLocation: sourceLocation)
        return
    }
    let tolerance = 1e-9 * max(abs(expected), Double.leastNormalMagnitude)
    #expect(abs(actual - expected) <= tolerance, "\(text) lexed as \(actual), expected \(expected)",
            sourceLocation: sourceLocation)
}

private func pow10(_ n: Int) -> Double {
    var p = 1.0
    for _ in 0..<abs(n) { p *= 10 }
    return n < 0 ? 1 / p : p
}

private func groupedDigits(_ n: UInt64) -> String {
    var digits = Array(String(n))
    var out: [Character] = []
    while digits.count > 3 {
        out = ["_"] + digits.suffix(3) + out
        digits.removeLast(3)
    }
    return String(digits + out)
}

