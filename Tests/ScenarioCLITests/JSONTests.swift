import Foundation
import Testing

/// `--json` tells everything the terminal does (issue 18): uncertain dates
/// as ISO dates, deal conditions with their probabilities, and with
/// `--samples-out FILE.csv` the raw samples, read back here with Python's
/// csv module as a pandas or numpy user's script would.
@Suite struct JSONTests {
    static let model = """
        set seed 7
        set samples 2000
        company spacexai
        deal cursor at $60B; buyer spacexai
        close Q3 2026
        condition regulatory 80%
        condition financing 85% to 95%
        let ready = 2026-06-01 to 2026-12-01
        let wait = 30 days to 90 days
        let price = $50B to $70B
        let share = 10% to 20%
        let cheap = price < $55B
        let plain = 42
        set samples 1000
        let later = 1 to 2
        """

    static func document(_ r: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test func uncertainDatesAreISODatesAndDurationsSayDays() throws {
        let dir = try CLI.files(["m.scn": Self.model])
        let r = try CLI.run(["run", "--json", "m.scn"], directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let bindings = try #require(try Self.document(r)["bindings"] as? [String: [String: Any]])
        let ready = try #require(bindings["ready"])
        #expect(ready["dimension"] as? String == "date")
        let text = try #require(ready["text"] as? String)
        for key in ["mean", "p5", "p95"] {
            let date = try #require(ready[key] as? String, "\(key) is a string")
            #expect(date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil, "\(key): \(date)")
            #expect(text.contains(date), "the text shows the same \(key), \(date): \(text)")
        }
        let wait = try #require(bindings["wait"])
        #expect(wait["unit"] as? String == "days")
        #expect((wait["mean"] as? Double).map { $0 > 30 && $0 < 90 } == true)
    }

    @Test func dealConditionsCarryTheirProbabilities() throws {
        let dir = try CLI.files(["m.scn": Self.model])
        let r = try CLI.run(["run", "--json", "m.scn"], directory: dir)
        let entities = try #require(try Self.document(r)["entities"] as? [[String: Any]])
        let deal = try #require(entities.first { $0["kind"] as? String == "deal" })
        let conditions = try #require(deal["conditions"] as? [[String: Any]])
        #expect(conditions.map { $0["name"] as? String } == ["regulatory", "financing"])
        let regulatory = try #require(conditions[0]["probability"] as? [String: Any])
        #expect(regulatory["type"] as? String == "percent" && regulatory["value"] as? Double == 0.8)
        let financing = try #require(conditions[1]["probability"] as? [String: Any])
        #expect(financing["type"] as? String == "uncertain" && financing["dimension"] as? String == "percent")
        // A company has no conditions key.
        let company = try #require(entities.first { $0["kind"] as? String == "company" })
        #expect(company["conditions"] == nil)
    }

    /// The CSV read back with Python's csv module: one column per uncertain
    /// binding and member, one row per draw, the same draws the JSON
    /// summarises (its mean), dates ISO, booleans true/false, percents as
    /// fractions, and a shorter column (made under `set samples 1000`)
    /// padded with empty cells.
    @Test func samplesOutWritesEveryUncertainValueForPython() throws {
        let dir = try CLI.files(["m.scn": Self.model])
        let r = try CLI.run(["run", "--json", "--samples-out", "out.csv", "m.scn"], directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let bindings = try #require(try Self.document(r)["bindings"] as? [String: [String: Any]])
        let priceMean = try #require(bindings["price"]?["mean"] as? Double)
        let check = """
            import csv, datetime, json, sys
            with open(sys.argv[1], newline="") as f:
                rows = list(csv.DictReader(f))
            names = list(rows[0].keys())
            price = [float(row["price"]) for row in rows]
            later = [row["later"] for row in rows]
            share = [float(row["share"]) for row in rows]
            ready = [datetime.date.fromisoformat(row["ready"]) for row in rows]
            cheap = [row["cheap"] for row in rows]
            print(json.dumps({
                "names": names,
                "rows": len(rows),
                "price_mean": sum(price) / len(price),
                "later_filled": sum(1 for x in later if x != ""),
                "share_range": [min(share), max(share)],
                "ready_inside": sum(1 for d in ready if datetime.date(2026, 6, 1) <= d <= datetime.date(2026, 12, 1)) / len(ready),
                "cheap_values": sorted(set(cheap)),
                "cheap_matches": all((c == "true") == (p < 55e9) for c, p in zip(cheap, price)),
            }))
            """
        let py = try Self.python(check, dir.appendingPathComponent("out.csv").path)
        #expect(py.status == 0, "\(py.stdout)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(py.stdout.utf8)) as? [String: Any])
        #expect(result["names"] as? [String]
                == ["cheap", "later", "price", "ready", "share", "wait", "cursor.p_close", "cursor.expected_cost"])
        #expect(result["rows"] as? Int == 2000)
        let mean = try #require(result["price_mean"] as? Double)
        #expect(abs(mean - priceMean) <= 1e-6 * priceMean, "the CSV holds the draws the JSON summarises")
        #expect(result["later_filled"] as? Int == 1000)
        let share = try #require(result["share_range"] as? [Double])
        #expect(share[0] > 0.01 && share[1] < 0.5, "percents are fractions: \(share)")
        // `a to b` is a 90% interval: about 90% of the dates fall inside it.
        #expect((result["ready_inside"] as? Double).map { $0 > 0.85 && $0 < 0.95 } == true)
        #expect(result["cheap_values"] as? [String] == ["false", "true"])
        #expect(result["cheap_matches"] as? Bool == true)
    }

    @Test func samplesOutWorksWithoutJSONAndWithNothingUncertain() throws {
        let dir = try CLI.files(["p.scn": "let a = 1\nprint a\n"])
        let r = try CLI.run(["run", "p.scn", "--samples-out", "none.csv"], directory: dir)
        #expect(r.status == 0 && r.stdout == "1\n")
        #expect(try String(contentsOf: dir.appendingPathComponent("none.csv"), encoding: .utf8) == "\n")
    }

    @Test func anUnwritableSamplesFileIsAUsageError() throws {
        let dir = try CLI.files(["p.scn": "let x = 1 to 2\n"])
        let r = try CLI.run(["run", "p.scn", "--samples-out", "missing/dir/out.csv"], directory: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot write missing/dir/out.csv: No such file or directory"), "\(r.stderr)")
    }

    /// Runs `python3 -c code arguments…`; stdout and stderr together.
    static func python(_ code: String, _ arguments: String...) throws -> CLI.Result {
        try CLI.shell(["python3", "-c", code] + arguments)
    }
}
