/// A terminal histogram of samples: at most 20 rows, each labelled with its
/// range in the samples' own units, a bar of Unicode blocks in eighths of a
/// cell, and the share of samples in the row.
///
/// The labels of one chart are on one scale and increase row by row: the
/// rows are cut at round numbers (1, 2 or 5 times a power of ten) no finer
/// than what the unit can show — a cent, a hundredth of a percent, a day —
/// and every label of a chart uses the same suffix and the same number of
/// decimals. Cutting at `(hi - lo) / 20` and printing each edge on its own
/// made `10 days to 10 days` rows (edges a fraction of a day apart) and
/// `$68,883.08` beside `$236.86K` (money switches to K at $100K).
enum Histogram {
    static let rows = 20
    static let barWidth = 40
    /// Eighths of a cell, from one eighth up.
    static let partialBlocks: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    static let fullBlock: Character = "█"
    /// The rows span these percentiles; rarer tails join the end rows, so
    /// one extreme sample of a lognormal cannot squash every other bar.
    static let tail = 0.005

    /// One row of a histogram: its label, the values it holds (nil bounds
    /// for a folded tail or a boolean) and how many samples fall in it.
    struct Row {
        var label: String
        var low: Double?
        var high: Double?
        var count: Int
    }

    /// - Parameter share: the form of a fraction (a percent).
    static func render(_ samples: [Double], dimension: Dimension, share: (Double) -> String) -> String {
        switch rows(samples, dimension: dimension) {
        case .success(let rows):
            return table(rows.map { ($0.label, $0.count) }, total: samples.count, share: share)
        case .failure(let message):
            return message.text
        }
    }

    /// Why there are no rows.
    struct Empty: Error {
        var text: String
    }

    /// The rows of the histogram of `samples` (what ``render`` draws).
    static func rows(_ samples: [Double], dimension: Dimension) -> Result<[Row], Empty> {
        let n = samples.count
        guard n > 0 else { return .failure(Empty(text: "(no samples)")) }
        if dimension == .bool {
            let yes = Statistics.countTrue(samples)
            return .success([Row(label: "true", low: 1, high: 1, count: yes),
                             Row(label: "false", low: 0, high: 0, count: n - yes)])
        }
        // Days and dates print as whole days: count them as printed, so two
        // rows can never show the same day.
        let wholeDays = dimension == .days || dimension == .date
        let values = wholeDays ? samples.map { $0.rounded() } : samples
        if let distinct = distinctValues(values, atMost: rows) {
            // Few values (a mixture of constants, a fee paid or not): one row each.
            let labels = Labels(distinct: distinct.map(\.value), dimension: dimension)
            return .success(distinct.map { Row(label: labels.text($0.value), low: $0.value, high: $0.value,
                                               count: $0.count) })
        }
        guard let (minimum, maximum) = Statistics.minMax(values), minimum.isFinite, maximum.isFinite else {
            return .failure(Empty(text: "(no finite samples)"))
        }
        let edges = Statistics.percentiles(values, [tail, 1 - tail])
        var lo = edges[0], hi = edges[1]
        if !(lo < hi) { (lo, hi) = (minimum, maximum) }
        let integral = wholeDays || (dimension == .number && values.allSatisfy { $0 == $0.rounded() })
        let bins = Bins(lo: lo, hi: hi, resolution: integral ? 1 : resolution(of: dimension), integral: integral)
        var counts = [Int](repeating: 0, count: bins.count)
        for x in values {
            let bin = Int(((x - bins.start) / bins.step).rounded(.down))
            counts[min(max(bin, 0), bins.count - 1)] += 1
        }
        let labels = Labels(edges: bins, dimension: dimension)
        let foldedLow = minimum < bins.start, foldedHigh = maximum > bins.last
        var labelled: [Row] = []
        for (i, count) in counts.enumerated() {
            let a = bins.edge(i), next = bins.edge(i + 1)
            var row = Row(label: "", low: a, high: integral ? next - 1 : next, count: count)
            if i == 0 && foldedLow && bins.count > 1 {
                row.label = "below \(labels.text(next))"
                row.low = nil
            } else if i == bins.count - 1 && foldedHigh {
                row.label = "\(labels.text(a)) and above"
                row.high = nil
            } else if integral {
                // Whole numbers a ... next - 1 fall in this row.
                row.label = bins.step == 1 ? labels.text(a) : "\(labels.text(a)) to \(labels.text(next - 1))"
            } else {
                row.label = "\(labels.text(a)) to \(labels.text(next))"
            }
            labelled.append(row)
        }
        return .success(labelled)
    }

