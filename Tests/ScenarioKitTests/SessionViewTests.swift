import Foundation
import Testing
import ScenarioKit

/// The typed views of a session (SPEC §12, "First-class embedding"):
/// entities, scenarios, `compare` rows and the timeline as values, through
/// the public API only, each checked against what the language itself gives
/// for the same question.
@Suite struct SessionViewTests {
    static let model = """
        set seed 11
        company spacex
        company anysphere
        deal cursor at 60B; breakup 10B; close Q3 2026
        buyer spacex
        target anysphere
        announce 2026-05-20
        condition regulatory 80%
        event 2026-06-15 "release of grok"
        event 2026-02-01 "xai joins spacex"
        let margin = $5B
        fn padded(x) = x + margin
        let cushion = padded(cursor.expected_cost)
        let growth = 5% to 15%
        scenario bear {
          condition regulatory 40%
          let note = "regulators push back"
          scenario worse { condition regulatory 10% }
        }
        scenario pricier { let margin = $7B }
        scenario later { close Q1 2027 }
        """

    static func session() throws -> Session {
        let session = Session()
        session.output = { _ in }
        try session.run(model, name: "model.scn")
        return session
    }

    static func usd(_ x: Double) -> Value { .money(x, currency: "USD") }

    // MARK: Entities

    @Test func entityMembersAsADictionary() throws {
        let session = try Self.session()
        let cursor = try #require(session.entity(.deal, "cursor"))
        #expect(cursor.ref.kind == .deal && cursor.ref.name == "cursor" && cursor.ref.scenario == nil)
        #expect(cursor.members["p_close"] == .percent(0.8))
        #expect(cursor.members["expected_cost"] == Self.usd(50e9))
        #expect(cursor.members["price"]?.money?.amount == 60e9)
        #expect(cursor.members["close"]?.description == "Q3 2026")
        // The same members as `members(of:)`, in its order, and as the language reads them.
        let ordered = session.members(of: cursor.ref)
        #expect(cursor.orderedMembers.map(\.name) == ordered.map(\.name))
        #expect(cursor.orderedMembers.map(\.value) == ordered.map(\.value))
        for (name, value) in cursor.members where name != "conditions" {
            #expect(try session.evaluate("cursor.\(name)") == value, "cursor.\(name)")
        }
        #expect(cursor.members["buyer"] == (try session.evaluate("spacex")))
        #expect(cursor.conditions.map(\.name) == ["regulatory"])
        #expect(cursor.conditions.map(\.probability) == [.percent(0.8)])

        let spacex = try #require(session.entity(.company, "spacex"))
        #expect(spacex.conditions.isEmpty)
        #expect(spacex.members["name"] == .string("spacex"))
        #expect(session.entity(.deal, "figma") == nil)
        #expect(session.entity(.company, "cursor") == nil)
        #expect(session.entity(.scenario, "bear") == nil)
    }

    // MARK: Scenarios

    @Test func evaluateInAScenarioIsReadingThroughIt() throws {
        let session = try Self.session()
        let bear = try session.scenario("bear")
        #expect(bear.name == "bear" && bear.path == ["bear"] && bear.parent == nil)
        let cost = try bear.evaluate("cursor.expected_cost")
        #expect(cost == (try session.evaluate("bear.cursor.expected_cost")))
        #expect(cost == Self.usd(30e9))
        // The model itself is untouched.
        #expect(try session.evaluate("cursor.expected_cost") == Self.usd(50e9))

        // An overridden `let` reaches what depends on it, through functions too.
        let pricier = try session.scenario("pricier")
        #expect(try pricier.evaluate("cushion") == (try session.evaluate("pricier.cushion")))
        #expect(try pricier.evaluate("cushion") == Self.usd(57e9))
        #expect(try pricier.evaluate("padded($1B)") == Self.usd(8e9))
        #expect(try pricier.evaluate("cushion - margin") == Self.usd(50e9))
        #expect(try bear.evaluate("cushion") == (try session.evaluate("bear.cushion")))

        // Nested: `bear.worse` builds on bear.
        let worse = try session.scenario("bear.worse")
        #expect(worse.parent == "bear")
        #expect(try worse.evaluate("cursor.p_close") == .percent(0.1))
        #expect(try worse.evaluate("cursor.expected_cost") == (try session.evaluate("bear.worse.cursor.expected_cost")))

        // Another scenario, declared after bear's world was computed, reads as it does outside.
        try session.run("scenario bull { condition regulatory 95% }")
        #expect(try bear.evaluate("bull.cursor.p_close") == .percent(0.95))
        #expect(try bear.evaluate("bull.cursor.expected_cost - cursor.expected_cost")
                    == (try session.evaluate("bull.cursor.expected_cost - bear.cursor.expected_cost")))

