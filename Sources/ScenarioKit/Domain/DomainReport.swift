// What `timeline` and `report` print (SPEC §6), and the one-line summary the
// REPL echoes after an entity. Values appear in their canonical forms.

extension DomainState {
    // MARK: Timeline

    /// Events in date order: by first day, then by last day (a date before
    /// the quarter that starts on it), ties in the order they were stated.
    var orderedEvents: [DomainEvent] {
        events.sorted { a, b in
            let x = DomainArguments.bounds(of: a.date), y = DomainArguments.bounds(of: b.date)
            return (x.start, x.end, a.sequence) < (y.start, y.end, b.sequence)
        }
    }

    /// `2026-02-01  merge xai into spacex`, one line an event. Dates and
    /// periods print canonically and are padded to the widest, so that the
    /// texts line up; with only dates this is exactly two spaces.
    func timelineLines() -> [String] {
        let ordered = orderedEvents
        guard !ordered.isEmpty else { return ["(no events)"] }
        let dates = ordered.map { DomainState.timelineDate($0.date) }
        let width = dates.map(\.date.count).max() ?? 0
        return zip(dates, ordered).map { date, event in
            DomainState.trimmed(date.date + String(repeating: " ", count: width - date.date.count) + "  "
                                    + event.text + date.range)
        }
    }

    /// An event's date column; an uncertain date (SPEC §6's uncertain
    /// close) shows its median there and its 90% range after the text.
    static func timelineDate(_ date: Value) -> (date: String, range: String) {
        guard case .uncertain(let set) = date, set.dimension == .date else { return (date.description, "") }
        let median = Dimension.date.value(Statistics.percentile(set.samples, 0.5))
        let p5 = Dimension.date.value(Statistics.percentile(set.samples, 0.05))
        let p95 = Dimension.date.value(Statistics.percentile(set.samples, 0.95))
        return ("~\(median)", " (90% CI \(p5) to \(p95))")
    }

    // MARK: Report

    /// Every entity with its members, one table per kind (companies, deals,
    /// models, benchmarks): a column per entity, a row per member. Rows that
    /// no entity of the table has are left out; an unset member is `-`.
    func reportLines() -> [String] {
        let all = entities
        var sections: [[String]] = []
        for kind in [EntityKind.company, .deal, .model, .benchmark] {
            let group = all.filter { $0.kind == kind }
            guard !group.isEmpty else { continue }
            var rows: [[String]] = [[kind.rawValue] + group.map(\.name)]
            let columns = group.map { members(of: $0) }
            for (row, name) in DomainState.memberNames(of: kind).enumerated() where name != "id" {
                var cells: [String] = []
                for (column, entity) in zip(columns, group) {
                    let location = location(of: entity)
                    if name == "conditions", let location {
                        cells.append(conditionsCell(deals[location.index]))
                    } else if name == "fee_paid", let location, deals[location.index].status == .open {
                        cells.append("-")
                    } else {
                        cells.append(DomainState.cell(column[row].value))
                    }
                }
                // A name that only repeats the id says nothing.
                let repeatsID = name == "name" && cells == group.map(\.name)
                if !repeatsID && cells.contains(where: { $0 != "-" }) { rows.append([name] + cells) }
            }
            if kind == .model { rows += scoreRows(group) }
            sections.append(DomainState.table(rows))
        }
        guard !sections.isEmpty else { return ["(no entities)"] }
        return Array(sections.joined(separator: [""]))
    }

    /// `score on swe_bench` rows for the benchmarks these models were scored on.
    private func scoreRows(_ group: [EntityRef]) -> [[String]] {
        let modelIDs = Set(group.map(\.id))
        var benchmarkIDs: [Int] = []
        var seen = Set<Int>()
        for key in scoreOrder where modelIDs.contains(key.model) && seen.insert(key.benchmark).inserted {
            benchmarkIDs.append(key.benchmark)
        }
        return benchmarkIDs.map { b in
            ["score on \(ref(b).name)"] + group.map { DomainState.cell(scores[ScoreKey(model: $0.id, benchmark: b)]) }
        }
    }

    /// `regulatory 80%, shareholders 95%`
    private func conditionsCell(_ deal: Deal) -> String {
        guard !deal.conditions.isEmpty else { return "-" }
        return deal.conditions.map { "\($0.name) \($0.probability)" }.joined(separator: ", ")
    }

    /// A value as a table cell: entities by name, lists without brackets or
    /// quotes, unset as `-`.
    static func cell(_ value: Value?) -> String {
        guard let value else { return "-" }
        switch value {
        case .entity(let entity): return entity.name
        case .list(let elements):
            return elements.isEmpty ? "-" : elements.map { cell($0) }.joined(separator: ", ")
        default: return value.description
        }
    }

    /// Columns padded to their widest cell, two spaces apart; no trailing spaces.
    static func table(_ rows: [[String]]) -> [String] {
        var widths: [Int] = []
        for row in rows {
            for (i, cell) in row.enumerated() {
                if i == widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.count)
            }
        }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                line += cell
                if i < row.count - 1 { line += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            return trimmed(line)
        }
    }

    static func trimmed(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line = line.dropLast() }
        return String(line)
    }

    // MARK: Summary

    /// One line about an entity, for the REPL's echo:
    /// `deal cursor: $60B stock, breakup $10B, close Q3 2026, p_close 80%`.
    func summary(of ref: EntityRef) -> String {
        guard let location = location(of: ref) else { return ref.description }
        let entity = self.ref(ref.id)
        var parts: [String] = []
        switch location.kind {
        case .company:
            let c = companies[location.index]
            if let display = c.displayName { parts.append(display) }
            if !c.absorbed.isEmpty { parts.append("absorbed " + c.absorbed.joined(separator: ", ")) }
            if let n = c.departures {
                parts.append("\(n) departures" + (c.departuresSince.map { " since \($0)" } ?? ""))
            }
        case .deal:
            let d = deals[location.index]
            parts.append("\(d.price)" + (d.consideration.map { " \($0.rawValue)" } ?? ""))
            if let buyer = d.buyer, let target = d.target {
                parts.append("\(self.ref(buyer).name) buys \(self.ref(target).name)")
            }
            if let fee = d.breakup { parts.append("breakup \(fee)" + (d.payer == .target ? " paid by target" : "")) }
            if let close = d.close { parts.append("close \(close)") }
            if let p = try? pClose(of: d, at: .none) { parts.append("p_close \(p)") }
            if d.status != .open { parts.append(d.status.rawValue + (d.outcomeDate.map { " \($0)" } ?? "")) }
        case .model:
            let m = models[location.index]
            if let by = m.by { parts.append("by \(self.ref(by).name)") }
            if let params = m.params { parts.append("\(params) params") }
            if let trained = m.trained { parts.append("trained \(trained)") }
            if let release = m.release { parts.append("release \(release)") }
        case .benchmark:
            let b = benchmarks[location.index]
            if let display = b.displayName { parts.append(display) }
            if let top = leader(of: entity.id) { parts.append("led by \(self.ref(top.model).name) at \(top.score)") }
        case .scenario:
            break
        }
        return parts.isEmpty ? entity.description : "\(entity): " + parts.joined(separator: ", ")
    }
}
