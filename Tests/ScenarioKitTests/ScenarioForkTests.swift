import Foundation
import Testing
@testable import ScenarioKit

/// A session that has run `source`, printing into `lines`.
private final class Run {
    let session = Session()
    var lines: [String] = []

    init(_ source: String) throws {
        session.output = { [unowned self] in self.lines.append($0) }
        try session.run(source)
    }

    func show(_ expression: String) throws -> String {
        try session.evaluate(expression).description
    }
}

private let cursor = """
    deal cursor at 60B
    breakup 10B
    close Q3 2026
    condition regulatory 80%
    let p = 80%
    """

/// The first diagnostic of running `source` in `session`.
private func failure(_ session: Session, _ source: String) -> Diagnostic? {
    do {
        try session.run(source)
        return nil
    } catch let error as ScenarioError {
        return error.diagnostics.first
    } catch {
        return nil
    }
}

@Suite struct ScenarioForkTests {
    @Test func aScenarioForksAndLeavesTheOuterStateAlone() throws {
        let r = try Run(cursor + "\nscenario bear {\n  condition regulatory 40%\n  let p = 40%\n}")
        #expect(try r.show("cursor.expected_cost") == "$50B")
        #expect(try r.show("bear.cursor.expected_cost") == "$30B")
        #expect(try r.show("bear.cursor.p_close") == "40%")
        #expect(try r.show("bear.p") == "40%")
        #expect(try r.show("p") == "80%")
        #expect(try r.show("bear") == "scenario bear")
        // Names from outside are inherited; the scenario's entities are its own copies.
        #expect(try r.show("bear.cursor.price") == "$60B")
        #expect(try r.session.evaluate("bear.cursor == cursor") == .bool(false))
    }

