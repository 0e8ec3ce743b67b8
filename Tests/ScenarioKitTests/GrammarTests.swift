import Foundation
import Testing
@testable import ScenarioKit

/// Keeps grammar/scenario.ebnf and the parser (Syntax/Parser*.swift) in step:
/// every syntax rule of the grammar stands verbatim in a `// rule -> …`
/// comment above a parse function, every such comment is a rule of the
/// grammar, every example in the grammar parses without an error, and the
/// shapes the grammar or its notes rule out fail with the message they should.
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

    /// The parser's source files: Parser.swift and the files it is split into.
    static func parserFiles() throws -> [String] {
        let folder = root.appendingPathComponent("Sources/ScenarioKit/Syntax")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("Parser") && $0.hasSuffix(".swift") }
            .sorted()
            .map { "Sources/ScenarioKit/Syntax/" + $0 }
    }

    /// `// rule -> body` comments of a parser file (a body may go on over
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
        let files = try Self.parserFiles()
        #expect(files.count >= 5, "\(files)")
        var comments: [String: String] = [:]
        for file in files {
            for (name, body) in Self.ruleComments(of: try Self.read(file)) {
                #expect(comments[name] == nil, "`\(name)` is quoted twice; the second time in \(file)")
                comments[name] = body
            }
        }
        #expect(rules.count > 50)
        for rule in rules {
            guard let comment = comments[rule.name] else {
                Issue.record("no `// \(rule.name) -> …` comment in the parser")
                continue
            }
            #expect(Self.normalized(comment) == Self.normalized(rule.body), "rule \(rule.name)")
        }
        let names = Set(rules.map(\.name))
        for name in comments.keys {
            #expect(names.contains(name), "the parser quotes `\(name)`, which the grammar does not define")
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

    /// Shapes the grammar does not derive, or that its notes rule out, each
    /// with (a substring of) the first error it must give.
    static let mustFail: [(source: String, error: String)] = [
        ("let = 1", "expected a name after 'let'"),
        ("let x 1", "expected '=' after 'let x'"),
        ("fn f x = 1", "expected '(' after 'fn f'"),
        ("fn f(x) => x", "expected '=' or '{' after the parameters of 'f'"),
        ("fn f(a, 1) = 1", "expected a parameter name"),
        ("print 1,", "expected an expression after ','"),
        ("print 1, 2,", "expected an expression after ','"),
        ("compare a,", "expected a scenario name after ','"),
        ("set fiscal_year_start 7", "expected a month name"),
        ("set colour red", "unknown setting 'colour'"),
        ("scenario s print 1", "expected '{' after 'scenario s'"),
        ("company \"Acme\"", "expected a company name after 'company'"),
        ("company acme \"A{b}\"", "a display name must be a plain string"),
        ("merge a b", "expected 'into' after 'merge a'"),
        ("deal d at", "expected a price after 'at'"),
        ("deal d at 1 bonds", "expected 'cash', 'stock' or 'mixed'"),
        ("breakup 1 paid by bank", "expected 'buyer' or 'target' after 'paid by'"),
        ("outcome pending 2026", "expected 'closed' or 'abandoned'"),
        ("outcome closed 2026 fee paid", "expected a newline or ';' after the statement"),
        ("model m colour red", "expected 'by', 'params', 'trained' or 'release'"),
        ("model m by a by b", "'by' is given twice"),
        ("score m swe 1", "expected 'on' after 'score m'"),
        ("event", "expected a date after 'event'"),
        ("x = 1", "use 'let x = …' to bind a name"),
        ("close + 1", "'close' starts a statement here"),
        ("if a then b", "expected 'else' to finish 'if'"),
        ("if a b else c", "expected 'then' after the condition of 'if'"),
        ("fn g(x) x", "expected '=' or '{'"),
        ("let f = fn(x) x", "expected '=>' after the parameters of 'fn'"),
        ("let f = fn g(x) => x", "expected '(' after 'fn'"),
        ("a < b < c", "comparison operators cannot be chained"),
        ("a == b in c", "comparison operators cannot be chained"),
        ("1 to 2 to 3", "'to' cannot be chained"),
        ("$1M + $1M to $2M", "ambiguous range"),
        ("1 to 2 * 3", "ambiguous range"),
        ("1 + not x", "expected an expression after '+'"),
        ("a == not b", "expected an expression after '=='"),
        ("2 * if a then b else c", "expected an expression after '*'"),
        ("x == fn(y) => y", "expected an expression after '=='"),
        ("-not x", "expected an expression after '-'"),
        ("2 ^", "expected an exponent after '^'"),
        ("2 ^ not x", "expected an exponent after '^'"),
        ("1 +; 2", "expected an expression after '+'"),
        ("xs |> -f", "expected a function after '|>'"),
        ("xs |> f |> ", "expected a function after '|>'"),
        ("x.1", "expected a member name after '.'"),
        ("xs[]", "expected an index after '['"),
        ("xs[1, 2]", "expected ']' to close '['"),
        ("f(1 2)", "expected ')' to close '('"),
        ("(1, 2)", "expected ')' to close '('"),
        ("[1 2]", "expected ']' to close '['"),
        ("{}", "a block must end with an expression"),
        ("{ let y = 1 }", "a block must end with an expression"),
        ("}", "unexpected '}' with no open '{'"),
        ("print \"{)}\"", "expected an expression inside '{…}'"),
        ("print \"{1; 2}\"", "expected '}' to end the interpolation"),
        ("let if = 1", "expected a name after 'let'"),
    ]

    @Test func shapesOutsideTheGrammarFail() {
        for (source, error) in Self.mustFail {
            let result = Parser.parse(source)
            let first = result.errors.first?.message ?? "no error"
            #expect(first.contains(error), "\(source) -> \(first)")
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
