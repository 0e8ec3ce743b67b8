import Foundation
import Testing

/// The README's lines for depending on ScenarioKit are the ones
/// examples/embedding uses, and `make test` builds that package from a
/// fresh path where `../scenario` is this repository (scripts/embedding.sh):
/// so the lines work as written, package identity included (issue 17).
@Suite struct EmbeddingManifestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The lines of the README's Package.swift snippet that a host copies.
    static func readmeSnippet() throws -> [String] {
        let readme = try text("README.md")
        let section = try #require(readme.range(of: "## Embedding ScenarioKit"))
        let rest = readme[section.upperBound...]
        let start = try #require(rest.range(of: "// Package.swift\n"))
        let end = try #require(rest[start.upperBound...].range(of: "```"))
        return rest[start.upperBound..<end.lowerBound].split(separator: "\n").map {
            // Drop trailing comments: the code is what must match.
            var line = String($0)
            if let comment = line.range(of: "   //") { line = String(line[..<comment.lowerBound]) }
            return line.trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func theReadmeSnippetIsWhatTheExampleUses() throws {
        let snippet = try Self.readmeSnippet()
        let example = try Self.text("examples/embedding/Package.swift")
        for needed in [#".package(path: "../scenario"),"#, "platforms: [.macOS(.v15)],",
                       #".product(name: "ScenarioKit", package: "scenario")"#] {
            #expect(snippet.contains { $0.contains(needed) }, "README lacks \(needed)")
            #expect(example.contains(needed), "examples/embedding/Package.swift lacks \(needed)")
        }
    }

    @Test func thePackageDeclaresItsPlatformsAndTheScriptStagesIt() throws {
        #expect(try Self.text("Package.swift").contains("platforms: [.macOS(.v15)]"))
        let script = try Self.text("scripts/embedding.sh")
        #expect(script.contains(#"ln -sfn "$root" "$stage/scenario""#))
        #expect(try Self.text("Makefile").contains("bash scripts/embedding.sh"))
    }

    /// The `index`th ```swift block after `heading` in a document.
    static func swiftBlock(_ path: String, after heading: String, _ index: Int) throws -> String {
        let text = try Self.text(path)
        let start = try #require(text.range(of: heading))
        let blocks = text[start.upperBound...].components(separatedBy: "```swift\n").dropFirst()
        let block = try #require(blocks.dropFirst(index).first, "\(path): no Swift block \(index) after \(heading)")
        let end = try #require(block.range(of: "```"))
        return String(block[..<end.lowerBound])
    }

    /// The documents' Swift examples are the example package's programs, so
    /// `make test` compiles and runs them as written.
    @Test func theDocumentsSwiftExamplesAreBuiltAndRun() throws {
        for (document, heading, index, program) in [
            ("README.md", "## Embedding ScenarioKit", 1, "readme-example"),
            ("docs/reference/embedding.md", "## A worked example", 0, "reference-example"),
        ] {
            let shown = try Self.swiftBlock(document, after: heading, index)
            let built = try Self.text("examples/embedding/Sources/\(program)/main.swift")
            #expect(shown == built, "\(document) (\(heading)) and examples/embedding/Sources/\(program) differ")
        }
    }
}
