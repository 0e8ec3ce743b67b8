import Foundation
import Testing

/// Every public symbol of ScenarioKit has a `///` comment (issue 18), so
/// the DocC pages `make docs` builds have no empty entries: each `public`
/// declaration, and each case of a public enum (a case line may declare
/// several cases under one comment). Attributes may stand between the
/// comment and the declaration. The catalogue's articles name the API a
/// host starts from.
@Suite struct DocCommentTests {
    static let sources = ArchitectureTests.sources

    /// `file:line: declaration` for every public symbol without a doc comment.
    static func undocumented(in name: String, _ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var missing: [String] = []
        var enumIndent: Int?   // the indentation of the public enum being read
        for (i, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = line.prefix { $0 == " " }.count
            if let e = enumIndent, trimmed == "}", indent == e { enumIndent = nil }
            let body = withoutAttributes(trimmed)
            let isPublic = body.hasPrefix("public ") || body.hasPrefix("public(")
            let isCase = enumIndent.map { indent == $0 + 4 } == true
                && (body.hasPrefix("case ") || body.hasPrefix("indirect case "))
            if body.hasPrefix("public enum ") || body.hasPrefix("public indirect enum ") { enumIndent = indent }
            guard isPublic || isCase else { continue }
            var j = i - 1
            while j >= 0, isModifierLine(lines[j].trimmingCharacters(in: .whitespaces)) { j -= 1 }
            if j < 0 || !lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                missing.append("\(name):\(i + 1): \(trimmed)")
            }
        }
        return missing
    }

    /// A line of attributes or an isolation modifier standing before a
    /// declaration (`@discardableResult`, `nonisolated(nonsending)`).
    static func isModifierLine(_ line: String) -> Bool {
        line.hasPrefix("@") || line.hasPrefix("nonisolated")
    }

    /// `@inlinable @discardableResult public func` → `public func`.
    static func withoutAttributes(_ line: String) -> String {
        var rest = Substring(line)
        while rest.hasPrefix("@") || rest.hasPrefix("nonisolated") {
            var depth = 0, end = rest.endIndex
            for index in rest.indices {
                let c = rest[index]
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
                if c == " ", depth == 0 { end = index; break }
            }
            rest = rest[end...].drop { $0 == " " }
        }
        return String(rest)
    }

    @Test func everyPublicSymbolHasADocComment() throws {
        var missing: [String] = []
        for file in try ArchitectureTests.files() {
            missing += Self.undocumented(in: "\(file.folder)/\(file.name)", file.text)
        }
        #expect(missing == [], "add a /// comment to each (issue 18: `make docs`)")
    }

    @Test func theScannerFindsWhatItShould() {
        let text = """
            /// Documented.
            public struct A {
                public var x: Int
                /// Documented.
                @inlinable public func f() {}
            }
            /// Documented.
            public enum E {
                case one
                /// Documented.
                case two, three
                func g() {
                    switch self { case .one: break
                    default: break }
                }
            }
            enum Internal {
                case hidden
            }
            """
        #expect(Self.undocumented(in: "t", text) == ["t:3: public var x: Int", "t:9: case one"])
    }

    /// The catalogue has its overview and the getting-started article, and
    /// they name the API a host starts from.
    @Test func theCatalogueIntroducesTheEmbeddingAPI() throws {
        let catalogue = Self.sources.appendingPathComponent("ScenarioKit.docc")
        let overview = try String(contentsOf: catalogue.appendingPathComponent("ScenarioKit.md"), encoding: .utf8)
        let guide = try String(contentsOf: catalogue.appendingPathComponent("GettingStarted.md"), encoding: .utf8)
        #expect(overview.hasPrefix("# ``ScenarioKit``"))
        #expect(overview.contains("<doc:GettingStarted>"))
        // run and evaluate are named as code: with sync and async overloads
        // of one signature DocC links them only by hash suffixes.
        for symbol in ["``Session``", "`Session.run(_:name:)`", "`Session.evaluate(_:name:)`", "``Session/Limits``",
                       "``Value``", "``ScenarioError``"] {
            #expect(guide.contains(symbol), "GettingStarted.md names \(symbol)")
        }
    }
}
