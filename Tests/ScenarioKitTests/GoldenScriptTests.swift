import Foundation
import Testing
import ScenarioKit

/// Runs every script in `Tests/Scripts/` and `examples/` and checks it against
/// the expectations written in its comments:
///
/// - `# expect: TEXT` — the next line of output, in order through the file;
/// - `# error: LINE:COL MESSAGE` — a diagnostic the run must report (the
///   message is matched as a substring); a script with error lines must fail
///   with exactly that many diagnostics;
/// - `# help: TEXT` — the help line of the error just above (substring);
/// - `# kind: KIND` — the kind of the error just above (`Diagnostic.Kind`'s
///   raw value: syntax, name, type, assertion, interrupted, limit, runtime).
@Suite struct GoldenScriptTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func scripts(in folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        guard let names = try? FileManager.default.subpathsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".scn") }.sorted().map { "\(folder)/\($0)" }
    }

    /// Scripts that recurse to the call-depth limit are left out under
    /// ThreadSanitizer (``Sanitizer/thread``).
    static let goldenScripts = scripts(in: "Tests/Scripts").filter {
        !(Sanitizer.thread && $0.hasSuffix("/errors_recursion.scn"))
    }
    static let exampleScripts = scripts(in: "examples")

    @Test func scriptsExist() {
        #expect(Self.goldenScripts.count >= 20)
        #expect(!Self.exampleScripts.isEmpty)
    }

    @Test(arguments: goldenScripts)
    func golden(_ path: String) throws {
        try check(path)
    }

    @Test(arguments: exampleScripts)
    func example(_ path: String) throws {
        try check(path)
    }

    func check(_ path: String) throws {
        let source = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        try Self.check(source: source, name: path)
    }

    /// Runs `source` in a fresh ``Session`` (its `print` output captured line
    /// by line) and checks it against the expectations in its comments.
    /// Shared with ``DocsExamplesTests``, which runs the reference's examples.
    static func check(source: String, name path: String) throws {
        let expected = Expectations(source)
        let session = Session()
        var output: [String] = []
        session.output = { output.append(contentsOf: $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)) }
        var diagnostics: [Diagnostic] = []
        do {
            try session.run(source, name: path)
        } catch let error as ScenarioError {
            diagnostics = error.diagnostics
        }
        let rendered = diagnostics.map(\.description).joined(separator: "\n")

        #expect(output == expected.output, "\(path): output differs\n\(rendered)")
        #expect(diagnostics.count == expected.errors.count,
                "\(path): expected \(expected.errors.count) error(s), got:\n\(rendered)")
        for (want, got) in zip(expected.errors, diagnostics) {
            #expect(got.line == want.line && got.column == want.column && got.message.contains(want.message),
                    "\(path): expected \(want.line):\(want.column) \(want.message)\ngot \(got.line):\(got.column) \(got.message)")
            if let help = want.help {
                #expect(got.help?.contains(help) == true, "\(path): expected help '\(help)', got '\(got.help ?? "none")'")
            }
            if let kind = want.kind {
                #expect(got.kind.rawValue == kind,
                        "\(path): expected \(want.line):\(want.column) to be \(kind), got \(got.kind.rawValue)")
            }
        }
    }
}

/// The expectations written in a script's comments.
struct Expectations {
    struct Error {
        var line: Int
        var column: Int
        var message: String
        var help: String?
        var kind: String?
    }

    var output: [String] = []
    var errors: [Error] = []

    init(_ source: String) {
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if let text = Self.value(after: "# expect:", in: line) {
                output.append(text)
            } else if let text = Self.value(after: "# error:", in: line) {
                let parts = text.split(separator: " ", maxSplits: 1)
                let position = parts.first?.split(separator: ":").compactMap { Int($0) } ?? []
                errors.append(Error(line: position.first ?? 0, column: position.count > 1 ? position[1] : 0,
                                    message: parts.count > 1 ? String(parts[1]) : ""))
            } else if let text = Self.value(after: "# help:", in: line), !errors.isEmpty {
                errors[errors.count - 1].help = text
            } else if let text = Self.value(after: "# kind:", in: line), !errors.isEmpty {
                errors[errors.count - 1].kind = text
            }
        }
        // Diagnostics come out in source order, whatever order the comments are in.
        errors.sort { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// The text after `marker` (one space after the colon is part of the marker;
    /// trailing spaces are dropped).
    static func value(after marker: String, in line: Substring) -> String? {
        guard let range = line.range(of: marker) else { return nil }
        var text = line[range.upperBound...]
        if text.first == " " { text = text.dropFirst() }
        while text.last == " " || text.last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