    /// The finest step a label of `dimension` can show.
    static func resolution(of dimension: Dimension) -> Double {
        switch dimension {
        case .money: 0.01
        case .percent, .points: 0.0001
        case .days, .date, .bool, .months: 1
        case .number: 0
        }
    }

    /// Rows of equal width `step`, a round number, from `start` (a multiple
    /// of it) on, enough of them to reach `hi` and at most ``rows``.
    struct Bins {
        var start: Double
        var step: Double
        /// `step` is `mantissa` × 10^`power`, mantissa 1, 2 or 5.
        var power: Int
        var count: Int
        var integral: Bool

        init(lo: Double, hi: Double, resolution: Double, integral: Bool) {
            self.integral = integral
            var (mantissa, power) = Bins.roundStep(atLeast: max((hi - lo) / Double(rows), resolution))
            while true {
                let step = Double(mantissa) * Bins.tenToThe(power)
                let start = (lo / step).rounded(.down) * step
                // Continuous rows are closed at the top of the last one, so
                // hi on an edge needs no extra row; whole numbers need one.
                let span = (hi - start) / step
                let count = max(1, integral ? Int(span.rounded(.down)) + 1 : Int((span - 1e-9).rounded(.up)))
                if count <= rows || !step.isFinite {
                    (self.start, self.step, self.power, self.count) = (start, step, power, min(count, rows))
                    return
                }
                (mantissa, power) = Bins.next(mantissa, power)
            }
        }

        func edge(_ i: Int) -> Double { start + Double(i) * step }

        /// The largest value the rows hold without folding a tail in.
        var last: Double { integral ? edge(count) - 1 : edge(count) }

        /// The smallest 1, 2 or 5 × 10^k at least `x`.
        static func roundStep(atLeast x: Double) -> (mantissa: Int, power: Int) {
            guard x > 0, x.isFinite else { return (1, 0) }
            var power = 0
            while tenToThe(power) > x { power -= 1 }
            while tenToThe(power + 1) <= x { power += 1 }
            var candidate = (mantissa: 1, power: power)
            while Double(candidate.mantissa) * tenToThe(candidate.power) < x * (1 - 1e-12) {
                candidate = next(candidate.mantissa, candidate.power)
            }
            return candidate
        }

        static func next(_ mantissa: Int, _ power: Int) -> (mantissa: Int, power: Int) {
            switch mantissa {
            case 1: (2, power)
            case 2: (5, power)
            default: (1, power + 1)
            }
        }

        static func tenToThe(_ k: Int) -> Double {
            var x = 1.0
            if k >= 0 { for _ in 0..<k { x *= 10 } } else { for _ in 0..<(-k) { x /= 10 } }
            return x
        }
    }

    /// The labels of one chart: one suffix (K, M, B, T or none) and one
    /// number of decimals for all, chosen from the largest magnitude shown
    /// and from the step between rows (or between the distinct values).
    struct Labels {
        var dimension: Dimension
        /// The power of ten of the suffix: 0, 3 (K), 6 (M), 9 (B), 12 (T).
        var suffixPower = 0
        var decimals = 0

        init(edges bins: Bins, dimension: Dimension) {
            self.dimension = dimension
            let magnitude = max(abs(bins.edge(0)), abs(bins.edge(bins.count)))
            suffixPower = Labels.suffixPower(for: magnitude, dimension: dimension)
            // The step's last digit sits at 10^power; a percent moves it two places.
            let shift = dimension == .percent || dimension == .points ? 2 : 0
            decimals = max(0, suffixPower - bins.power - shift)
            while decimals > 3 && suffixPower > 0 {  // a narrow range of large amounts: a smaller suffix
                suffixPower -= 3
                decimals -= 3
            }
            if case .money = dimension, suffixPower == 0, decimals > 0 { decimals = 2 }  // cents
        }

        init(distinct values: [Double], dimension: Dimension) {
            self.dimension = dimension
            let magnitude = values.map(abs).max() ?? 0
            suffixPower = Labels.suffixPower(for: magnitude, dimension: dimension)
            // As many decimals as the value needing most shows on its own
            // (money to the cent, numbers to 4 significant digits), and more
            // if two labels would still read the same.
            decimals = values.map { decimalsShown($0) }.max() ?? 0
            if case .money = dimension, suffixPower == 0, decimals > 0 { decimals = 2 }
            while decimals < 6 && Set(values.map(text)).count < values.count { decimals += 1 }
        }

