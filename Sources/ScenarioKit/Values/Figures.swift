// The figures of SPEC §16 from samples: a histogram, a CDF plot, the
// sensitivity of an output to its inputs and a tornado chart, each with its
// numbers and its terminal text (Unicode bars, the value's units, at most 80
// columns).

/// Builds the figures of SPEC §16.
enum Figures {
    /// The widest a figure's line may be.
    static let width = 80
    /// Inputs with a smaller |rank correlation| are left out of `sensitivity`.
    static let smallestCorrelation = 0.05
    /// The tornado's tails: the lowest and highest 10% of each input.
    static let tornadoTail = 0.1

    // MARK: Histogram and CDF

    static func hist(_ set: SampleSet) -> Figure {
        let share = ValueFormatter.percent
        switch Histogram.rows(set.samples, dimension: set.dimension) {
        case .failure(let empty):
            return Figure(kind: .hist, data: .object([("samples", .number(0)), ("bins", .list([]))]), text: empty.text)
        case .success(let rows):
            let n = set.samples.count
            let text = Histogram.table(rows.map { ($0.label, $0.count) }, total: n, share: share)
            let bins: [Figure.Datum] = rows.map { row in
                .object([("label", .text(row.label)), ("low", row.low.map { .number($0) } ?? .text("none")),
                         ("high", row.high.map { .number($0) } ?? .text("none")), ("count", .number(Double(row.count)))])
            }
            return Figure(kind: .hist, data: .object([("dimension", .text(dimensionName(set.dimension))),
                                                       ("samples", .number(Double(n))), ("bins", .list(bins))]),
                          text: text)
        }
    }

    /// The CDF at every percent in the data; in the text, the value at every
    /// 5% with a bar as long as the share of samples at or below it.
    static func cdf(_ set: SampleSet) -> Figure {
        guard !set.samples.isEmpty else {
            return Figure(kind: .cdf, data: .object([("points", .list([]))]), text: "(no samples)")
        }
        let ps = (0...100).map { Double($0) / 100 }
        let values = Statistics.percentiles(set.samples, ps)
        let points: [Figure.Datum] = zip(ps, values).map { .object([("p", .number($0)), ("value", .number($1))]) }
        let shown = stride(from: 5, through: 95, by: 5).map { ($0, values[$0]) }
        let labels = shown.map { label($0.1, set.dimension) }
        let labelWidth = labels.map(\.count).max() ?? 0
        let barWidth = 40
        var lines = ["P(x ≤ value)"]
        for ((p, _), text) in zip(shown, labels) {
            lines.append(pad(text, labelWidth) + "  " + bar(Double(p) / 100, cells: barWidth) + "  " + "\(p)%")
        }
        return Figure(kind: .cdf, data: .object([("dimension", .text(dimensionName(set.dimension))),
                                                  ("points", .list(points))]),
                      text: lines.joined(separator: "\n"))
    }

    // MARK: Sensitivity and tornado

    /// One input of an output, with what the figures say about it.
    struct InputRow {
        var name: String
        var correlation: Double
        var share: Double
        var low: Double
        var high: Double
    }

    /// The inputs of `y` (SPEC §16) with their rank correlation with y, in
    /// the order met; unnamed ones are numbered.
    static func inputs(of y: SampleSet) -> [(name: String, samples: [Double])] {
        var unnamed = 0
        return y.provenance.inputs.compactMap { input in
            guard input.samples.count == y.samples.count else { return nil }
            if let name = input.name { return (name, input.samples) }
            // y drawn by a constructor with uncertain parameters: its own draw.
            if input === y.provenance.origin { return ("its own draw", input.samples) }
            unnamed += 1
            return ("unnamed input \(unnamed)", input.samples)
        }
    }

    static func sensitivity(_ y: SampleSet, title: String) -> Figure {
        var rows: [(name: String, rho: Double)] = []
        for input in inputs(of: y) {
            let rho = RankCorrelation.spearman(input.samples, y.samples)
            if abs(rho) >= smallestCorrelation { rows.append((input.name, rho)) }
        }
        // By |rank_corr|, ties in the order the inputs were met.
        rows = rows.enumerated().sorted { a, b in
            abs(a.element.rho) != abs(b.element.rho) ? abs(a.element.rho) > abs(b.element.rho) : a.offset < b.offset
        }.map(\.element)
        let total = rows.reduce(0) { $0 + $1.rho * $1.rho }
        let shares = rows.map { total > 0 ? $0.rho * $0.rho / total : 0 }
        let data: [Figure.Datum] = zip(rows, shares).map { row, share in
            .object([("name", .text(row.name)), ("rank_corr", .number(row.rho)), ("share", .number(share))])
        }
        var lines = ["what drives \(clip(title, 24)): rank correlation, share of variance"]
        if rows.isEmpty {
            lines.append("(no input has a rank correlation of 0.05 or more with it)")
        }
        let names = rows.map { clip($0.name, 24) }
        let nameWidth = names.map(\.count).max() ?? 0
        let barWidth = 30
        for ((row, share), name) in zip(zip(rows, shares), names) {
            lines.append(pad(name, nameWidth) + "  " + bar(abs(row.rho), cells: barWidth) + "  " + signed(row.rho) + "  "
                             + ValueFormatter.percent(share))
        }
        return Figure(kind: .sensitivity, data: .object([("output", .text(title)), ("inputs", .list(data))]),
                      text: lines.joined(separator: "\n"))
    }