        // Entities read in a scenario are the scenario's.
        let deal = try bear.evaluate("cursor")
        guard case .entity(let ref) = deal else { Issue.record("not an entity: \(deal)"); return }
        #expect(ref.scenario != nil)
        #expect(session.members(of: ref).first { $0.name == "p_close" }?.value == .percent(0.4))
    }

    @Test func uncertainValuesKeepTheirSamplesInAScenario() throws {
        let session = try Self.session()
        let bear = try session.scenario("bear")
        // growth is no override's concern: the very same samples (common random numbers).
        let growth = try #require(try bear.evaluate("growth").samples)
        #expect(growth == (try session.evaluate("growth").samples))
        #expect(try bear.evaluate("mean(growth)") == (try session.evaluate("mean(bear.growth)")))
        #expect(try bear.evaluate("cushion * (1 + growth)") == (try session.evaluate("bear.cushion * (1 + bear.growth)")))
        // Draws in the expression itself come from the expression's own stream, as outside.
        #expect(try bear.evaluate("normal(0, 1)") == (try session.evaluate("normal(0, 1)")))
    }

    @Test func scenarioMembersOverridesAndDifferences() throws {
        let session = try Self.session()
        let pricier = try session.scenario("pricier")
        #expect(pricier.overrides == ["margin"])
        #expect(try session.scenario("bear").overrides == ["cursor.regulatory"])
        #expect(try session.scenario("bear.worse").overrides == ["cursor.regulatory"])

        let differing = try pricier.differingBindings
        #expect(differing.map(\.name) == ["margin", "cushion"])
        #expect(differing.map(\.value) == [Self.usd(7e9), Self.usd(57e9)])

        let members = try pricier.members
        #expect(members["margin"] == Self.usd(7e9))
        #expect(members["cushion"] == (try session.evaluate("pricier.cushion")))
        #expect(members["growth"] == (try session.evaluate("growth")))
        // A name the body binds is a member, as `bear.note` reads it.
        let bear = try session.scenario("bear")
        #expect(try bear.members["note"] == .string("regulators push back"))
        #expect(try bear.members["note"] == (try session.evaluate("bear.note")))

        let cursor = try #require(try bear.entity(.deal, "cursor"))
        #expect(cursor.members["p_close"] == .percent(0.4))
        #expect(cursor.ref.scenario != nil)
        #expect(cursor.conditions.map(\.probability) == [.percent(0.4)])
        #expect(try bear.entity(.deal, "figma") == nil)
        #expect(try bear.entities.map(\.name) == session.entities.map(\.name))
    }

    @Test func unknownScenariosAndBrokenWorldsThrow() throws {
        let session = try Self.session()
        let error = try #require(catching { _ = try session.scenario("baer") })
        #expect(error.diagnostics.first?.message == "unknown scenario 'baer'")
        #expect(error.diagnostics.first?.help == "did you mean 'bear'?")
        #expect(catching { _ = try session.scenario("bear.better") } != nil)
        #expect(catching { _ = try session.scenario("base") } != nil)
        #expect(catching { _ = try session.compare(["base", "bull"]) } != nil)

        // A statement run after the scenario that its override breaks: the
        // error is located there and names the scenario, as `zero.q` reports it.
        try session.run("let d = 2\nscenario zero { let d = 0 }", name: "more.scn")
        try session.run("let q = 10 / d", name: "later.scn")
        let zero = try session.scenario("zero")
        let broken = try #require(catching { _ = try zero.evaluate("q") })
        let script = try #require(catching { _ = try session.evaluate("zero.q") })
        #expect(broken.diagnostics.first?.file == "later.scn")
        #expect(broken.diagnostics.first?.message == script.diagnostics.first?.message)
        #expect(broken.diagnostics.first?.help == script.diagnostics.first?.help)
        #expect(broken.diagnostics.first?.help?.contains("in scenario zero") == true)
        #expect(catching { _ = try zero.members } != nil)
        #expect(catching { _ = try session.compare(["base", "zero"]) } != nil)
        // A name only the scenario's body binds is not the session's.
        #expect(catching { _ = try session.scenario("bear").evaluate("note") } != nil)
        // Nothing of this is left behind: the session runs on.
        #expect(try session.evaluate("q") == .number(5))
        #expect(try session.run("1 + 1") == [.number(2)])
    }

    // MARK: compare

    @Test func compareRowsAreTheValuesReadSeparately() throws {
        let session = try Self.session()
        let comparison = try session.compare(["base", "bear", "pricier", "bear.worse"])
        #expect(comparison.columns == ["base", "bear", "pricier", "bear.worse"])
        #expect(comparison.rows.map(\.label) == ["cursor.price", "cursor.p_close", "cursor.expected_cost",
                                                 "cursor.walk_away", "margin", "cushion"])
        for row in comparison.rows {
            for (column, value) in zip(comparison.columns, row.values) {
                let read = column == "base" ? row.label : "\(column).\(row.label)"
                #expect(value == (try session.evaluate(read)), "\(read)")
            }
        }
        #expect(comparison.row("cursor.expected_cost")?.values
                    == [Self.usd(50e9), Self.usd(30e9), Self.usd(50e9), Self.usd(15e9)])

        // The same data as the `compare` statement prints.
        var printed: [String] = []
        session.output = { printed.append($0) }
        try session.run("compare base, bear, pricier, bear.worse")
        // One table per deal, then one of the bindings, each under a header line.
        let tables = printed.split(separator: "", omittingEmptySubsequences: true)
        #expect(tables.count == 2)
        let cells = tables.map { $0.dropFirst() }.joined().map {
            $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        let labels = comparison.rows.map { $0.label.split(separator: ".").last.map(String.init) ?? $0.label }
        #expect(cells.map { $0[0] } == labels)
        #expect(cells.map { Array($0.dropFirst()) } == comparison.rows.map { $0.values.map { $0?.description ?? "-" } })
    }

    @Test func compareNamedRowsAndMissingDeals() throws {
        let session = try Self.session()
        let named = try session.compare(["base", "bear", "later"], values: ["cursor.close", "cushion", "cursor.p_close * 2"])
        #expect(named.rows.map(\.label) == ["cursor.close", "cushion", "cursor.p_close * 2"])
        #expect(named.row("cursor.close")?.values.map { $0?.description } == ["Q3 2026", "Q3 2026", "Q1 2027"])
        #expect(named.row("cushion")?.values == [
            try session.evaluate("cushion"), try session.evaluate("bear.cushion"), try session.evaluate("later.cushion"),
        ])
        #expect(named.row("cursor.p_close * 2")?.values == [.number(1.6), .number(0.8), .number(1.6)])

        // A deal only one column has is nil (`-`) in the others.
        try session.run("scenario bull { deal figma at 20B }")
        let comparison = try session.compare(["base", "bull"])
        #expect(comparison.row("figma.price")?.values == [nil, Self.usd(20e9)])
        #expect(comparison.row("cursor.price")?.values == [Self.usd(60e9), Self.usd(60e9)])
        // No binding differs between two identical columns.
        #expect(try session.compare(["base", "base"]).rows.map(\.label)
                    == ["cursor.price", "cursor.p_close", "cursor.expected_cost", "cursor.walk_away"])
    }

    // MARK: timeline

    @Test func timelineEventsInDateOrder() throws {
        let session = try Self.session()
        let events = session.timeline
        #expect(events.map(\.text) == session.events.map(\.text))
        #expect(events.map(\.date) == session.events.map(\.date))
        #expect(events.map(\.text) == ["xai joins spacex", "deal cursor announced", "release of grok",
                                       "deal cursor expected to close"])
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.start <= $1.start })
        let close = try #require(events.last)
        #expect(close.start == CalendarDate(year: 2026, month: 7, day: 1))
        #expect(close.end == CalendarDate(year: 2026, month: 9, day: 30))
        #expect(close.entity?.name == "cursor" && close.entity?.kind == .deal)
        #expect(events[0].entity == nil)
        #expect(events[0].date.date == CalendarDate(year: 2026, month: 2, day: 1))
        #expect(events[0].start == events[0].end)
        // Each line of `timeline` is an event's date and text.
        #expect(session.timelineLines.count == events.count)
        for (line, event) in zip(session.timelineLines, events) {
            #expect(line.hasPrefix(event.date.description) && line.hasSuffix(event.text))
        }

        // In a scenario that restates the close, its event moves.
        let later = try session.scenario("later").timeline
        #expect(later.last?.text == "deal cursor expected to close")
        #expect(later.last?.date.description == "Q1 2027")
        #expect(later.last?.entity?.scenario != nil)
        #expect(session.timeline == events)
    }

    @Test func anUncertainCloseSitsAtItsMedian() throws {
        let session = Session()
        session.output = { _ in }
        try session.run("set seed 5\ndeal d at 1B\nclose Q3 2026 to Q1 2027")
        let event = try #require(session.timeline.first)
        let set = try #require(event.date.samples)
        #expect(event.start.dayNumber == Int(set.median.rounded()))
        #expect(event.start == event.end)
        #expect(session.timelineLines.first?.hasPrefix("~\(event.start)") == true)
    }
}