    @Test func bodiesSeeTheirOwnBindingsAndTheOuterOnes() throws {
        let r = try Run(cursor + """

            let base_price = $60B
            scenario cheap {
              deal cursor at base_price * 90%
              let discount = 10%
              print cursor.price, p, discount
            }
            """)
        #expect(r.lines == ["$54B 80% 10%"])
        #expect(try r.show("cursor.price") == "$60B")
        #expect(try r.show("cheap.discount") == "10%")
        #expect(try r.show("cheap.base_price") == "$60B")
        // An override stands where the original does, before the body's
        // own names exist (SPEC §8): using one there is an unknown name.
        let s = Session()
        try s.run(cursor)
        #expect(failure(s, "scenario cheap {\n  let discount = 10%\n  deal cursor at $60B * (1 - discount)\n}")?
            .message == "unknown name 'discount'")
    }

    @Test func reopeningContinuesFromTheScenariosState() throws {
        let r = try Run(cursor + "\nscenario bear { condition regulatory 40%; let q = 1 }")
        try r.session.run("scenario bear { condition antitrust 50%; print q, cursor.p_close }")
        #expect(r.lines == ["1 20%"])
        #expect(try r.show("bear.cursor.p_close") == "20%")
        #expect(try r.show("bear.q") == "1")
        #expect(try r.show("cursor.p_close") == "80%")
        // Statements after the first body see the scenario, in the same run too.
        let s = try Run("scenario a { let x = 1 }\nscenario a { let y = x + 1 }\nprint a.x, a.y")
        #expect(s.lines == ["1 2"])
    }

    @Test func scenariosNest() throws {
        let r = try Run(cursor + """

            scenario bear {
              condition regulatory 40%
              scenario worse { condition regulatory 10% }
            }
            """)
        #expect(try r.show("bear.worse.cursor.p_close") == "10%")
        #expect(try r.show("bear.cursor.p_close") == "40%")
        #expect(try r.show("cursor.p_close") == "80%")
        try r.session.run("scenario bear { scenario worse { let z = cursor.p_close } }")
        #expect(try r.show("bear.worse.z") == "10%")
    }

    @Test func aFailingBodyChangesNothing() throws {
        let r = try Run(cursor + "\nscenario bear { condition regulatory 40% }")
        let d = failure(r.session, "scenario bear { condition regulatory 10%; let bad = $1 + 1 }")
        #expect(d?.message == "cannot add money and a number")
        #expect(try r.show("bear.cursor.p_close") == "40%")
        #expect(try r.show("cursor.p_close") == "80%")
        #expect(failure(r.session, "print bear.bad")?.message.contains("has no 'bad'") == true)
        #expect(failure(r.session, "scenario fresh { condition regulatory 5%; assert false }") != nil)
        #expect(failure(r.session, "print fresh")?.message == "unknown name 'fresh'")
        #expect(try r.show("cursor.p_close") == "80%")
    }

    @Test func settingsAndSamplesAreTheScenarios() throws {
        let r = try Run("set samples 1000\nscenario big { set samples 2000\nlet x = 1 to 2 }\nlet y = 1 to 2")
        guard case .uncertain(let x) = try r.session.evaluate("big.x"),
              case .uncertain(let y) = try r.session.evaluate("y") else {
            Issue.record("not uncertain")
            return
        }
        #expect(x.count == 2000 && y.count == 1000)
    }

    @Test func scenariosDrawFromStreamsOfTheirOwn() throws {
        // The outer draws are the same with or without a scenario in between,
        // and the scenario's are different from them.
        let with = try Run("let a = 1 to 2\nscenario s { let x = 1 to 2 }\nlet b = 1 to 2")
        let without = try Run("let a = 1 to 2\nlet b = 1 to 2")
        #expect(try with.session.evaluate("b") == without.session.evaluate("b"))
        #expect(try with.session.evaluate("s.x") != with.session.evaluate("b"))
        #expect(try with.session.evaluate("s.a") == with.session.evaluate("a"))
        // Values from outside keep their samples inside: reuse stays correlated.
        #expect(try with.session.evaluate("prob(s.a == a)") == .percent(1))
    }

    @Test func compareShowsEveryDealInEveryState() throws {
        let r = try Run(cursor + """

            scenario bear { condition regulatory 40% }
            scenario bull {
              deal cursor at 55B
              condition regulatory 95%
              deal figma at 20B
              breakup 1B paid by target
            }
            compare base, bear, bull
            """)
        #expect(r.lines == [
            "cursor         base  bear  bull",
            "price          $60B  $60B  $55B",
            "p_close        80%   40%   95%",
            "expected_cost  $50B  $30B  $52.75B",
            "walk_away      $10B  $10B  $10B",
            "",
            "figma          base  bear  bull",
            "price          -     -     $20B",
            "p_close        -     -     100%",
            "expected_cost  -     -     $20B",
            "walk_away      -     -     $0",
        ])
    }

    @Test func compareInsideAScenarioStillMeansTheOuterStateByBase() throws {
        let r = try Run(cursor + "\nscenario bear { condition regulatory 40%\ncompare base }")
        #expect(r.lines.contains("p_close        80%"))
    }

    @Test func compareAndScenarioErrors() throws {
        let s = try Run(cursor).session
        #expect(failure(s, "compare base, cursor")?.message == "'cursor' is not a scenario")
        #expect(failure(s, "compare base, bare")?.message == "unknown name 'bare'")
        #expect(failure(s, "scenario base { }")?.message.contains("'base' is reserved") == true)
        #expect(failure(s, "scenario bear { }\nprint bear.nothing")?.message == "scenario bear has no 'nothing'")
        #expect(failure(s, "let f = { scenario x { }; 1 }")?.message.contains("top level") == true)
    }

    @Test func uncertainDealMembersFlowThroughScenarios() throws {
        let r = try Run("""
            set seed 5
            deal cursor at $50B to $70B
            breakup 10B
            condition regulatory 60% to 90%
            scenario bear { condition regulatory 30% to 50% }
            """)
        #expect(try r.show("bear.cursor.p_close").hasPrefix("~"))
        // Common random numbers (SPEC §8): bear's regulatory range draws
        // from the same stream as the one it overrides, so each sample is
        // the same quantile of both ranges, and 30%–50% lies below 60%–90%
        // quantile by quantile: bear's expected cost is lower in every sample.
        #expect(try r.session.evaluate("prob(bear.cursor.expected_cost < cursor.expected_cost)") == .percent(1))
        // The price is the same samples in both states.
        #expect(try r.session.evaluate("prob(bear.cursor.price == cursor.price)") == .percent(1))
    }

    // MARK: Common random numbers and properties (issue 13)

    /// Values no override touches have the very same samples in every
    /// scenario, and the difference an override makes is its effect alone,
    /// sample by sample: pricier.total - total is exactly $1B, sd 0.
    @Test func untouchedValuesShareTheirSamples() throws {
        let r = try Run("""
            set seed 3
            let demand = 100 to 200
            let cost = $40B to $60B
            let total = cost + demand * $10M
            scenario pricier { let cost = cost + $1B }
            scenario busier { let demand = demand * 2 }
            """)
        let s = r.session
        #expect(try s.evaluate("pricier.demand") == s.value(of: "demand"))
        #expect(try s.evaluate("busier.cost") == s.value(of: "cost"))
        #expect(try s.evaluate("sd(pricier.total - total) < $0.01") == .bool(true))
        #expect(try s.evaluate("prob(pricier.total - total == $1B)") == .percent(1))
        // busier.total - total is demand * $10M sample by sample: its sd is
        // that of demand times $10M, with nothing added by resampling.
        #expect(try s.evaluate("sd(busier.total - total) == sd(demand * $10M)") == .bool(true))
    }

    /// A scenario with no overrides equals the model everywhere, and
    /// overriding a name with its own definition changes nothing.
    @Test func emptyAndIdentityScenariosEqualTheModel() throws {
        let model = """
            set seed 9
            let growth = 2% to 8%
            let base_price = $40B
            fn value(years) = base_price * (1 + growth) ^ years
            let in_five = value(5)
            deal cursor at in_five
            breakup $2B
            condition regulatory 70% to 90%
            let walk = cursor.walk_away
            let expected = cursor.expected_cost
            """
        let r = try Run(model + """

            scenario same { }
            scenario again {
              let growth = 2% to 8%
              let base_price = $40B
              fn value(years) = base_price * (1 + growth) ^ years
              condition regulatory 70% to 90%
            }
            """)
        for name in ["growth", "base_price", "in_five", "walk", "expected"] {
            #expect(try r.session.evaluate("same.\(name)") == r.session.value(of: name), "\(name)")
            #expect(try r.session.evaluate("again.\(name)") == r.session.value(of: name), "\(name)")
        }
        for member in ["price", "p_close", "expected_cost", "buyer_cost"] {
            #expect(try r.session.evaluate("prob(same.cursor.\(member) == cursor.\(member)) == 100%") == .bool(true))
            #expect(try r.session.evaluate("prob(again.cursor.\(member) == cursor.\(member)) == 100%") == .bool(true))
        }
    }

    /// Reading a scenario re-runs the model once per change of the model
    /// or the scenario, not once per read.
    @Test func worldsAreComputedOncePerChange() throws {
        let r = try Run("let p = 80%\nlet v = p * 2\nscenario bear { let p = 40% }")
        let runtime = r.session.runtime
        _ = try r.session.evaluate("bear.v")
        let first = runtime.worlds[0].map(ObjectIdentifier.init)
        _ = try r.session.evaluate("bear.p")
        #expect(runtime.worlds[0].map(ObjectIdentifier.init) == first)
        try r.session.run("let w = v + 1")
        #expect(try r.session.evaluate("bear.w") == .number(1.8))
        #expect(runtime.worlds[0].map(ObjectIdentifier.init) != first)
    }

    /// `:env` lists scenarios with what they override, and `--json` gives
    /// each scenario's overrides and the bindings whose values differ.
    @Test func environmentAndJSONListScenarios() throws {
        let r = try Run(cursor + """

            let at_risk = cursor.expected_cost - cursor.walk_away
            scenario bear { condition regulatory 40% }
            scenario pricey { let p = 90%
              deal cursor at $70B }
            scenario worse in bear { breakup $20B }
            """)
        let listing = r.session.environmentListing()
        #expect(listing.contains("scenario bear overrides cursor.regulatory"))
        #expect(listing.contains("scenario pricey overrides p, cursor.price"))
        #expect(listing.contains("scenario bear.worse overrides cursor.breakup"))
        let json = try JSONSerialization.jsonObject(with: Data(r.session.stateJSON(output: []).utf8)) as? [String: Any]
        let scenarios = json?["scenarios"] as? [[String: Any]] ?? []
        #expect(scenarios.map { $0["name"] as? String } == ["bear", "pricey", "bear.worse"])
        let bear = scenarios.first?["differing"] as? [String: Any]
        // 40% of $60B + 60% of $10B = $30B; less the $10B fee: $20B at risk.
        #expect((bear?["at_risk"] as? [String: Any])?["text"] as? String == "$20B")
        #expect(bear?["p"] == nil)
    }
}
