import Foundation
import Testing
@testable import ScenarioKit

/// Messages that do not contradict themselves (issue 18): the value that
/// broke a rule is shown exactly enough that it never seems to meet the rule
/// (`got 10000.5`, not `got 10001`), and what a rule accepts and what came
/// are never named alike ("needs durations …, got a duration"). One case
/// per class of message.
@Suite struct ErrorMessageTests {
    static func message(_ source: String) -> String? {
        do {
            try Session().run(source)
            return nil
        } catch let error as ScenarioError {
            return error.diagnostics.first?.message
        } catch {
            return nil
        }
    }

    @Test(arguments: [
        // A whole number in a range: the value with all its digits, no suffix that rounds it.
        ("set samples 10000.5", "'samples' needs a whole number from 1 to 10000000, got 10000.5"),
        ("set samples 10000001", "'samples' needs a whole number from 1 to 10000000, got 10000001"),
        ("set samples 1e300", "'samples' needs a whole number from 1 to 10000000, got 1e300"),
        // A whole number with a bound it did not say: 1e20 is whole.
        ("set seed 1e20", "'seed' needs a whole number from -2^53 to 2^53, got 1e20"),
        // Whole-number arguments and indexes.
        ("print round(1.5, 2.0000001)", "'round' needs a whole number of digits, got 2.0000001"),
        ("print range(0, 1.0000001)", "'range' needs whole numbers, got 1.0000001"),
        ("print [1, 2][1.0000001]", "an index must be a whole number, got 1.0000001"),
        ("company c\ndepartures c 2.0000001", "'departures' needs a whole number of at least 0, not 2.0000001"),
        // Percents and probabilities out of 0%…100%: the value, not its type, not rounded to 100%.
        ("let x = 1 to 2\nprint percentile(x, 150%)", "'percentile' needs a percent from 0% to 100%, got 150%"),
        ("let x = 1 to 2\nprint percentile(x, 100.0000001%)",
         "'percentile' needs a percent from 0% to 100%, got 100.0000001%"),
        ("deal d at $1B\ncondition c 100.0001%", "'condition c' needs a probability from 0% to 100%, not 100.0001%"),
        // Amounts with a lower bound: cents are not the limit of what is shown.
        ("deal d at $1B\nbreakup -$0.001", "'breakup' needs an amount of at least $0, not -$0.001"),
        ("print mixture([1, 2], [1, -0.000001])", "'mixture' weights must not be negative, got -0.000001"),
        // What is accepted and what came are told apart.
        ("print mixture([], [])", "'mixture' needs a list of values, got an empty list"),
        ("print $1 to 2 EUR", "the ends of a range must have one dimension, got money and money in EUR"),
        ("print uniform(1 EUR, 2 GBP)", "'uniform' needs both ends in one dimension, got money in EUR and money in GBP"),
    ])
    func messageShowsWhatBrokeTheRule(source: String, expected: String) {
        #expect(Self.message(source) == expected)
    }

    /// The README's example of the help for `assert` on an uncertain value
    /// is the help the error gives (issue 18: they said 95% and 50%).
    @Test func assertHelpAgreesWithTheReadme() throws {
        var help: String?
        do { try Session().run("let x = 1 to 2\nassert x > 1.5") } catch let error as ScenarioError {
            help = error.diagnostics.first?.help
        }
        let example = try #require(help?.components(separatedBy: "e.g. ").last)
        #expect(example == "assert prob(…) > 95%")
        let readme = try String(contentsOf: ArchitectureTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("`\(example)`"))
    }

    /// Where the canonical form is exact it is kept: `$60B`, `150%`, `20M`.
    @Test func exactFormKeepsCanonicalFormsThatAreExact() {
        #expect(ValueFormatter.exact(.money(60e9, currency: "USD")) == "$60B")
        #expect(ValueFormatter.exact(.money(-1.5e9, currency: "CHF")) == "-1.5B CHF")
        #expect(ValueFormatter.exact(.percent(1.5)) == "150%")
        #expect(ValueFormatter.exact(.points(0.126)) == "12.6pp")
        #expect(ValueFormatter.exact(.number(2e7)) == "20M")
        #expect(ValueFormatter.exact(.number(2.5e15)) == "2.5e15")
        #expect(ValueFormatter.exact(.number(0.25)) == "0.25")
        #expect(ValueFormatter.exact(.number(1e-9)) == "0.000000001")
        #expect(ValueFormatter.exact(.number(1.2345678e-9)) == "1.2345678e-9")
        #expect(ValueFormatter.exact(.money(123_456.789, currency: "EUR")) == "€123,456.789")
        #expect(ValueFormatter.exact(.percent(0.000012345)) == "0.0012345%")
    }
}
