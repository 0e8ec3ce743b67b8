// Typed readers for hosts (SPEC §12, "First-class embedding"): a value as a
// Double, an amount of money, a date or a set of samples, and the summaries
// of a sample set, without parsing printed text. The summaries call the very
// statistics the language prints with (Uncertainty/Statistics.swift: what
// `mean`, `median`, `sd`, `percentile` and `prob` compute, what the `~…
// (90% CI …)` form and `--json` show), so they agree digit for digit; and
// `isClose(to:)` is the language's `==` (Values/Operators.swift).

extension Value {
    /// The value as a plain number: a number itself, a percent's or points'
    /// fraction (`12.5%` is `0.125`, `3pp` is `0.03`), a money amount in its
    /// currency's units (`$60B` is `60e9`). Nil for every other kind of
    /// value — dates, durations, strings, … — and for uncertain values, even
    /// one whose samples all agree: read those through ``samples``.
    public var double: Double? {
        switch self {
        case .number(let x), .percent(let x), .points(let x), .money(let x, _): x
        default: nil
        }
    }

    /// An amount of money and its ISO currency code (`$60B` is
    /// `(60e9, "USD")`); nil for anything else, uncertain money included.
    public var money: (amount: Double, currency: String)? {
        if case .money(let amount, let currency) = self { return (amount, currency) }
        return nil
    }

    /// A day (`2026-05-25`), with ``CalendarDate/year``, ``CalendarDate/month``
    /// and ``CalendarDate/day``; nil for anything else. A period such as
    /// `Q3 2026` is not one day: match `.period` for its `start` and `end`.
    public var date: CalendarDate? {
        if case .date(let d) = self { return d }
        return nil
    }

    /// The samples of an uncertain value (SPEC §7); nil for a plain value.
    public var samples: SampleSet? {
        if case .uncertain(let set) = self { return set }
        return nil
    }

    /// Whether the two values are equal as the language's `==` says:
    /// numbers, money, percents, points and durations within a relative
    /// tolerance of 1e-9 (`0.1 + 0.2` is close to `0.3`), numbers, percents
    /// and points by their fraction (`0.05` is close to `5%`), a date and
    /// the one-day period alike, lists and records element by element.
    /// Where `==` is an error — values of dimensions that do not mix (`$1`
    /// and `1`, two currencies) — this is false. Two uncertain values are
    /// close only when they hold the same samples of one dimension (the
    /// language's `==` on them is a sample-wise condition; ask it with
    /// `prob(a == b)`), and an uncertain value is never close to a plain one.
    public func isClose(to other: Value) -> Bool {
        (try? Operators.strictEquals(self, other, at: .none)) ?? false
    }
}

extension SampleSet {
    /// The mean of the samples, in the dimension's unit: what `mean(x)`
    /// gives and the uncertain value's printed form and `--json` start with.
    /// For booleans the fraction of true samples; for dates a day number
    /// (see ``dates``) and for durations a number of days (or months),
    /// where `mean(x)` rounds to a whole day. NaN for no samples.
    public var mean: Double {
        Statistics.mean(samples)
    }

    /// The 50th percentile (see ``percentile(_:)``): what `median(x)` gives.
    public var median: Double {
        Statistics.percentile(samples, 0.5)
    }

    /// The population standard deviation (dividing by the number of samples,
    /// like numpy's default): what `sd(x)` gives, in the dimension's unit (a
    /// percent's spread as a fraction, a date's in days). NaN for no samples.
    /// `sd` of booleans is an error in the language; here it is the spread
    /// of the 0s and 1s.
    public var sd: Double {
        samples.count == 1 ? 0 : Statistics.sd(samples)
    }

    /// The value below which a fraction `p` of the samples lie: `p` is a
    /// fraction from 0 to 1 (`0.95` for `percentile(x, 95%)`; values outside
    /// are taken as 0 or 1). As numpy's default ("linear") method: with the
    /// n samples sorted, rank `p × (n − 1)` counted from 0, interpolated
    /// linearly between the two samples around it. What `percentile(x, p)`
    /// gives, and the 5th and 95th percentiles are the `90% CI` the value
    /// prints with. NaN for no samples.
    public func percentile(_ p: Double) -> Double {
        Statistics.percentile(samples, p)
    }

    /// For a set of booleans (`chance(30%)`, `x > $50B`), the fraction of
    /// true samples, from 0 to 1: what `prob(x)` gives. Nil for any other
    /// dimension.
    public var probability: Double? {
        guard dimension == .bool else { return nil }
        return min(max(Double(Statistics.countTrue(samples)) / Double(max(samples.count, 1)), 0), 1)
    }

    /// For a set of dates, each sample as a day. Samples of the
    /// ``Dimension/date`` dimension are day numbers — days since 1970-01-01,
    /// as ``CalendarDate/dayNumber`` counts them — and may have a fraction;
    /// each is rounded to the nearest day (halves away from zero) as the
    /// language does wherever it shows a date. Nil for any other dimension.
    public var dates: [CalendarDate]? {
        guard dimension == .date else { return nil }
        return samples.map { CalendarDate(dayNumber: Dimension.wholeDays($0)) }
    }
}
