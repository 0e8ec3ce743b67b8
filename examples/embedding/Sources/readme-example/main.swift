import ScenarioKit

// In async code (a test, a service) run and evaluate suspend; in sync code
// the same calls without `await` wait.
func expectedCost() async throws {
    let session = Session(limits: .init(memoryMB: 512, timeLimit: .seconds(5)))
    session["p"] = .percent(0.8)                     // a host value, bound like `let p = 80%`
    try await session.run("""
        deal cursor at 60B; breakup 10B; close Q3 2026
        condition regulatory p
        """, name: "model.scn")
    let cost = try await session.evaluate("cursor.expected_cost", name: "check")
    assert(cost == .money(50e9, currency: "USD") && cost.description == "$50B")
    assert(cost.money?.amount == 50e9)               // also .double, .date, .samples
    let sum = try await session.evaluate("0.1 + 0.2")
    assert(sum.isClose(to: .number(0.3)))            // the language's ==; Value's own == is exact

    do {
        try await session.run("let x = cursor.price + Q3 2026", name: "more.scn")
    } catch let error as ScenarioError {
        print(error)                                 // rendered exactly like the command line
        let first = error.diagnostics[0]
        assert(first.kind == .type)                  // also .syntax, .name, .assertion, .interrupted, .limit, .runtime
        assert(first.line == 1 && first.column == 9) // also file, span (in this source), message, help
    }
}

try await expectedCost()
