// The raw Monte Carlo samples of a session as CSV, for pandas and numpy
// (`scenario run --samples-out FILE.csv`): what `--json` summarises as a
// mean and a 90% interval, sample by sample. Written by hand, as the JSON
// is, so ScenarioKit needs no Foundation.

extension Session {
    /// The uncertain values a samples file holds, in its column order: every
    /// top-level binding with an uncertain value (by name, sorted), then
    /// every uncertain member of every entity (`cursor.close`).
    public var uncertainValues: [(name: String, samples: SampleSet)] {
        var columns: [(name: String, samples: SampleSet)] = []
        for name in definedNames {
            if case .uncertain(let set)? = value(of: name) { columns.append((name, set)) }
        }
        for entity in entities {
            for member in members(of: entity) {
                if case .uncertain(let set) = member.value { columns.append(("\(entity.name).\(member.name)", set)) }
            }
        }
        return columns
    }

    /// Writes the samples of ``uncertainValues`` as CSV (RFC 4180) in pieces
    /// to `write`: a header row of the names, then one row per sample, the
    /// values of one draw side by side (row i of `x` and of `y = x * 2` are
    /// the same draw). Numbers, money (the amount; its currency is in the
    /// `--json` document), durations (days) and percents and points (as
    /// fractions: 80% is 0.8) are plain numbers, dates ISO dates, booleans
    /// `true` or `false`. A column with fewer samples than the longest (its
    /// value was made under another `set samples`) ends in empty cells.
    /// Nothing is written beyond the header when nothing is uncertain.
    public func writeSamplesCSV(to write: (String) -> Void) {
        let columns = uncertainValues
        write(columns.map { Self.csvField($0.name) }.joined(separator: ",") + "\n")
        let rows = columns.map(\.samples.samples.count).max() ?? 0
        var buffer = ""
        buffer.reserveCapacity(1 << 16)
        for row in 0..<rows {
            for (i, column) in columns.enumerated() {
                if i > 0 { buffer += "," }
                let samples = column.samples.samples
                if row < samples.count { buffer += Self.csvCell(samples[row], column.samples.dimension) }
            }
            buffer += "\n"
            if buffer.utf8.count >= 1 << 16 {
                write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { write(buffer) }
    }

    /// One sample as a cell: see ``writeSamplesCSV(to:)``.
    static func csvCell(_ x: Double, _ dimension: Dimension) -> String {
        switch dimension {
        case .bool:
            return x != 0 ? "true" : "false"
        case .date:
            let day = x.rounded()
            guard day.isFinite, day.magnitude < 1e15, CalendarMath.validDayNumbers.contains(Int(day)) else { return "" }
            return CalendarDate(dayNumber: Int(day)).description
        case .number, .money, .percent, .points, .days, .months:
            if x == x.rounded(), x.magnitude < 1e15 { return String(Int64(x)) }
            return x.description
        }
    }

    /// A header field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
