// Host values bound into a session and read back, and the typed views of
// a model: entities, scenarios, compare rows, the timeline.
import ScenarioKit
import Testing

let dealModel = """
    deal cursor at 60B; breakup 10B; close Q3 2026
    condition regulatory p
    """

@Suite struct BindingTests {
    @Test func aHostBindingIsUsedByTheModel() async throws {
        let session = Session()
        session["p"] = .percent(0.8)
        try await session.run(dealModel, name: "model.scn")
        // Closed form: 80% × $60B + 20% × $10B.
        let cost = try await session.evaluate("cursor.expected_cost")
        #expect(cost.isClose(to: .money(0.8 * 60e9 + 0.2 * 10e9, currency: "USD")))
        #expect(session["p"] == .percent(0.8))
        #expect(session["nothing"] == nil)
    }

    @Test func aScenarioOverridesAHostBinding() throws {
        let session = Session()
        session["p"] = .percent(0.8)
        try session.run(dealModel + "\nscenario bear { let p = 50% }")
        let bear = try session.scenario("bear")
        // 50% × $60B + 50% × $10B
        #expect(try bear.evaluate("cursor.expected_cost").isClose(to: .money(35e9, currency: "USD")))
        #expect(try session.evaluate("cursor.expected_cost").isClose(to: .money(50e9, currency: "USD")))
    }

    @Test func rebindingReplacesTheValue() throws {
        let session = Session()
        session["growth"] = .percent(0.05)
        try session.run("fn value(cash) = cash / (10% - growth)")
        #expect(try session.evaluate("value($100)").isClose(to: .money(2000, currency: "USD")))
        session["growth"] = .percent(0.02)
        #expect(session["growth"] == .percent(0.02))
    }

    @Test func badHostBindingsAreRefused() {
        let session = Session()
        #expect(throws: ScenarioError.self) { try session.bind("2x", to: .number(1)) }
        #expect(throws: ScenarioError.self) { try session.bind("a; print 1", to: .number(1)) }
        #expect(session["a"] == nil)
    }

    @Test func entityMembersAsADictionary() throws {
        let session = Session()
        session["p"] = .percent(0.8)
        try session.run(dealModel)
        let cursor = try #require(session.entity(.deal, "cursor"))
        #expect(cursor.members["p_close"] == .percent(0.8))
        #expect(cursor.members["walk_away"] == .money(10e9, currency: "USD"))
        #expect(session.entity(.deal, "nobody") == nil)
    }
}

@Suite struct ReentrancyTests {
    /// An `output` closure that evaluates in its own session gets an error
    /// instead of waiting for itself forever.
    @Test(.timeLimit(.minutes(1))) func evaluatingFromOutputIsAnErrorNotAHang() throws {
        let session = Session()
        var inner: String?
        session.output = { [unowned session] _ in
            do {
                _ = try session.evaluate("1 + 1")
            } catch let error as ScenarioError {
                inner = error.diagnostics.first?.message
            } catch {}
        }
        try session.run("print 1")
        #expect(inner == "a session cannot run or evaluate during one of its own evaluations")
        #expect(try session.evaluate("2 + 2") == .number(4))
    }
}
