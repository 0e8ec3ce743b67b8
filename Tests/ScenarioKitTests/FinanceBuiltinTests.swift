import Foundation
import Testing
@testable import ScenarioKit

/// The finance built-ins (SPEC §22) through the language, on the cases
/// numpy-financial and the actual/365 XNPV/XIRR of Tests/Finance/check_finance.py
/// computed (finance_cases.json): the wiring, the dimensions and the errors,
/// to 1e-9 relative as FinanceTests checks the cores.
@Suite struct FinanceBuiltinTests {
    static var cases: [String: [[String: Any]]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Finance/finance_cases.json")
        guard let data = try? Data(contentsOf: url),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: [[String: Any]]] else { return [:] }
        return json
    }

    static func numbers(_ value: Any?) -> [Double] {
        (value as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }

    static func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? .nan }

    /// A list literal of the exact doubles (Swift prints them round-trip).
    static func list(_ xs: [Double], money: Bool = false) -> String {
        "[" + xs.map { money ? "\($0) * $1" : "\($0)" }.joined(separator: ", ") + "]"
    }

    static func dates(_ days: [Double]) -> String {
        "[" + days.map { CalendarDate(dayNumber: Int($0)).description }.joined(separator: ", ") + "]"
    }

    static func expectClose(_ got: Value, _ expected: Double, _ what: String) {
        let x: Double
        switch got {
        case .number(let v), .percent(let v), .money(let v, _): x = v
        default:
            Issue.record("\(what): got \(got)")
            return
        }
        #expect(abs(x - expected) <= 1e-9 * abs(expected), "\(what): got \(x), expected \(expected)")
    }

    @Test func npvOfNumbersAndOfMoney() throws {
        let session = Session()
        let cases = try #require(Self.cases["npv"])
        #expect(cases.count >= 100)
        for (i, c) in cases.enumerated() {
            let rate = Self.number(c["rate"]), flows = Self.numbers(c["flows"])
            let money = i.isMultiple(of: 2)
            let v = try session.evaluate("npv(\(rate), \(Self.list(flows, money: money)))")
            if money, case .money = v {} else if money { Issue.record("npv of money flows gave \(v)") }
            Self.expectClose(v, Self.number(c["expected"]), "npv case \(i)")
        }
    }

    @Test func irrAndItsErrors() throws {
        let session = Session()
        let cases = try #require(Self.cases["irr"])
        var errors = 0
        for (i, c) in cases.enumerated() {
            let source = "irr(\(Self.list(Self.numbers(c["flows"]))))"
            if let expected = c["error"] as? String {
                errors += 1
                let message = expected == "noSignChange" ? "never change sign" : "did not converge"
                do {
                    _ = try session.evaluate(source)
                    Issue.record("irr case \(i) should fail: \(message)")
                } catch let error as ScenarioError {
                    #expect(error.diagnostics.first?.message.contains(message) == true, "irr case \(i): \(error)")
                }
                continue
            }
            let v = try session.evaluate(source)
            if case .percent = v {} else { Issue.record("irr gave \(v), not a percent") }
            Self.expectClose(v, Self.number(c["expected"]), "irr case \(i)")
        }
        #expect(errors >= 4)
    }

    @Test func pmtXnpvXirr() throws {
        let session = Session()
        for (i, c) in (Self.cases["pmt"] ?? []).enumerated() {
            let v = try session.evaluate("pmt(\(Self.number(c["rate"])), \(Self.number(c["n"])), \(Self.number(c["pv"])) * $1)")
            Self.expectClose(v, Self.number(c["expected"]), "pmt case \(i)")
        }
        for (i, c) in (Self.cases["xnpv"] ?? []).enumerated() {
            let v = try session.evaluate("xnpv(\(Self.number(c["rate"])), \(Self.dates(Self.numbers(c["dates"]))), "
                                             + "\(Self.list(Self.numbers(c["flows"]))))")
            Self.expectClose(v, Self.number(c["expected"]), "xnpv case \(i)")
        }
        for (i, c) in (Self.cases["xirr"] ?? []).enumerated() {
            let v = try session.evaluate("xirr(\(Self.dates(Self.numbers(c["dates"]))), "
                                             + "\(Self.list(Self.numbers(c["flows"]))))")
            Self.expectClose(v, Self.number(c["expected"]), "xirr case \(i)")
        }
    }

    /// Each sample of an npv at an uncertain rate is the core's npv at that
    /// sample's rate.
    @Test func uncertainRatesRunSampleBySample() throws {
        let session = Session()
        try session.run("set samples 500\nlet r = 2% to 15%")
        guard case .uncertain(let rates) = try session.evaluate("r"),
              case .uncertain(let npvs) = try session.evaluate("npv(r, [-$100, $30, $40, $50])") else {
            Issue.record("expected uncertain values")
            return
        }
        #expect(npvs.dimension == .money(currency: "USD"))
        for (rate, got) in zip(rates.samples, npvs.samples) {
            #expect(got == Finance.npv(rate: rate, flows: [-100, 30, 40, 50]))
        }
    }
}
