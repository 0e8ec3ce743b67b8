import ScenarioKit
#if canImport(Glibc)
import Glibc
#endif

// The README's embedding example, verbatim in substance: a failing check
// exits non-zero so `make test` notices.
func check(_ condition: Bool, _ what: String) {
    if !condition {
        print("embedding-demo: FAILED: \(what)")
        exit(1)
    }
}

let session = Session()
var printed: [String] = []
session.output = { line in printed.append(line) }      // capture `print`
try session.run("let price = $60B; let breakup = $10B")
let cost = try session.evaluate("price * 80% + breakup * 20%")
check(cost == .money(50e9, currency: "USD"), "cost == $50B")
check(cost.description == "$50B", "description")

try session.run("print \"walk away: {breakup}\"")
check(printed == ["walk away: $10B"], "captured print")

do {
    try session.run("let x = price + Q3 2026", name: "model.scn")
    check(false, "expected an error")
} catch let error as ScenarioError {
    check(error.diagnostics[0].line == 1 && error.diagnostics[0].column == 9, "location")
    check(error.description.hasPrefix("model.scn:1:9: error: cannot add money and a date"), "rendering")
}
// The failed statement changed nothing; a second session is independent.
check((try? session.evaluate("x")) == nil, "failed let left no binding")
check((try? Session().evaluate("price")) == nil, "sessions are independent")
print("embedding-demo: ok")
