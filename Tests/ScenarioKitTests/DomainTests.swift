import Testing
@testable import ScenarioKit

/// The domain model on its own (SPEC §6): registry, clauses, members,
/// timeline and report, without the parser or the evaluator.
@Suite struct DomainTests {
    static let here = SourceSpan(start: 0, end: 0)

    static func id(_ name: String) -> Identifier { Identifier(name, here) }
    static func arg(_ value: Value) -> DomainArgument { DomainArgument(value, at: here) }
    static func date(_ y: Int, _ m: Int, _ d: Int) -> Value {
        .date(CalendarDate(year: y, month: m, day: d) ?? CalendarDate(dayNumber: 0))
    }
    static let q3: Value = .period(Period(.quarter(3, year: 2026)))
    static func usd(_ x: Double) -> Value { .money(x, currency: "USD") }

    /// The seed deal: SpaceX buys Anysphere for $60B in stock.
    static func cursor() throws -> DomainState {
        var state = DomainState()
        state.company(id("spacex"), displayName: "SpaceX")
        state.company(id("xai"), displayName: "xAI")
        state.company(id("anysphere"), displayName: "Anysphere")
        _ = try state.merge(id("xai"), into: id("spacex"), on: arg(.period(Period(.month(2, year: 2026)))),
                            as: id("spacexai"), displayName: "SpaceXAI")
        try state.deal(id("cursor"), price: arg(.number(60e9)), consideration: .stock)
        try state.party(.buyer, id("spacex"), statement: here)
        try state.party(.target, id("anysphere"), statement: here)
        try state.close(arg(q3), statement: here)
        try state.breakup(arg(usd(10e9)), paidBy: nil, statement: here)
        try state.condition(id("regulatory"), arg(.percent(0.8)), statement: here)
        return state
    }

    func member(_ state: DomainState, _ kind: EntityKind, _ name: String, _ member: String) throws -> Value? {
        let ref = try #require(state.lookup(kind, name))
        return try state.member(member, of: ref, at: Self.here)
    }

    @Test func dealMembers() throws {
        let state = try Self.cursor()
        #expect(try member(state, .deal, "cursor", "price") == Self.usd(60e9))
        #expect(try member(state, .deal, "cursor", "walk_away") == Self.usd(10e9))
        #expect(try member(state, .deal, "cursor", "breakup_pct")?.description == "16.67%")
        #expect(try member(state, .deal, "cursor", "p_close") == .percent(0.8))
        #expect(try member(state, .deal, "cursor", "expected_cost")?.description == "$50B")
        #expect(try member(state, .deal, "cursor", "consideration") == .string("stock"))
        #expect(try member(state, .deal, "cursor", "payer") == .string("buyer"))
        #expect(try member(state, .deal, "cursor", "status") == .string("open"))
        #expect(try member(state, .deal, "cursor", "close") == Self.q3)
        #expect(try member(state, .deal, "cursor", "conditions") == .list([.string("regulatory")]))
        #expect(try member(state, .deal, "cursor", "announce") == nil)
    }

    @Test func mergeAliasesBothNamesToTheRenamedSurvivor() throws {
        let state = try Self.cursor()
        let survivor = try #require(state.lookup(.company, "spacexai"))
        #expect(survivor.name == "spacexai")
        #expect(state.lookup(.company, "xai") == survivor)
        #expect(state.lookup(.company, "spacex") == survivor)
        #expect(try member(state, .deal, "cursor", "buyer") == .entity(survivor))
        #expect(try member(state, .company, "xai", "name") == .string("SpaceXAI"))
        #expect(try member(state, .company, "spacex", "absorbed") == .list([.string("xai")]))
        #expect(state.entities.map(\.description) == ["company spacexai", "company anysphere", "deal cursor"])
    }

