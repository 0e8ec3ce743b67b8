// Calendar arithmetic sample by sample (SPEC §5, December): a date plus or
// minus a month-based duration where either side is uncertain. Months are
// added first, then days, clamping to the month's last day in each sample,
// exactly as for plain dates; day-only arithmetic stays on the vector path.

enum CalendarSamples {
    /// date ± duration where one side is uncertain and the duration counts
    /// months; nil for anything else (the general sample-wise path).
    static func shift(_ op: BinaryOperator, _ a: Value, _ b: Value, at span: SourceSpan) throws -> Value? {
        guard op == .add || op == .subtract else { return nil }
        let (dateSide, durationSide): (Value, Value)
        if isDate(a), let _ = durationKind(b) {
            (dateSide, durationSide) = (a, b)
        } else if op == .add, isDate(b), let _ = durationKind(a) {
            (dateSide, durationSide) = (b, a)
        } else {
            return nil
        }
        guard let months = durationKind(durationSide), months else { return nil }
        guard let date = SampleSide(dateSide) else { return nil }
        let plain: CalendarDuration? = if case .duration(let u) = durationSide { u } else { nil }
        let count: Int? = if case .uncertain(let set) = durationSide { set.count } else { nil }
        let n = try UncertainCheck.count(date.count, count, at: span)
        try SampleMemory.reserve(n, at: span)
        let sign = op == .subtract ? -1 : 1
        var out = [Double](repeating: 0, count: n)
        let monthSamples: [Double] = if case .uncertain(let set) = durationSide { set.samples } else { [] }
        try date.operand.withLane { day in
            for i in 0..<n {
                let u = plain ?? CalendarDuration(months: Dimension.wholeDays(monthSamples[i]))
                let shifted = CalendarDuration(months: sign * u.months, days: sign * u.days)
                guard let result = CalendarMath.add(shifted, to: CalendarDate(dayNumber: Dimension.wholeDays(day[i])))
                else { throw LocatedError("some samples are dates out of range", at: span, kind: .runtime) }
                out[i] = Double(result.dayNumber)
            }
        }
        return .uncertain(SampleSet(samples: out, dimension: .date))
    }

    private static func isDate(_ v: Value) -> Bool {
        switch v {
        case .date, .period: true
        case .uncertain(let set): set.dimension == .date
        default: false
        }
    }

    /// Whether a duration (plain or uncertain) counts months; nil when v is
    /// no duration.
    private static func durationKind(_ v: Value) -> Bool? {
        switch v {
        case .duration(let u): u.months != 0
        case .uncertain(let set) where set.dimension == .months: true
        case .uncertain(let set) where set.dimension == .days: false
        default: nil
        }
    }
}
