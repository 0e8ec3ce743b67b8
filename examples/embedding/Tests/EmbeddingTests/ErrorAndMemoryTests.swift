// Error kinds a host can switch on, diagnostics located in the source it
// passed, and memory: a session's budget is its own, and sessions made
// and dropped by the thousand give their memory back.
import ScenarioKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

func kind(of source: String, in session: Session = Session()) -> Diagnostic.Kind? {
    do {
        try session.run(source, name: "k.scn")
        return nil
    } catch let error as ScenarioError {
        return error.diagnostics.first?.kind
    } catch {
        return nil
    }
}

/// Resident memory in MiB (/proc/self/statm), nil where there is none.
func residentMiB() -> Int? {
    guard let file = fopen("/proc/self/statm", "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    guard fgets(&line, 255, file) != nil else { return nil }
    let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        .split(separator: " ").compactMap { Int($0) }
    guard fields.count >= 2 else { return nil }
    return fields[1] * Int(sysconf(Int32(_SC_PAGESIZE))) >> 20
}

@Suite struct ErrorTests {
    @Test func kinds() {
        #expect(kind(of: "let x = (") == .syntax)
        #expect(kind(of: "print nope") == .name)
        #expect(kind(of: "print $1 + 2026-01-01") == .type)
        #expect(kind(of: "assert 1 > 2") == .assertion)
        #expect(kind(of: "fn f(n) = f(n + 1)\nprint f(1)") == .limit)
        #expect(kind(of: "print 1 / 0") == .runtime)
        #expect(kind(of: "print 1") == nil)
    }

    @Test func spansAndColumnsAreRelativeToTheSourcePassed() throws {
        let session = Session()
        try session.run(String(repeating: "let filler = 1\n", count: 50), name: "first.scn")
        do {
            _ = try session.evaluate("1 + nope", name: "second")
            Issue.record("expected an error")
        } catch let error as ScenarioError {
            let d = try #require(error.diagnostics.first)
            #expect(d.file == "second")
            #expect((d.line, d.column) == (1, 5))
            #expect((d.span.start, d.span.end) == (4, 8))
        }
    }
}

@Suite(.serialized) struct MemoryTests {
    /// The host holds 1 GB of its own; a session with a 256 MiB budget
    /// still runs what fits in 256 MiB, and stops what does not.
    @Test func aHostsAllocationsDoNotCountAgainstASession() throws {
        var held = [UInt8](repeating: 1, count: 1 << 30)
        defer { held = [] }
        #expect(held[12345] == 1)
        let session = Session(limits: .init(memoryMB: 256))
        // 1,000,000 samples are 8 MB; a few of them fit.
        try session.run("set samples 1000000\nlet x = normal(0, 1)\nlet y = x * 2 + x")
        let error = #expect(throws: ScenarioError.self) {
            // Each level of the recursion keeps another 8 MB alive.
            try session.run("fn grow(v, n) = if n == 0 then v else grow(v + 1, n - 1)\nprint grow(x, 100)")
        }
        #expect(error?.diagnostics.first?.kind == .limit)
        #expect(error?.diagnostics.first?.message.contains("256 MiB") == true)
        // What the session held before is still there.
        #expect(try session.evaluate("mean(y)").double != nil)
    }

    @Test func aThousandSessionsGiveTheirMemoryBack() throws {
        func churn(_ n: Int) throws {
            for i in 0..<n {
                let session = Session()
                try session.run("set samples 10000\nlet x = normal(\(i), 1)\nfn f(n) = n * 2")
                _ = try session.evaluate("mean(x) + f(2)")
            }
        }
        try churn(100)
        let before = try #require(residentMiB())
        try churn(1000)
        let after = try #require(residentMiB())
        #expect(after - before < 32, "resident memory grew from \(before) MiB to \(after) MiB")
    }

    @Test func aLongLivedSessionDoesNotGrowWithEvaluations() throws {
        let session = Session()
        try session.run("let price = $60B")
        for i in 0..<2_000 { _ = try session.evaluate("price * \(i % 100)%") }
        let before = try #require(residentMiB())
        for i in 0..<50_000 { _ = try session.evaluate("price * \(i % 100)%") }
        let after = try #require(residentMiB())
        #expect(after - before < 8, "resident memory grew from \(before) MiB to \(after) MiB")
    }
}

extension MemoryTests {
    /// Failing evaluations are let go too, once their error is located.
    @Test func failingEvaluationsDoNotAccumulate() throws {
        let session = Session()
        func fail(_ i: Int) -> Int? {
            do {
                _ = try session.evaluate("1 + nope\(i % 10)", name: "e")
                return nil
            } catch let error as ScenarioError {
                return error.diagnostics.first?.column
            } catch {
                return nil
            }
        }
        for i in 0..<2_000 { #expect(fail(i) == 5) }
        let before = try #require(residentMiB())
        for i in 0..<30_000 { _ = fail(i) }
        let after = try #require(residentMiB())
        #expect(after - before < 8, "resident memory grew from \(before) MiB to \(after) MiB")
    }
}