        static func suffixPower(for magnitude: Double, dimension: Dimension) -> Int {
            let threshold: Double
            switch dimension {
            case .number: threshold = 1e6  // as numbers print: 950000, then 1.5M
            case .money: threshold = 1e5  // as money prints: $99,999.99, then $100K
            default: return 0
            }
            guard magnitude.isFinite, magnitude >= threshold else { return 0 }
            if magnitude >= 1e12 { return 12 }
            if magnitude >= 1e9 { return 9 }
            if magnitude >= 1e6 { return 6 }
            return 3
        }

        /// Decimals `x` needs at this suffix as a value of its own would print.
        private func decimalsShown(_ x: Double) -> Int {
            guard var decimal = scaled(x) else { return 0 }
            switch dimension {
            case .number: decimal = decimal.rounded(significantDigits: 4)
            default: decimal = decimal.rounded(decimals: 2)
            }
            return max(0, decimal.digits.count - decimal.exponent)
        }

        /// `x` in the units the label's digits count: the suffix divided
        /// out, a fraction as a percent.
        private func scaled(_ x: Double) -> DisplayDecimal? {
            guard let decimal = DisplayDecimal(x) else { return nil }
            switch dimension {
            case .percent, .points: return decimal.scaled(byPowerOfTen: 2)
            default: return decimal.scaled(byPowerOfTen: -suffixPower)
            }
        }

        func text(_ x: Double) -> String {
            switch dimension {
            case .days:
                return x.magnitude < 1e15 ? CalendarDuration(days: Int(x.rounded())).description : "\(x) days"
            case .date:
                return x.magnitude < 1e15 ? CalendarDate(dayNumber: Int(x.rounded())).description : "\(x)"
            case .bool:
                return x != 0 ? "true" : "false"
            case .months:
                return x.magnitude < 1e15 ? CalendarDuration(months: Int(x.rounded())).description : "\(x) months"
            case .number, .money, .percent, .points:
                break
            }
            guard let decimal = scaled(x)?.rounded(decimals: decimals), !(x.magnitude >= 1e18) else {
                return ValueFormatter.format(dimension.value(x))
            }
            let minus = decimal.isNegative && !decimal.isZero ? "-" : ""
            // Zero needs no suffix or decimals to be read on any scale.
            let suffix = decimal.isZero ? "" : ["", "K", "M", "B", "T"][suffixPower / 3]
            let body = decimal.isZero ? "0" : decimal.fixed(minimumDecimals: decimals, grouping: suffixPower == 0)
            switch dimension {
            case .money(let currency):
                let symbols = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"]
                if let symbol = symbols[currency] { return minus + symbol + body + suffix }
                return minus + body + suffix + " " + currency
            case .percent: return minus + body + "%"
            case .points: return minus + body + "pp"
            default:
                // Numbers print without grouping (120000), as values do.
                return minus + (decimal.isZero ? "0" : decimal.fixed(minimumDecimals: decimals)) + suffix
            }
        }
    }

    /// The distinct values with their counts, ascending; nil when there are
    /// more than `limit`.
    static func distinctValues(_ samples: [Double], atMost limit: Int) -> [(value: Double, count: Int)]? {
        var values: [Double] = [], counts: [Int] = []
        for x in samples {
            if let i = values.firstIndex(of: x) {
                counts[i] += 1
            } else {
                guard values.count < limit else { return nil }
                values.append(x)
                counts.append(1)
            }
        }
        return zip(values, counts).sorted { $0.0 < $1.0 }.map { ($0.0, $0.1) }
    }

    static func table(_ rows: [(label: String, count: Int)], total: Int, share: (Double) -> String) -> String {
        let labelWidth = rows.map(\.label.count).max() ?? 0
        let largest = max(rows.map(\.count).max() ?? 1, 1)
        return rows.map { row in
            let padding = String(repeating: " ", count: labelWidth - row.label.count)
            return row.label + padding + "  " + bar(row.count, of: largest) + "  "
                + share(Double(row.count) / Double(total))
        }.joined(separator: "\n")
    }

    /// A bar `barWidth` cells wide at most, padded with spaces to that width.
    static func bar(_ count: Int, of largest: Int) -> String {
        var eighths = Int((Double(count) / Double(largest) * Double(barWidth * 8)).rounded())
        if count > 0 && eighths == 0 { eighths = 1 }
        var out = String(repeating: fullBlock, count: eighths / 8)
        if eighths % 8 > 0 { out.append(partialBlocks[eighths % 8 - 1]) }
        let cells = eighths / 8 + (eighths % 8 > 0 ? 1 : 0)
        return out + String(repeating: " ", count: barWidth - cells)
    }
}
