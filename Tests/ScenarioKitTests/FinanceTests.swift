import Foundation
import Testing
@testable import ScenarioKit

// Finance functions against numpy-financial and a spreadsheet-convention
// XNPV/XIRR written in Python (Tests/Finance/check_finance.py, which wrote
// finance_cases.json from a fixed seed; run it again after changing it).
// Results agree to 1e-9 relative.

private struct Cases {
    let json: [String: [[String: Any]]]

    init() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Finance/finance_cases.json")
        let data = try Data(contentsOf: url)
        json = try #require(JSONSerialization.jsonObject(with: data) as? [String: [[String: Any]]])
    }

    subscript(_ function: String) -> [[String: Any]] { json[function] ?? [] }
}

private func numbers(_ value: Any?) -> [Double] {
    (value as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
}

private func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? .nan }

private func expectClose(_ got: Double, _ expected: Double, _ what: @autoclosure () -> String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let tolerance = 1e-9 * abs(expected)
    #expect(abs(got - expected) <= tolerance,
            "\(what()): got \(got), expected \(expected) (off by \(abs(got - expected)), tolerance \(tolerance))",
            sourceLocation: sourceLocation)
}

/// The FinanceError a call throws, nil if it returns.
private func financeError(_ body: () throws -> Double) -> FinanceError? {
    do {
        _ = try body()
        return nil
    } catch let error as FinanceError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

@Suite struct FinanceTests {
    @Test func npvMatchesNumpyFinancial() throws {
        let cases = try Cases()
        #expect(cases["npv"].count >= 100)
        for c in cases["npv"] {
            let rate = number(c["rate"]), flows = numbers(c["flows"])
            expectClose(Finance.npv(rate: rate, flows: flows), number(c["expected"]), "npv(\(rate), \(flows))")
        }
    }

    /// The cases file is what numpy-financial computes today (scripts/setup.sh
    /// installs it), so the comparisons above are against numpy-financial
    /// itself, not a stale copy.
    @Test func theCasesAreWhatNumpyFinancialComputes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "Tests/Finance/check_finance.py", "--check"]
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0,
                "check_finance.py --check failed (needs numpy-financial; scripts/setup.sh installs it):\n\(text)")
    }

    @Test func irrMatchesNumpyFinancial() throws {
        let cases = try Cases()
        var errors = 0
        #expect(cases["irr"].count >= 300)
        for c in cases["irr"] {
            let flows = numbers(c["flows"])
            if let expectedError = c["error"] as? String {
                errors += 1
                let error = financeError { try Finance.irr(flows) }
                switch expectedError {
                case "noSignChange": #expect(error == .noSignChange, "irr(\(flows)): \(String(describing: error))")
                default: #expect(error == .noRate(function: "irr"), "irr(\(flows)): \(String(describing: error))")
                }
                continue
            }
            do {
                let rate = try Finance.irr(flows)
                expectClose(rate, number(c["expected"]), "irr(\(flows)) [\(c["note"] ?? "")]")
            } catch {
                Issue.record("irr(\(flows)) threw \(error), numpy-financial gives \(number(c["expected"]))")
            }
        }
        #expect(errors >= 4)
    }

    @Test func pmtMatchesNumpyFinancial() throws {
        for c in try Cases()["pmt"] {
            let rate = number(c["rate"]), n = number(c["n"]), pv = number(c["pv"])
            expectClose(Finance.pmt(rate: rate, periods: n, presentValue: pv), number(c["expected"]),
                        "pmt(\(rate), \(n), \(pv))")
        }
    }

    @Test func xnpvMatchesTheSpreadsheetConvention() throws {
        for c in try Cases()["xnpv"] {
            let rate = number(c["rate"]), flows = numbers(c["flows"])
            let dates = numbers(c["dates"]).map { Int($0) }
            expectClose(try Finance.xnpv(rate: rate, dates: dates, flows: flows), number(c["expected"]),
                        "xnpv(\(rate), \(dates), \(flows))")
        }
    }

    @Test func xirrMatchesTheSpreadsheetConvention() throws {
        let cases = try Cases()
        #expect(cases["xirr"].count >= 100)
        for c in cases["xirr"] {
            let flows = numbers(c["flows"]), dates = numbers(c["dates"]).map { Int($0) }
            expectClose(try Finance.xirr(dates: dates, flows: flows), number(c["expected"]),
                        "xirr(\(dates), \(flows))")
        }
    }

    @Test func spreadsheetDocumentationExample() throws {
        // Microsoft's XNPV/XIRR help: 2008-01-01 … 2009-04-01, XNPV at 9% is
        // 2086.65 (shown as 2086.647602), XIRR 0.373362535. Excel's XIRR stops
        // its Newton steps early: the root itself is 0.3733625335188 (scipy).
        let days = [(2008, 1, 1), (2008, 3, 1), (2008, 10, 30), (2009, 2, 15), (2009, 4, 1)].map {
            CalendarDate(year: $0.0, month: $0.1, day: $0.2)?.dayNumber ?? 0
        }
        let flows = [-10_000.0, 2750, 4250, 3250, 2750]
        #expect(abs(try Finance.xnpv(rate: 0.09, dates: days, flows: flows) - 2086.647602) < 5e-7)
        let rate = try Finance.xirr(dates: days, flows: flows)
        #expect(abs(rate - 0.373362535) < 5e-9)
        #expect(abs(rate - 0.37336253351883153) < 1e-9 * 0.38)
    }

    @Test func signConventionsAndErrors() {
        // Money in first is the mirror image: the same rate.
        #expect(abs(((try? Finance.irr([100, -39, -59, -55, -20])) ?? 0) - 0.28095) < 1e-5)
        // −100 + 230/(1+r) − 132/(1+r)² is 0 at 10% and at 20%: the one nearer 0.
        #expect(abs(((try? Finance.irr([-100, 230, -132])) ?? 0) - 0.1) < 1e-13)
        #expect(financeError { try Finance.irr([-1, -2, 0, -3]) } == .noSignChange)
        #expect(financeError { try Finance.irr([0, 0]) } == .noSignChange)
        #expect(financeError { try Finance.irr([1, -1, 1]) } == .noRate(function: "irr"))
        #expect(FinanceError.noRate(function: "irr").description.contains("did not converge"))
        #expect(financeError { try Finance.xirr(dates: [0, 365], flows: [-1]) }
            == .lengthMismatch(dates: 2, flows: 1))
        #expect(financeError { try Finance.xnpv(rate: -1, dates: [0, 365], flows: [-1, 2]) }
            == .rateAtOrBelowMinus100(-1))
        #expect(financeError { try Finance.xirr(dates: [0, 100], flows: [5, 6]) } == .noSignChange)
        // Later dates in any order, as in a spreadsheet, but none before the first.
        #expect(abs(((try? Finance.xirr(dates: [0, 730, 365], flows: [-100, 60, 60])) ?? 0)
            - ((try? Finance.irr([-100, 60, 60])) ?? 1)) < 1e-12)
        #expect(financeError { try Finance.xnpv(rate: 0.1, dates: [10, 5, 20], flows: [-1, 1, 1]) }
            == .dateBeforeFirst(index: 1))
        #expect(financeError { try Finance.xirr(dates: [10, 20, 5], flows: [-1, 1, 1]) }
            == .dateBeforeFirst(index: 2))
        // A borrower's payment is negative; rate 0 spreads the loan evenly.
        #expect(abs(Finance.pmt(rate: 0.075 / 12, periods: 180, presentValue: 200_000) + 1854.0247200054619) < 1e-8)
        #expect(Finance.pmt(rate: 0, periods: 4, presentValue: 100) == -25)
        #expect(abs(Finance.npv(rate: 0.08, flows: [-40_000, 5_000, 8_000, 12_000, 30_000]) - 3065.22267) < 1e-5)
        #expect(Finance.npv(rate: 0.1, flows: []) == 0)
    }

    // MARK: Brent's method

    @Test func brentFindsKnownRootsTo1e12Relative() throws {
        let cases: [(String, (Double) -> Double, Double, Double, Double)] = [
            ("x² − 2", { $0 * $0 - 2 }, 0, 2, 2.0.squareRoot()),
            ("cos x − x", { cos($0) - $0 }, 0, 1, 0.7390851332151607),
            ("eˣ − 10", { exp($0) - 10 }, -5, 10, log(10)),
            ("x³ − 2x − 5 (Wallis)", { $0 * $0 * $0 - 2 * $0 - 5 }, 2, 3, 2.0945514815423265),
            ("(x − 1e9)·1e-3", { ($0 - 1e9) * 1e-3 }, 0, 3e9, 1e9),
            ("tiny root 1e-7", { $0 - 1e-7 }, -1, 1, 1e-7),
            ("x − 0.3 (flat then steep)", { pow($0 - 0.3, 9) }, 0, 1, 0.3),
            ("step at 1/3", { $0 < 1.0 / 3 ? -1 : 1 }, 0, 1, 1.0 / 3),
        ]
        for (name, f, low, high, root) in cases {
            let x = try Finance.brent(f, low: low, high: high)
            #expect(abs(x - root) <= 1e-12 * abs(root), "\(name): \(x), root \(root)")
        }
        // A root at an end, and at exactly 0.
        #expect(try Finance.brent({ $0 - 1 }, low: 1, high: 3) == 1)
        #expect(abs(try Finance.brent({ $0 * 5 }, low: -2, high: 3)) <= 1e-12 * 3)
    }

    @Test func brentErrors() {
        #expect(financeError { try Finance.brent({ $0 * $0 + 1 }, low: -1, high: 1) }
            == .sameSign(low: -1, high: 1, fLow: 2, fHigh: 2))
        #expect(financeError { try Finance.brent({ $0 > 0.2 && $0 < 0.9 ? .nan : $0 - 0.5 }, low: 0, high: 1) }
            == .notFinite(x: 0.5))
        struct Failed: Error, Equatable {}
        #expect(throws: Failed()) { try Finance.brent({ _ in throw Failed() }, low: 0, high: 1) }
    }
}
