import Foundation
import Testing
@testable import ScenarioKit

// Inputs, sensitivity, tornado and correlate (SPEC §16) checked against
// closed forms at 200,000 samples. For a bivariate normal with Pearson
// correlation r, Spearman's is (6/π)·asin(r/2); for y = 10a + b with a, b
// independent standard normals, a's r is 10/√101 and b's 1/√101. The mean
// of a standard normal over its lowest 10% is −φ(Φ⁻¹(0.9))/0.1 = −1.75498.

private func session(_ script: String) throws -> Session {
    let s = Session()
    s.output = { _ in }
    _ = try s.run("set samples 200000\nset seed 5\n" + script)
    return s
}

private func figure(_ s: Session, _ expression: String) throws -> Figure {
    guard case .figure(let f) = try s.evaluate(expression) else {
        Issue.record("\(expression) is not a figure")
        return Figure(kind: .hist, data: .list([]), text: "")
    }
    return f
}

/// The rows of a figure's data under `key`, as (name, fields).
private func rows(_ f: Figure, _ key: String) -> [(name: String, fields: [String: Double])] {
    guard case .object(let top) = f.data, let list = top.first(where: { $0.0 == key })?.1,
          case .list(let items) = list else { return [] }
    return items.compactMap { item in
        guard case .object(let fields) = item else { return nil }
        var name = ""
        var numbers: [String: Double] = [:]
        for (k, v) in fields {
            if case .text(let t) = v, k == "name" { name = t }
            if case .number(let x) = v { numbers[k] = x }
        }
        return (name, numbers)
    }
}

private let spearmanA = 6 / Double.pi * asin(10 / 101.0.squareRoot() / 2)  // 0.99453
private let spearmanB = 6 / Double.pi * asin(1 / 101.0.squareRoot() / 2)   // 0.09506
private let lowDecileMean = -1.7549833193248683

@Suite struct SensitivityTests {
    @Test func theDominantInputRanksFirstAndAnIndependentOneIsAbsent() throws {
        let s = try session("""
            let a = normal(0, 1)
            let b = normal(0, 1)
            let c = normal(0, 1)
            let tiny = normal(0, 1)
            let y = 10 * a + b + tiny / 1000
            """)
        let inputs = rows(try figure(s, "sensitivity(y)"), "inputs")
        #expect(inputs.map(\.name) == ["a", "b"])  // c is not an input of y; tiny's |rank_corr| < 0.05
        guard inputs.count == 2 else { return }
        #expect(abs(inputs[0].fields["rank_corr"]! - spearmanA) < 0.002)
        #expect(abs(inputs[1].fields["rank_corr"]! - spearmanB) < 0.01)
        let share = spearmanA * spearmanA / (spearmanA * spearmanA + spearmanB * spearmanB)
        #expect(abs(inputs[0].fields["share"]! - share) < 0.002)
        #expect(abs(inputs[0].fields["share"]! + inputs[1].fields["share"]! - 1) < 1e-12)
    }

    @Test func tornadoSwingsAreTheConditionalMeansOfALinearModel() throws {
        let s = try session("""
            let a = normal(0, 1)
            let b = normal(0, 1)
            let y = 10 * a + b + 5
            """)
        let f = try figure(s, "tornado(y)")
        let table = rows(f, "rows")
        #expect(table.map(\.name) == ["a", "b"])
        guard table.count == 2 else { return }
        // E[y | a in its lowest 10%] = 5 + 10·E[a | lowest 10%]; b's part averages 0.
        let tolerance = 0.05 * 10
        #expect(abs(table[0].fields["low"]! - (5 + 10 * lowDecileMean)) < tolerance)
        #expect(abs(table[0].fields["high"]! - (5 - 10 * lowDecileMean)) < tolerance)
        #expect(abs(table[1].fields["low"]! - (5 + lowDecileMean)) < 0.25)
        #expect(abs(table[1].fields["high"]! - (5 - lowDecileMean)) < 0.25)
        #expect(table[0].fields["swing"]! > table[1].fields["swing"]!)
    }

