import Foundation
import Testing
import ScenarioKit

/// Every ```scenario block in the language reference (`docs/reference/*.md`)
/// is a golden script: it runs in a fresh ``Session`` and its `# expect:`,
/// `# error:`, `# help:` and `# kind:` comments are checked exactly as
/// ``GoldenScriptTests`` checks `Tests/Scripts/`, so the docs cannot drift.
/// Blocks in other fence languages (```sh, ```swift, plain ```) are not run.
@Suite struct DocsExamplesTests {
    static let folder = "docs/reference"

    /// One example: the page, the line of its opening fence, its text.
    struct Example: CustomStringConvertible, Sendable {
        var page: String
        var line: Int
        var source: String
        var description: String { "\(page):\(line)" }
    }

    /// The ```scenario blocks of a Markdown text, with the line of each fence.
    static func blocks(in markdown: String) -> [(line: Int, source: String)] {
        var result: [(line: Int, source: String)] = []
        var current: [Substring]?
        var start = 0
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var body = current {
                if trimmed == "```" {
                    result.append((start, body.joined(separator: "\n") + "\n"))
                    current = nil
                } else {
                    body.append(line)
                    current = body
                }
            } else if trimmed == "```scenario" {
                current = []
                start = index + 1
            }
        }
        return result
    }

    static let pages: [String] = {
        let dir = GoldenScriptTests.root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { "\(folder)/\($0)" }
    }()

    static let examples: [Example] = pages.flatMap { page -> [Example] in
        guard let text = try? String(contentsOf: GoldenScriptTests.root.appendingPathComponent(page), encoding: .utf8)
        else { return [] }
        return blocks(in: text).map { Example(page: page, line: $0.line, source: $0.source) }
    }.filter {
        // As in GoldenScriptTests: recursion to the call-depth limit is left
        // out under ThreadSanitizer (``Sanitizer/thread``).
        !(Sanitizer.thread && $0.source.contains("recursion too deep"))
    }

    @Test func referenceHasExamples() {
        #expect(Self.pages.count >= 9)
        #expect(Self.examples.count >= 30)
        // An example that expects nothing checks nothing.
        for example in Self.examples {
            let expected = Expectations(example.source)
            #expect(!expected.output.isEmpty || !expected.errors.isEmpty, "\(example) has no expectations")
        }
    }

    @Test(arguments: examples)
    func example(_ example: Example) throws {
        try GoldenScriptTests.check(source: example.source, name: example.description)
    }

    /// Links in the reference stay inside the repository.
    @Test func linksStayInside() throws {
        for page in Self.pages {
            let text = try String(contentsOf: GoldenScriptTests.root.appendingPathComponent(page), encoding: .utf8)
            #expect(!text.contains("SPEC.md"), "\(page) links to the design spec")
            #expect(!text.contains("](../../../"), "\(page) links outside the repository")
        }
    }

    @Test func blockExtraction() {
        let markdown = "text\n```scenario\nprint 1 # expect: 1\n```\n```sh\nscenario run x\n```\n"
        let found = Self.blocks(in: markdown)
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.source == "print 1 # expect: 1\n")
    }
}
