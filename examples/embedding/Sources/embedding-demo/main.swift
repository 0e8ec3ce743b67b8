// The README's embedding example, in substance: a failing check exits
// non-zero so `make test` notices.
import ScenarioKit
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

func check(_ condition: Bool, _ what: String) {
    if !condition {
        print("embedding-demo: FAILED: \(what)")
        exit(1)
    }
}

// Top-level code runs on the main actor, where Swift picks the sync
// overloads; in an async function it picks the async ones, as a host's
// tests and services do.
func demo() async throws {
    let session = Session(limits: .init(memoryMB: 512, timeLimit: .seconds(5)))
    // `output` is called on the session's evaluation thread: a @Sendable
    // closure hands the lines over through a lock. (A plain closure written
    // in main-actor code would be isolated to the main actor, which Swift
    // checks at run time.)
    session.output = { @Sendable line in printed.withLock { $0.append(line) } }
    session["p"] = .percent(0.8)                           // a host value, bound like a top-level let
    try await session.run("""
        deal cursor at 60B; breakup 10B; close Q3 2026
        condition regulatory p
        print cursor.expected_cost
        """, name: "model.scn")
    let cost = try await session.evaluate("cursor.expected_cost", name: "check")
    check(cost == .money(50e9, currency: "USD"), "cost == $50B")
    check(cost.description == "$50B", "description")
    check(cost.money?.amount == 50e9 && cost.money?.currency == "USD", "typed reader")
    check(printed.withLock { $0 } == ["$50B"], "captured print")

    do {
        try await session.run("let x = cursor.price + Q3 2026", name: "more.scn")
        check(false, "expected an error")
    } catch let error as ScenarioError {
        let d = error.diagnostics[0]
        check(d.kind == .type && d.line == 1 && d.column == 9, "kind and location")
        check(error.description.hasPrefix("more.scn:1:9: error: cannot add money and a date"), "rendering")
    }
    // The failed statement changed nothing; a second session is independent.
    check((try? await session.evaluate("x")) == nil, "failed let left no binding")
    check((try? await Session().evaluate("p")) == nil, "sessions are independent")
}

/// What the model printed (a global: a Mutex cannot be captured by an escaping closure).
let printed = Mutex<[String]>([])
try await demo()
print("embedding-demo: ok")
