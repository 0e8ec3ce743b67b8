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
}
