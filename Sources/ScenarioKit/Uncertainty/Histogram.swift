/// A terminal histogram of samples: about 20 rows, each labelled with its
/// range in the samples' own units, a bar of Unicode blocks in eighths of a
/// cell, and the share of samples in the row.
enum Histogram {
    static let rows = 20
    static let barWidth = 40
    /// Eighths of a cell, from one eighth up.
    static let partialBlocks: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    static let fullBlock: Character = "█"
    /// The rows span these percentiles; rarer tails join the end rows, so
    /// one extreme sample of a lognormal cannot squash every other bar.
    static let tail = 0.005

    /// - Parameters:
    ///   - label: the form of one value in the samples' units.
    ///   - share: the form of a fraction (a percent).
    static func render(_ samples: [Double], isBoolean: Bool, label: (Double) -> String,
                       share: (Double) -> String) -> String {
        let n = samples.count
        guard n > 0 else { return "(no samples)" }
        if isBoolean {
            let yes = Statistics.countTrue(samples)
            return table([("true", yes), ("false", n - yes)], total: n, share: share)
        }
        if let values = distinctValues(samples, atMost: rows) {
            // Few values (a mixture of constants, a fee paid or not): one row each.
            return table(values.map { (label($0.value), $0.count) }, total: n, share: share)
        }
        guard let (minimum, maximum) = Statistics.minMax(samples) else { return "(no samples)" }
        let edges = Statistics.percentiles(samples, [tail, 1 - tail])
        var lo = edges[0], hi = edges[1]
        if !(lo < hi) { (lo, hi) = (minimum, maximum) }
        let width = (hi - lo) / Double(rows)
        var counts = [Int](repeating: 0, count: rows)
        for x in samples {
            let bin = Int(((x - lo) / width).rounded(.down))
            counts[min(max(bin, 0), rows - 1)] += 1
        }
        let foldedLow = minimum < lo, foldedHigh = maximum > hi
        var labelled: [(String, Int)] = []
        for (i, count) in counts.enumerated() {
            let a = lo + Double(i) * width, b = i == rows - 1 ? hi : lo + Double(i + 1) * width
            let text: String
            if i == 0 && foldedLow {
                text = "below \(label(b))"
            } else if i == rows - 1 && foldedHigh {
                text = "\(label(a)) and above"
            } else {
                text = "\(label(a)) to \(label(b))"
            }
            labelled.append((text, count))
        }
        return table(labelled, total: n, share: share)
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

    private static func table(_ rows: [(label: String, count: Int)], total: Int, share: (Double) -> String) -> String {
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
