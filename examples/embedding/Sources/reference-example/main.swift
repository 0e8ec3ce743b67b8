import ScenarioKit
import Synchronization

/// What the model prints. `output` is called on the session's evaluation
/// thread, so the lines are handed over through a lock.
let printed = Mutex<[String]>([])

func demo() async throws {
    let session = Session(limits: .init(memoryMB: 512, timeLimit: .seconds(5)))
    session.output = { @Sendable line in printed.withLock { $0.append(line) } }
    session["p"] = .percent(0.8)                    // a host value, bound like a top-level let
    try await session.run("""
        deal cursor at 60B; breakup 10B; close Q3 2026
        condition regulatory p
        print cursor.expected_cost
        """, name: "model.scn")
    let cost = try await session.evaluate("cursor.expected_cost", name: "check")
    assert(cost == .money(50e9, currency: "USD") && cost.description == "$50B")
    assert(cost.money?.amount == 50e9)
    assert(printed.withLock { $0 } == ["$50B"])

    do {
        try await session.run("let x = cursor.price + Q3 2026", name: "more.scn")
        assertionFailure("adding a date to money is an error")
    } catch let error as ScenarioError {
        print(error)                          // more.scn:1:9: error: cannot add money and a date …
        let first = error.diagnostics[0]
        assert(first.kind == .type && first.line == 1 && first.column == 9)
    }
    // The failed statement changed nothing; another session is independent.
    let x = try? await session.evaluate("x")
    assert(x == nil)
    let p = try? await Session().evaluate("p")
    assert(p == nil)
}

try await demo()
