import Testing
@testable import ScenarioKit

/// hist's rows: cut at round numbers, labelled on one scale, distinct and
/// increasing (issue 18).
@Suite struct HistogramTests {
    static func labels(_ samples: [Double], _ dimension: Dimension) -> [String] {
        Histogram.render(samples, dimension: dimension, share: ValueFormatter.percent)
            .split(separator: "\n").map { row in
                // The label is everything before the bar's two-space gap.
                let label = row.prefix { $0 != "█" && !Histogram.partialBlocks.contains($0) }
                return String(label.reversed().drop { $0 == " " }.reversed())
            }
    }

    /// A spread of `count` values from `lo` to `hi`, denser in the middle.
    static func spread(_ lo: Double, _ hi: Double, count: Int = 2000) -> [Double] {
        (0..<count).map { i in
            let u = (Double(i) + 0.5) / Double(count)
            let bell = (u + u * u * (3 - 2 * u)) / 2
            return lo + (hi - lo) * bell
        }
    }

    /// The number each label starts with (after any `below `), to check
    /// that rows increase.
    static func leadingNumber(_ label: String) -> Double? {
        var text = Substring(label)
        if text.hasPrefix("below ") { text = text.dropFirst(6) }
        let negative = text.hasPrefix("-")
        let digits = text.drop { !$0.isNumber }.prefix { $0.isNumber || $0 == "." || $0 == "," }
        guard let x = Double(digits.filter { $0 != "," }) else { return nil }
        return negative ? -x : x
    }

    @Test func shortDurationsGetOneRowPerDayOrWholeDayRows() {
        let few = Self.labels(Self.spread(9.6, 12.4), .days)
        #expect(few == ["10 days", "11 days", "12 days"])
        let many = Self.labels(Self.spread(0, 70), .days)
        #expect(Set(many).count == many.count, "\(many)")
        #expect(!many.contains { $0.contains(".") })
        #expect(many.first == "0 days to 4 days", "\(many)")
    }

    @Test func smallMoneyIsOnOneScale() {
        let rows = Self.labels(Self.spread(40_000, 460_000), .money(currency: "USD"))
        #expect(Set(rows).count == rows.count)
        #expect(rows.allSatisfy { $0.contains("K") || $0.hasPrefix("$0 ") }, "\(rows)")
        #expect(!rows.contains { $0.contains(",") }, "\(rows)")
        let two = Self.labels([68_883.08, 236_860, 68_883.08], .money(currency: "USD"))
        #expect(two == ["$68.88K", "$236.86K"])
        let cents = Self.labels(Self.spread(4.6, 8.9), .money(currency: "EUR"))
        #expect(cents.allSatisfy { $0.filter { $0 == "." }.count == ($0.contains(" to ") ? 2 : 1) }, "\(cents)")
        #expect(cents.contains("€5.00 to €5.50"), "\(cents)")
    }

    @Test func discreteValuesGetRowsOfWholeNumbers() {
        let values = (0..<3000).map { Double($0 % 61) }  // 0 ... 60, more than 20 values
        let rows = Self.labels(values, .number)
        #expect(rows.first == "0 to 4", "\(rows)")
        #expect(rows.contains("55 to 59") && rows.last == "60 to 64", "\(rows)")
        let few = Self.labels([1, 2, 3, 5, 8, 8], .number)
        #expect(few == ["1", "2", "3", "5", "8"])
    }

    @Test(arguments: [
        (0.0, 1.0), (-3, 3), (1e-3, 2e-3), (1, 1.001), (9.5, 12.5), (0, 1e6), (1e9, 1.2e9), (-5e7, 5e7),
        (99_000, 101_000), (1_199_000, 1_201_000),
    ] as [(Double, Double)])
    func labelsAreDistinctAndIncreasing(_ range: (Double, Double)) {
        for dimension in [Dimension.number, .money(currency: "USD"), .percent, .days] {
            let rows = Self.labels(Self.spread(range.0, range.1), dimension)
            #expect(rows.count <= Histogram.rows)
            #expect(Set(rows).count == rows.count, "\(dimension) \(range): \(rows)")
            let starts = rows.compactMap(Self.leadingNumber)
            #expect(starts.count == rows.count, "\(rows)")
            if dimension == .number || dimension == .days {
                // One suffix for all, so the leading numbers themselves increase.
                let suffixes = Set(rows.map { $0.split(separator: " ").first!.filter { "KMBT".contains($0) } }
                    .filter { !$0.isEmpty })
                #expect(suffixes.count <= 1, "\(rows)")
            }
        }
    }

    @Test func roundSteps() {
        #expect(Histogram.Bins.roundStep(atLeast: 0.13) == (2, -1))
        #expect(Histogram.Bins.roundStep(atLeast: 1) == (1, 0))
        #expect(Histogram.Bins.roundStep(atLeast: 3) == (5, 0))
        #expect(Histogram.Bins.roundStep(atLeast: 1.42e9) == (2, 9))
        #expect(Histogram.Bins.roundStep(atLeast: 6) == (1, 1))
    }

    @Test func booleansAndEmpty() {
        #expect(Self.labels([1, 0, 1], .bool) == ["true", "false"])
        #expect(Histogram.render([], dimension: .number, share: ValueFormatter.percent) == "(no samples)")
    }
}
