import Foundation
import Testing
@testable import ScenarioKit

/// Records (SPEC §22) through the embedding API: values, read-back, JSON.
@Suite struct RecordTests {
    @Test func aRecordIsAValueWithNamedFields() throws {
        let session = Session()
        let r = try session.evaluate("{name: \"d1\", price: $1B, p: 80%}")
        #expect(r == .record(Record(names: ["name", "price", "p"],
                                    values: [.string("d1"), .money(1e9, currency: "USD"), .percent(0.8)])))
        guard case .record(let record) = r else { return }
        #expect(record["price"] == .money(1e9, currency: "USD"))
        #expect(record["prise"] == nil)
    }

    /// The printed form is a literal of the same record, nested ones too.
    @Test(arguments: [
        "{name: \"d1\", price: $1B, p: 80%}",
        "{a: [1, {b: Q3 2026}], c: {d: \"x \\{y}\", e: 3 months}}",
        "[{a: 1}, {a: -$2.5M, f: 12.6pp}]",
    ])
    func printingReadsBack(_ source: String) throws {
        let session = Session()
        let value = try session.evaluate(source)
        #expect(try session.evaluate(value.description) == value)
        #expect(try session.evaluate("(\(value.description)) == (\(source))") == .bool(true))
    }

    @Test func jsonHasRecordsAsObjects() throws {
        let session = Session()
        try session.run("let r = {name: \"d1\", terms: {fee: $100M}}")
        let data = Data(session.stateJSON(output: []).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let bindings = try #require(root["bindings"] as? [String: Any])
        let r = try #require(bindings["r"] as? [String: Any])
        #expect(r["type"] as? String == "record")
        let fields = try #require(r["value"] as? [String: Any])
        let terms = try #require(fields["terms"] as? [String: Any])
        #expect(terms["type"] as? String == "record")
        let fee = try #require((terms["value"] as? [String: Any])?["fee"] as? [String: Any])
        #expect(fee["text"] as? String == "$100M")
        #expect(r["text"] as? String == "{name: \"d1\", terms: {fee: $100M}}")
    }

    /// `with` in a loop nests records as deep as it likes only up to the
    /// nesting limit, as lists do.
    @Test func deepNestingIsALocatedError() throws {
        let session = Session()
        #expect(throws: ScenarioError.self) {
            try session.evaluate("reduce(range(5000), {a: 0}, fn(acc, i) => {a: acc})")
        }
    }
}