    @Test(arguments: [-0.9, -0.5, 0.0, 0.3, 0.7, 1.0])
    func correlateReachesItsRankCorrelation(_ rho: Double) throws {
        let s = try session("""
            let x = 10 to 20
            let y = beta(2, 5)
            let z = correlate(x, y, \(rho))
            """)
        guard case .number(let r) = try s.evaluate("rank_corr(z, y)") else {
            Issue.record("rank_corr is not a number")
            return
        }
        // The sampling error of Spearman's rho at n = 200,000 is below 0.003.
        #expect(abs(r - rho) < 0.01, "rank_corr \(r) for rho \(rho)")
        guard case .uncertain(let x) = try s.evaluate("x"), case .uncertain(let z) = try s.evaluate("z") else { return }
        #expect(x.samples.sorted() == z.samples.sorted())  // x's values unchanged, only reordered
        // z is an input of its own.
        #expect(rows(try figure(s, "sensitivity(z * 2)"), "inputs").map(\.name) == ["z"])
    }

    @Test func rankCorrOfCertainValuesIsZero() throws {
        let s = try session("let x = 1 to 2")
        #expect(try s.evaluate("rank_corr(x, 3)") == .number(0))
        #expect(try s.evaluate("rank_corr(x, x)") == .number(1))
        #expect(try s.evaluate("rank_corr(x, -x)") == .number(-1))
    }

    @Test func inputsAreNamedWhereTheyAreStated() throws {
        let s = try session("""
            let growth = 5% to 15%
            let again = growth
            let doubled = growth * 2
            deal cursor at $55B to $65B
            condition regulatory beta(8, 2)
            breakup $10B paid by buyer
            """)
        guard case .uncertain(let g) = try s.evaluate("again"), case .uncertain(let d) = try s.evaluate("doubled") else {
            Issue.record("not uncertain")
            return
        }
        #expect(g.provenance.origin?.name == "growth")
        #expect(d.provenance.origin == nil)  // computed, not an input
        #expect(d.provenance.inputs.map(\.name) == ["growth"])
        let names = rows(try figure(s, "sensitivity(cursor.buyer_cost)"), "inputs").map(\.name)
        #expect(Set(names) == ["cursor.price", "cursor.regulatory"])
        let tornado = rows(try figure(s, "tornado(cursor.buyer_cost)"), "rows").map(\.name)
        #expect(Set(tornado) == ["cursor.price", "cursor.regulatory"])
    }

    @Test func figuresPrintAsTheirChartWithinEightyColumns() throws {
        let s = try session("""
            let a = $50B to $70B
            let b = 10% to 30%
            let a_very_long_name_for_an_input_of_the_model = normal(0, 1)
            let y = a * b + $1B * a_very_long_name_for_an_input_of_the_model
            """)
        for e in ["hist(y)", "cdf_plot(y)", "sensitivity(y)", "tornado(y)", "hist(b)", "cdf_plot(a)"] {
            let f = try figure(s, e)
            #expect(f.text.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(e):\n\(f.text)")
            #expect(Value.figure(f).description == f.text)
            #expect(Value.figure(f).echoDescription == f.text)
            #expect(f.text.contains("█"))
        }
        #expect(try figure(s, "sensitivity(y)").text.contains("a_very_long_name_for_an…"))
        #expect(try figure(s, "hist(y)").text.contains("$"))
        let json = Value.figure(try figure(s, "sensitivity(y)")).json
        #expect(json.hasPrefix("{\"type\": \"figure\", \"kind\": \"sensitivity\", \"data\": {"))
        #expect(json.contains("\"rank_corr\": ") && json.contains("\"text\": \"what drives"))
    }

    @Test func arithmeticOnAFigureIsAnError() throws {
        let s = try session("let x = 1 to 2\nlet h = hist(x)")
        #expect(throws: ScenarioError.self) { try s.evaluate("h + 1") }
        #expect(throws: ScenarioError.self) { try s.evaluate("x * h") }
        #expect(try s.evaluate("h == h") == .bool(true))
        #expect(try s.evaluate("hist(x) == hist(x)") == .bool(false))  // by identity
        #expect(throws: ScenarioError.self) { try s.evaluate("sensitivity(3)") }
    }
}
