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

let session = Session(limits: .init(memoryMB: 512, timeLimit: .seconds(5)))
let printed = Mutex<[String]>([])
// `output` is called on the session's evaluation thread. Top-level code
// runs on the main actor, and a plain closure written here would be
// isolated to it (Swift checks that at run time): a @Sendable closure is
// not, and hands the lines over through a lock.
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
    try session.run("let x = cursor.price + Q3 2026", name: "more.scn")
    check(false, "expected an error")
} catch let error as ScenarioError {
    let d = error.diagnostics[0]
    check(d.kind == .type && d.line == 1 && d.column == 9, "kind and location")
    check(error.description.hasPrefix("more.scn:1:9: error: cannot add money and a date"), "rendering")
}
// The failed statement changed nothing; a second session is independent.
check((try? session.evaluate("x")) == nil, "failed let left no binding")
check((try? Session().evaluate("p")) == nil, "sessions are independent")
print("embedding-demo: ok")
