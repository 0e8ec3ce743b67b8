// What embedding costs a host (issue 17): the overhead of one `evaluate`
// of a short expression, sync and async, and whether a long-lived session
// grows with the expressions it evaluates. Release build:
// `make bench-embedding` (scripts/embedding.sh bench). Medians of rounds.
import ScenarioKit
#if canImport(Glibc)
import Glibc
#endif

/// Resident memory in KiB (/proc/self/statm's second field), 0 where
/// there is none.
func residentKiB() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    guard fgets(&line, 255, file) != nil else { return 0 }
    let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        .split(separator: " ").compactMap { Int($0) }
    guard fields.count >= 2 else { return 0 }
    return fields[1] * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

let clock = ContinuousClock()
let rounds = 11, perRound = 20_000

func microseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
}

func measure(_ name: String, _ body: () throws -> Void) rethrows {
    var perCall: [Double] = []
    for _ in 0..<rounds {
        let t = try clock.measure { for _ in 0..<perRound { try body() } }
        perCall.append(microseconds(t) / Double(perRound))
    }
    print("\(name): median \(format2(median(perCall))) µs per call (\(rounds) rounds of \(perRound))")
}

func measureAsync(_ name: String, _ body: () async throws -> Void) async rethrows {
    var perCall: [Double] = []
    for _ in 0..<rounds {
        let start = clock.now
        for _ in 0..<perRound { try await body() }
        perCall.append(microseconds(clock.now - start) / Double(perRound))
    }
    print("\(name): median \(format2(median(perCall))) µs per call (\(rounds) rounds of \(perRound))")
}

func format2(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return "\(r)"
}

let session = Session()
try session.run("let price = $60B; let breakup = $10B")
for _ in 0..<1_000 { _ = try session.evaluate("1 + 2") }

try measure("evaluate(\"1 + 2\")") { _ = try session.evaluate("1 + 2") }
try measure("evaluate(\"price * 80% + breakup * 20%\")") { _ = try session.evaluate("price * 80% + breakup * 20%") }
// Top-level code runs on the main actor; a host's tests and services run on
// the concurrency pool. Both: each await resumes on its own executor.
try await measureAsync("await evaluate(\"1 + 2\") on the main actor") { _ = try await session.evaluate("1 + 2") }
try await Task.detached {
    let pooled = Session()
    try await measureAsync("await evaluate(\"1 + 2\") on the concurrency pool") { _ = try await pooled.evaluate("1 + 2") }
}.value

// A long-lived session: resident memory over 100,000 evaluates.
let before = residentKiB()
for i in 0..<100_000 { _ = try session.evaluate("price * \(i % 100)% + breakup") }
let after = residentKiB()
print("resident memory: \(before) KiB after warm-up, \(after) KiB after 100,000 evaluates "
      + "(\(after - before) KiB, \(Double((after - before) * 1024) / 100_000) bytes per evaluate)")