    @Test func mergeReturnsEveryNameToRebind() throws {
        var state = DomainState()
        state.company(Self.id("a"), displayName: nil)
        state.company(Self.id("b"), displayName: nil)
        state.company(Self.id("c"), displayName: nil)
        _ = try state.merge(Self.id("a"), into: Self.id("b"), on: nil, as: nil, displayName: nil)
        let names = try state.merge(Self.id("b"), into: Self.id("c"), on: nil, as: Self.id("d"), displayName: nil)
        #expect(names.map(\.0) == ["b", "c", "d"])
        #expect(state.lookup(.company, "a")?.description == "company d")
        #expect(Set(names.map(\.1.description)) == ["company d"])
        #expect(throws: LocatedError.self) {
            _ = try state.merge(Self.id("a"), into: Self.id("d"), on: nil, as: nil, displayName: nil)
        }
    }

    /// Issue 14: a reference taken before a chain of merges follows it to
    /// the survivor (renamed), inside lists too; `absorbed` is transitive.
    @Test func valuesHeldBeforeAMergeChainFollowIt() throws {
        var state = DomainState()
        let a = state.company(Self.id("a"), displayName: nil)
        let b = state.company(Self.id("b"), displayName: nil)
        state.company(Self.id("c"), displayName: nil)
        let deal = try state.deal(Self.id("d"), price: Self.arg(Self.usd(1)), consideration: nil)
        #expect(state.followingMerges(.entity(a)) == nil)  // nothing merged yet
        _ = try state.merge(Self.id("a"), into: Self.id("b"), on: nil, as: nil, displayName: nil)
        _ = try state.merge(Self.id("b"), into: Self.id("c"), on: nil, as: Self.id("e"), displayName: nil)
        let survivor = try #require(state.lookup(.company, "c"))
        #expect(survivor.description == "company e")
        #expect(state.followingMerges(.entity(a)) == .entity(survivor))
        #expect(state.followingMerges(.list([.number(1), .list([.entity(b)])]))
                == .list([.number(1), .list([.entity(survivor)])]))
        #expect(state.followingMerges(.entity(deal)) == nil)
        #expect(state.followingMerges(.entity(survivor)) == nil)
        #expect(try member(state, .company, "e", "absorbed") == .list([.string("a"), .string("b")]))
    }

    @Test func clausesNeedAnOpenDeal() {
        var state = DomainState()
        #expect(throws: LocatedError("'breakup' needs a deal: write 'deal NAME at PRICE' first", at: Self.here,
                                     help: "clauses apply to the deal opened last, for example: deal cursor at $60B",
                                     kind: .runtime)) {
            try state.breakup(Self.arg(Self.usd(1e9)), paidBy: nil, statement: Self.here)
        }
        #expect(throws: LocatedError.self) { try state.modelClause(.params(Self.arg(.number(1))), word: "params", statement: Self.here) }
    }

    @Test func reopeningAmendsAndRestatingAConditionReplacesIt() throws {
        var state = try Self.cursor()
        try state.deal(Self.id("other"), price: Self.arg(Self.usd(1e9)), consideration: nil)
        try state.deal(Self.id("cursor"), price: nil, consideration: nil)
        try state.condition(Self.id("regulatory"), Self.arg(.percent(0.4)), statement: Self.here)
        try state.condition(Self.id("shareholders"), nil, statement: Self.here)
        #expect(try member(state, .deal, "cursor", "p_close") == .percent(0.4))
        #expect(try member(state, .deal, "cursor", "conditions") == .list([.string("regulatory"), .string("shareholders")]))
        #expect(try member(state, .deal, "cursor", "expected_cost")?.description == "$30B")
        #expect(try member(state, .deal, "other", "conditions") == .list([]))
    }

    @Test func aFailingClauseChangesNothing() throws {
        var state = try Self.cursor()
        let before = state.events.count
        let copy = state
        #expect(throws: LocatedError.self) { try state.close(Self.arg(Self.usd(1)), statement: Self.here) }
        #expect(throws: LocatedError.self) { try state.breakup(Self.arg(.money(1e9, currency: "EUR")), paidBy: nil, statement: Self.here) }
        #expect(throws: LocatedError.self) { try state.condition(Self.id("x"), Self.arg(.number(80)), statement: Self.here) }
        #expect(throws: LocatedError.self) { try state.model(Self.id("m"), [.params(Self.arg(.number(1))), .by(Self.id("nobody"))]) }
        #expect(throws: LocatedError.self) { try state.deal(Self.id("new"), price: nil, consideration: nil) }
        #expect(state.events.count == before)
        #expect(state.entities == copy.entities)
        #expect(state.deals == copy.deals && state.models == copy.models)
    }

    @Test func breakupPaidByTarget() throws {
        var state = try Self.cursor()
        try state.breakup(Self.arg(.number(1.5e9)), paidBy: .target, statement: Self.here)
        #expect(try member(state, .deal, "cursor", "walk_away") == Self.usd(0))
        #expect(try member(state, .deal, "cursor", "expected_cost")?.description == "$48B")
        #expect(try member(state, .deal, "cursor", "payer") == .string("target"))
    }

    @Test func outcomeSetsStatusOnly() throws {
        var state = try Self.cursor()
        try state.outcome(closed: false, Self.arg(Self.date(2026, 12, 1)), feePaid: true, statement: Self.here)
        #expect(try member(state, .deal, "cursor", "status") == .string("abandoned"))
        #expect(try member(state, .deal, "cursor", "fee_paid") == .bool(true))
        #expect(try member(state, .deal, "cursor", "expected_cost")?.description == "$50B")
        #expect(try member(state, .deal, "cursor", "close") == Self.q3)
    }

    @Test func scoresDeclareModelsAndBenchmarks() throws {
        var state = DomainState()
        let declared = try state.score(Self.id("opus"), on: Self.id("swe"), Self.arg(.percent(0.876)))
        _ = try state.score(Self.id("grok"), on: Self.id("swe"), Self.arg(.percent(0.70)))
        _ = try state.score(Self.id("grok"), on: Self.id("swe"), Self.arg(.percent(0.75)))
        #expect(declared.map(\.description) == ["model opus", "benchmark swe"])
        let opus = try #require(state.lookup(.model, "opus")), grok = try #require(state.lookup(.model, "grok"))
        let swe = try #require(state.lookup(.benchmark, "swe"))
        #expect(state.score(grok, swe) == .percent(0.75))
        #expect(try state.member("leader", of: swe, at: Self.here) == .entity(opus))
        #expect(state.currentModel == nil)
    }

    @Test func timelineIsInDateOrderWithTiesInSourceOrder() throws {
        var state = try Self.cursor()
        try state.model(Self.id("v9"), [.by(Self.id("spacexai")), .trained(Self.arg(Self.date(2026, 5, 25))),
                                        .release(Self.arg(.period(Period(.partOfMonth(.mid, month: 6, year: 2026)))))])
        try state.event(Self.arg(Self.date(2026, 7, 1)), Self.arg(.string("second on July 1")))
        try state.event(Self.arg(Self.date(2026, 7, 1)), Self.arg(.string("third on July 1")))
        try state.departures(Self.id("spacexai"), Self.arg(.number(50)), since: Self.arg(.period(Period(.month(2, year: 2026)))))
        #expect(state.timelineLines() == [
            "February 2026  merge xai into spacex",
            "February 2026  departures from spacexai: 50 since then",
            "2026-05-25     model v9 trained",
            "mid-June 2026  release of model v9",
            "2026-07-01     second on July 1",
            "2026-07-01     third on July 1",
            "Q3 2026        deal cursor expected to close",
        ])
    }

    @Test func restatingADatedClauseMovesItsEvent() throws {
        var state = try Self.cursor()
        try state.close(Self.arg(Self.date(2026, 12, 31)), statement: Self.here)
        #expect(state.timelineLines() == ["February 2026  merge xai into spacex",
                                          "2026-12-31     deal cursor expected to close"])
        #expect(DomainState().timelineLines() == ["(no events)"])
    }

    @Test func reportTables() throws {
        var state = try Self.cursor()
        try state.model(Self.id("v9"), [.by(Self.id("spacexai")), .params(Self.arg(.number(1.5e12)))])
        _ = try state.score(Self.id("v9"), on: Self.id("swe"), Self.arg(.percent(0.7)))
        _ = try state.score(Self.id("opus"), on: Self.id("swe"), Self.arg(.percent(0.876)))
        state.benchmark(Self.id("swe"), displayName: "SWE-bench Verified")
        #expect(state.reportLines() == [
            "company   spacexai  anysphere",
            "name      SpaceXAI  Anysphere",
            "absorbed  xai       -",
            "",
            "deal           cursor",
            "price          $60B",
            "consideration  stock",
            "buyer          spacexai",
            "target         anysphere",
            "close          Q3 2026",
            "breakup        $10B",
            "payer          buyer",
            "conditions     regulatory 80%",
            "p_close        80%",
            "breakup_pct    16.67%",
            "expected_cost  $50B",
            "walk_away      $10B",
            "status         open",
            "",
            "model         v9        opus",
            "by            spacexai  -",
            "params        1.5T      -",
            "score on swe  70%       87.6%",
            "",
            "benchmark  swe",
            "name       SWE-bench Verified",
            "leader     opus",
            "best       87.6%",
        ])
        #expect(DomainState().reportLines() == ["(no entities)"])
    }

    @Test func summaries() throws {
        let state = try Self.cursor()
        let cursor = try #require(state.lookup(.deal, "cursor"))
        #expect(state.summary(of: cursor)
                == "deal cursor: $60B stock, spacexai buys anysphere, breakup $10B, close Q3 2026, p_close 80%")
        let company = try #require(state.lookup(.company, "xai"))
        #expect(state.summary(of: company) == "company spacexai: SpaceXAI, absorbed xai")
    }

    @Test func namesAreLookedUpByKind() throws {
        var state = DomainState()
        state.company(Self.id("figma"), displayName: "Figma")
        try state.deal(Self.id("figma"), price: Self.arg(.number(20e9)), consideration: .mixed)
        try state.party(.target, Self.id("figma"), statement: Self.here)
        #expect(try member(state, .deal, "figma", "target") == .entity(try #require(state.lookup(.company, "figma"))))
        #expect(throws: LocatedError("'figma' is a deal, not a company", at: Self.here,
                                     help: "declare the company first: company figma", kind: .name)) {
            var s = DomainState()
            try s.deal(Self.id("figma"), price: Self.arg(.number(1)), consideration: nil)
            try s.party(.buyer, Self.id("figma"), statement: Self.here)
        }
    }

    @Test func argumentsAreChecked() {
        var state = DomainState()
        #expect(throws: LocatedError.self) { try state.deal(Self.id("d"), price: Self.arg(.number(0)), consideration: nil) }
        #expect(throws: LocatedError.self) { try state.deal(Self.id("d"), price: Self.arg(.percent(0.5)), consideration: nil) }
        #expect(throws: LocatedError.self) { try state.departures(Self.id("nobody"), Self.arg(.number(1)), since: nil) }
        state.company(Self.id("c"), displayName: nil)
        #expect(throws: LocatedError.self) { try state.departures(Self.id("c"), Self.arg(.number(1.5)), since: nil) }
        #expect(throws: LocatedError.self) { try state.event(Self.arg(.number(2026)), Self.arg(.string("x"))) }
    }

    @Test func manyDealsStayLinear() throws {
        var state = DomainState()
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for i in 0..<20_000 {
                try state.deal(Self.id("d\(i)"), price: Self.arg(.number(Double(i + 1) * 1e6)), consideration: .cash)
                try state.breakup(Self.arg(.number(1e5)), paidBy: nil, statement: Self.here)
                try state.condition(Self.id("regulatory"), Self.arg(.percent(0.9)), statement: Self.here)
                try state.close(Self.arg(Self.date(2026, 1 + i % 12, 1)), statement: Self.here)
            }
        }
        #expect(state.deals.count == 20_000)
        #expect(state.timelineLines().count == 20_000)
        #expect(elapsed < .seconds(5))
    }

    // MARK: Through a session

    static func session() -> (Session, Lines) {
        let session = Session()
        let lines = Lines()
        session.output = { lines.append($0) }
        return (session, lines)
    }

    final class Lines: @unchecked Sendable {
        var all: [String] = []
        func append(_ line: String) { all.append(line) }
    }

    @Test func aFailingStatementChangesNothing() throws {
        let (session, _) = Self.session()
        try session.run("company a; company b; deal d at 1B; close Q3 2026; condition reg 50%")
        #expect(throws: ScenarioError.self) { try session.run("deal x at 2B; close $5") }
        // The statement before the failing one keeps its effect: x is the current deal.
        #expect(try session.evaluate("x.price") == .money(2e9, currency: "USD"))
        #expect(throws: ScenarioError.self) { try session.evaluate("x.close") }
        #expect(throws: ScenarioError.self) { try session.run("condition reg 120%") }
        #expect(throws: ScenarioError.self) { try session.run("merge a into b on 5 as c") }
        #expect(throws: ScenarioError.self) { try session.run("c") }
        #expect(try session.evaluate("a.name") == .string("a"))
        #expect(session.events.count == 1)
        try session.run("deal d; condition reg 40%")
        #expect(try session.evaluate("d.p_close") == .percent(0.4))
        #expect(try session.evaluate("x.p_close") == .percent(1))
    }

    @Test func sessionExposesEntitiesMembersAndEvents() throws {
        let (session, lines) = Self.session()
        try session.run("""
            company spacex "SpaceX"; company xai; company anysphere
            merge xai into spacex on 2026-02-01 as spacexai "SpaceXAI"
            deal cursor at 60B stock; buyer xai; target anysphere; close Q3 2026; breakup 10B
            condition regulatory 80%
            timeline
            """)
        #expect(lines.all == ["2026-02-01  merge xai into spacex",
                              "Q3 2026     deal cursor expected to close"])
        #expect(session.entities.map(\.description) == ["company spacexai", "company anysphere", "deal cursor"])
        let cursor = try #require(session.entities.last)
        #expect(session.summary(of: cursor)
                == "deal cursor: $60B stock, spacexai buys anysphere, breakup $10B, close Q3 2026, p_close 80%")
        let members = Dictionary(uniqueKeysWithValues: session.members(of: cursor))
        #expect(members["expected_cost"] == .money(50e9, currency: "USD"))
        #expect(members["announce"] == nil)
        #expect(members["buyer"] == .entity(try #require(session.entities.first)))
        #expect(session.events.map(\.text) == ["merge xai into spacex", "deal cursor expected to close"])
        #expect(try session.evaluate("xai") == session.evaluate("spacexai"))
        #expect(try session.evaluate("spacex.absorbed") == .list([.string("xai")]))
        #expect(try session.evaluate("cursor") == .entity(cursor))
        #expect(try session.evaluate("cursor").description == "deal cursor")
    }

    @Test func entityNamesAreGlobalsThatShadowLikeLet() throws {
        let (session, lines) = Self.session()
        try session.run("""
            company figma "Figma"
            deal figma at 20B mixed
            target figma
            print figma, figma.target, figma.target.name
            """)
        #expect(lines.all == ["deal figma company figma Figma"])
    }

    @Test func scriptOfManyDealsRunsInLinearTime() throws {
        var script = "company buyer_co\n"
        for i in 0..<20_000 {
            script += "deal d\(i) at \(i + 1)M cash\nbuyer buyer_co\nbreakup 100K\nclose 2026-01-01\n"
        }
        let (session, _) = Self.session()
        let clock = ContinuousClock()
        let elapsed = try clock.measure { try session.run(script) }
        #expect(try session.evaluate("d19999.walk_away") == .money(1e5, currency: "USD"))
        #expect(session.events.count == 20_000)
        #expect(elapsed < .seconds(20))
    }
}