    /// For each input: y's mean where the input is in its lowest 10% and
    /// where in its highest 10% (ties at the cut count in), sorted by the
    /// swing between them.
    static func tornadoRows(_ y: SampleSet) -> [(name: String, low: Double, high: Double)] {
        let n = y.samples.count
        guard n >= 10 else { return [] }
        let k = max(1, Int((Double(n) * tornadoTail).rounded(.down)))
        var rows: [(name: String, low: Double, high: Double)] = []
        for input in inputs(of: y) {
            let sorted = input.samples.sorted()
            let lowCut = sorted[k - 1], highCut = sorted[n - k]
            guard lowCut < highCut else { continue }  // a constant input moves nothing
            var lowSum = 0.0, lowCount = 0, highSum = 0.0, highCount = 0
            for i in 0..<n {
                let x = input.samples[i]
                if x <= lowCut { lowSum += y.samples[i]; lowCount += 1 }
                if x >= highCut { highSum += y.samples[i]; highCount += 1 }
            }
            rows.append((input.name, lowSum / Double(lowCount), highSum / Double(highCount)))
        }
        return rows.enumerated().sorted { a, b in
            let x = abs(a.element.high - a.element.low), y = abs(b.element.high - b.element.low)
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    static func tornado(_ y: SampleSet, title: String) -> Figure {
        let mean = Statistics.mean(y.samples)
        let rows = tornadoRows(y)
        let d = y.dimension
        let data: [Figure.Datum] = rows.map { row in
            .object([("name", .text(row.name)), ("low", .number(row.low)), ("high", .number(row.high)),
                     ("swing", .number(abs(row.high - row.low)))])
        }
        var lines = ["mean of \(clip(title, 24)) \(label(mean, d)) (│); its mean when the input is in its",
                     "lowest 10% (░) and highest 10% (█)"]
        if rows.isEmpty { lines.append("(no uncertain input)") }
        let names = rows.map { clip($0.name, 20) }
        let nameWidth = names.map(\.count).max() ?? 0
        let ranges = rows.map { "\(label($0.low, d)) to \(label($0.high, d))" }
        let rangeWidth = ranges.map(\.count).max() ?? 0
        let barWidth = max(20, min(40, width - nameWidth - rangeWidth - 4))
        let lo = min(mean, rows.map { min($0.low, $0.high) }.min() ?? mean)
        let hi = max(mean, rows.map { max($0.low, $0.high) }.max() ?? mean)
        func column(_ x: Double) -> Int {
            guard hi > lo else { return barWidth / 2 }
            return min(barWidth - 1, max(0, Int(((x - lo) / (hi - lo) * Double(barWidth - 1)).rounded())))
        }
        let centre = column(mean)
        for ((row, name), range) in zip(zip(rows, names), ranges) {
            var cells = [Character](repeating: " ", count: barWidth)
            for (end, mark) in [(row.low, Character("░")), (row.high, Character("█"))] {
                let c = column(end)
                for i in min(c, centre)...max(c, centre) where i != centre { cells[i] = mark }
            }
            cells[centre] = "│"
            lines.append(pad(name, nameWidth) + "  " + String(cells) + "  " + range)
        }
        return Figure(kind: .tornado, data: .object([("output", .text(title)), ("mean", .number(mean)),
                                                      ("rows", .list(data))]),
                      text: lines.joined(separator: "\n"))
    }

    // MARK: Text helpers

    static func label(_ x: Double, _ dimension: Dimension) -> String {
        ValueFormatter.format(dimension == .bool ? .percent(x) : dimension.value(x))
    }

    static func dimensionName(_ dimension: Dimension) -> String {
        switch dimension {
        case .number: "number"
        case .money(let c): "money " + c
        case .percent: "percent"
        case .points: "points"
        case .bool: "bool"
        case .days: "duration"
        case .months: "duration in months"
        case .date: "date"
        }
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }

    private static func clip(_ s: String, _ width: Int) -> String {
        s.count <= width ? s : String(s.prefix(width - 1)) + "…"
    }

    /// A bar `fraction` of `cells` long, in eighths of a cell, padded with spaces.
    static func bar(_ fraction: Double, cells: Int) -> String {
        var eighths = Int((min(max(fraction, 0), 1) * Double(cells * 8)).rounded())
        if fraction > 0 && eighths == 0 { eighths = 1 }
        var out = String(repeating: Histogram.fullBlock, count: eighths / 8)
        if eighths % 8 > 0 { out.append(Histogram.partialBlocks[eighths % 8 - 1]) }
        return out + String(repeating: " ", count: max(0, cells - out.count))
    }

    private static func signed(_ rho: Double) -> String {
        let r = (rho * 100).rounded() / 100
        let digits = String(Int((abs(r) * 100).rounded()))
        let body = digits.count >= 3 ? "1.00" : "0." + String(repeating: "0", count: 2 - digits.count) + digits
        return (r < 0 ? "-" : "+") + body
    }
}
