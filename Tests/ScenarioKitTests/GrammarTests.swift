import Foundation
import Testing
@testable import ScenarioKit

/// Keeps grammar/scenario.ebnf and Parser.swift in step: every syntax rule
/// of the grammar stands verbatim in a `// rule -> …` comment above a parse
/// function, every such comment is a rule of the grammar, and every example
/// in the grammar parses without an error.
@Suite struct GrammarTests {
    /// A rule of the EBNF file: its name, right-hand side and the examples
    /// written after it as `(* e.g. … *)`.
    struct Rule {
        var name: String
        var body: String
        var examples: [String] = []
        var isToken: Bool { name.first?.isUppercase ?? false }
    }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Reads rules `name = body ;` and `(* … *)` comments, aware of quoted
    /// terminals and `? … ?` special sequences, which may hold `;` or `*)`.
    static func rules(of text: String) -> [Rule] {
        let chars = Array(text)
        var rules: [Rule] = []
        var i = 0
        var current: Rule?
        func skipQuoted(_ quote: Character) {
            i += 1
            while i < chars.count && chars[i] != quote { i += 1 }
            i += 1
        }
        while i < chars.count {
            if chars[i] == "(", i + 1 < chars.count, chars[i + 1] == "*" {
                let start = i + 2
                i = start
                while i + 1 < chars.count && !(chars[i] == "*" && chars[i + 1] == ")") { i += 1 }
                let comment = String(chars[start..<min(i, chars.count)])
                i += 2
                if let range = comment.range(of: "e.g. ") {
                    let example = comment[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
                    if current != nil {
                        current?.examples.append(example)
                    } else if let last = rules.indices.last {
                        rules[last].examples.append(example)
                    }
                }
                continue
            }
            if current != nil {
                switch chars[i] {
                case "\"", "'", "?":
                    let start = i
                    skipQuoted(chars[i])
                    current?.body += String(chars[start..<min(i, chars.count)])
                case ";":
                    if let rule = current { rules.append(rule) }
                    current = nil
                    i += 1
                default:
                    current?.body.append(chars[i])
                    i += 1
                }
                continue
            }
            if chars[i].isLetter {
                let start = i
                while i < chars.count && (chars[i].isLetter || chars[i].isNumber || chars[i] == "_") { i += 1 }
                let name = String(chars[start..<i])
                while i < chars.count && chars[i].isWhitespace { i += 1 }
                if i < chars.count && chars[i] == "=" {
                    current = Rule(name: name, body: "")
                    i += 1
                }
                continue
            }
            i += 1
        }
        return rules
    }

    /// `// rule -> body` comments of Parser.swift (a body may go on over
    /// following comment lines that start with `//` and four spaces).
    static func ruleComments(of source: String) -> [String: String] {
        var found: [String: String] = [:]
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (n, line) in lines.enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("// "), let arrow = text.range(of: " -> ") else { continue }
            let name = String(text[text.index(text.startIndex, offsetBy: 3)..<arrow.lowerBound])
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else { continue }
            var body = String(text[arrow.upperBound...])
            var next = n + 1
            while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).hasPrefix("//     ") {
                body += " " + lines[next].trimmingCharacters(in: .whitespaces).dropFirst(2)
                next += 1
            }
            found[name] = body
        }
        return found
    }

    static func normalized(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test func everySyntaxRuleHasAParseFunctionThatQuotesIt() throws {
        let rules = Self.rules(of: try Self.read("grammar/scenario.ebnf")).filter { !$0.isToken }
        let comments = Self.ruleComments(of: try Self.read("Sources/ScenarioKit/Syntax/Parser.swift"))
        #expect(rules.count > 50)
        for rule in rules {
            guard let comment = comments[rule.name] else {
                Issue.record("no `// \(rule.name) -> …` comment in Parser.swift")
                continue
            }
            #expect(Self.normalized(comment) == Self.normalized(rule.body), "rule \(rule.name)")
        }
        let names = Set(rules.map(\.name))
        for name in comments.keys {
            #expect(names.contains(name), "Parser.swift quotes `\(name)`, which the grammar does not define")
        }
    }

    @Test func everyRuleHasAnExampleAndEveryExampleParses() throws {
        let rules = Self.rules(of: try Self.read("grammar/scenario.ebnf"))
        #expect(rules.count > 70)
        for rule in rules {
            #expect(!rule.examples.isEmpty, "rule \(rule.name) has no example")
            for example in rule.examples {
                let result = Parser.parse(example)
                #expect(result.errors.isEmpty, "example of \(rule.name): \(example) -> \(result.errors.map(\.message))")
                #expect(!result.statements.isEmpty, "example of \(rule.name): \(example)")
            }
        }
    }

    @Test func keywordsAreTheLexersKeywords() throws {
        let rules = Self.rules(of: try Self.read("grammar/scenario.ebnf"))
        let keyword = try #require(rules.first { $0.name == "KEYWORD" })
        let words = Set(keyword.body.split(separator: "|").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        })
        #expect(words == Set(Keyword.allCases.map(\.rawValue)))
    }

    /// The words that open statement rules are exactly `statementWords`.
    @Test func statementRulesStartWithTheStatementWords() throws {
        let rules = Self.rules(of: try Self.read("grammar/scenario.ebnf"))
        var openers: Set<String> = []
        for rule in rules where rule.name.hasSuffix("Stmt") || rule.name == "modelClause" {
            for alternative in rule.name == "modelClause" ? rule.body.split(separator: "|").map(String.init) : [rule.body] {
                let first = alternative.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").first ?? ""
                if first.hasPrefix("\"") { openers.insert(first.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
            }
        }
        openers.subtract(["let", "fn"])
        #expect(openers == statementWords)
    }
}
