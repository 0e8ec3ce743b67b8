import Testing
@testable import ScenarioKit

/// Did-you-mean by optimal string alignment distance (issue 18).
@Suite struct SuggestionTests {
    static func distance(_ a: String, _ b: String, limit: Int = .max) -> Int {
        Suggestions.distance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: limit)
    }

    @Test func aSwapOfNeighboursIsOneEdit() {
        #expect(Self.distance("prcie", "price") == 1)
        #expect(Self.distance("mena", "mean") == 1)
        #expect(Self.distance("nmae", "name") == 1)
        #expect(Self.distance("strat", "start") == 1)
        #expect(Self.distance("ab", "ba") == 1)
    }

    @Test func theOtherEditsCountAsLevenshteinDoes() {
        #expect(Self.distance("", "abc") == 3)
        #expect(Self.distance("abc", "") == 3)
        #expect(Self.distance("same", "same") == 0)
        #expect(Self.distance("kitten", "sitting") == 3)
        #expect(Self.distance("revenu", "revenue") == 1)
        #expect(Self.distance("sqtr", "sqrt") == 1)
        #expect(Self.distance("€5", "$5") == 1)
    }

    /// Optimal string alignment edits each substring once: `ca` to `abc`
    /// is 3 (true Damerau-Levenshtein says 2), which keeps it a metric-like
    /// measure cheap enough for every candidate.
    @Test func eachSubstringIsEditedOnce() {
        #expect(Self.distance("ca", "abc") == 3)
    }

    @Test func stopsEarlyPastTheLimit() {
        #expect(Self.distance("aaaaaaaa", "bbbbbbbb", limit: 2) == 3)
        #expect(Self.distance("prcie", "price", limit: 1) == 1)
    }

    @Test func catchesTheCommonTypos() {
        let names = ["price", "breakup", "start", "end", "name", "mean", "median", "max", "min", "print", "deal"]
        #expect(Suggestions.closest(to: "prcie", among: names) == "price")
        #expect(Suggestions.closest(to: "strat", among: names) == "start")
        #expect(Suggestions.closest(to: "nmae", among: names) == "name")
        #expect(Suggestions.closest(to: "mena", among: names) == "mean")
        #expect(Suggestions.closest(to: "braekup", among: names) == "breakup")
        #expect(Suggestions.closest(to: "dael", among: names) == "deal")
        #expect(Suggestions.didYouMean("prcie", among: names) == "did you mean 'price'?")
    }

    @Test func theAllowanceGrowsWithTheWord() {
        #expect(Suggestions.allowedEdits(forLength: 1) == 1)
        #expect(Suggestions.allowedEdits(forLength: 3) == 1)
        #expect(Suggestions.allowedEdits(forLength: 5) == 1)
        #expect(Suggestions.allowedEdits(forLength: 6) == 2)
        #expect(Suggestions.allowedEdits(forLength: 13) == 4)
        // Two edits in a long name are found, in a short one they are not.
        #expect(Suggestions.closest(to: "expcted_cots", among: ["expected_cost"]) == "expected_cost")
        #expect(Suggestions.closest(to: "mxa", among: ["mean"]) == nil)
        #expect(Suggestions.closest(to: "mxa", among: ["max"]) == "max")
    }

    @Test func shortNamesGetOneEditOnly() {
        #expect(Suggestions.closest(to: "pq", among: ["qp"]) == "qp")
        #expect(Suggestions.closest(to: "pq", among: ["ab", "xyz"]) == nil)
    }

    @Test func nothingCloseMeansNoSuggestion() {
        #expect(Suggestions.closest(to: "revenue", among: ["timeline", "cursor"]) == nil)
        #expect(Suggestions.didYouMean("zzz", among: ["price"]) == nil)
        #expect(Suggestions.closest(to: "price", among: ["price"]) == nil)  // the name itself is no help
    }

    @Test func tiesGoToTheAlphabeticallyFirst() {
        #expect(Suggestions.closest(to: "cat", among: ["cut", "cot", "car"]) == "car")
        #expect(Suggestions.closest(to: "cat", among: ["cot", "cut", "car"].reversed()) == "car")
    }
}
