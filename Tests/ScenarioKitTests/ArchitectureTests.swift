import Foundation
import Testing

/// Keeps docs/architecture.md true: ScenarioKit's folders depend one way,
/// every file says what it is for, and unsafe tricks stay in one file.
@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sources = root.appendingPathComponent("Sources/ScenarioKit")

    /// The folders in dependency order: a file may use what the folders
    /// before its own (and its own) declare, never what a later one does.
    static let order = ["Diagnostics", "Uncertainty", "Values", "Syntax", "Domain", "Resolve", "Runtime", "Session"]

    struct File {
        var folder: String
        var name: String
        var text: String
    }

    static func files() throws -> [File] {
        var files: [File] = []
        for folder in order {
            let dir = sources.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            where name.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                files.append(File(folder: folder, name: name, text: text))
            }
        }
        return files
    }

    /// The code of a file without comments and string literals.
    static func code(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var kept = ""
            var inString = false, previous: Character = " "
            var chars = Array(line)[...]
            while let c = chars.first {
                chars = chars.dropFirst()
                if !inString, c == "/", chars.first == "/" { break }
                if c == "\"", previous != "\\" { inString.toggle(); kept.append("\""); previous = c; continue }
                if !inString { kept.append(c) }
                previous = c
            }
            out += kept + "\n"
        }
        return out
    }

    /// (ScenarioKit.docc is the DocC catalogue: articles, no code.)
    @Test func everySourceFolderIsInTheOrder() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
        #expect(Set(folders.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".docc") }) == Set(Self.order))
    }

    @Test func foldersDependOneWay() throws {
        let files = try Self.files()
        let declaration = try NSRegularExpression(
            pattern: #"^\s*(?:public |private |fileprivate )?(?:final |indirect )?(?:class|struct|enum|protocol|typealias|actor) +([A-Za-z_][A-Za-z0-9_]*)"#,
            options: .anchorsMatchLines)
        var home: [String: Int] = [:]
        for file in files {
            let text = file.text as NSString
            for match in declaration.matches(in: file.text, range: NSRange(location: 0, length: text.length)) {
                let name = text.substring(with: match.range(at: 1))
                if home[name] == nil { home[name] = Self.order.firstIndex(of: file.folder) }
            }
        }
        var violations: [String] = []
        for file in files {
            let level = Self.order.firstIndex(of: file.folder) ?? 0
            let words = Set(Self.code(file.text).split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
            for word in words {
                if let other = home[word], other > level {
                    violations.append("\(file.folder)/\(file.name) uses \(word) from \(Self.order[other])/")
                }
            }
        }
        #expect(violations.sorted() == [], "folders must depend one way (docs/architecture.md)")
    }

    @Test func everyFileSaysWhatItIsFor() throws {
        let silent = try Self.files().filter { !$0.text.hasPrefix("//") }.map { "\($0.folder)/\($0.name)" }
        #expect(silent == [], "each file opens with a comment saying what it is for")
    }

    @Test func noFileIsTooLong() throws {
        let long = try Self.files().filter { $0.text.split(separator: "\n", omittingEmptySubsequences: false).count > 900 }
        #expect(long.map { "\($0.folder)/\($0.name)" } == [], "split files over 900 lines")
    }

    /// The one underscored standard-library API, unowned references and
    /// the raw call frames live in Runtime/CallStack.swift, which says why.
    /// (Session/BigStack.swift hands its job to a new thread through
    /// `Unmanaged`, as a C thread API needs: that is its only use there.)
    @Test func unsafeTricksStayInCallStack() throws {
        for file in try Self.files() where !(file.folder == "Runtime" && file.name == "CallStack.swift") {
            let code = Self.code(file.text)
            #expect(!code.contains("_withUnsafeGuaranteedRef"), "\(file.name)")
            #expect(!code.contains("unowned(unsafe)"), "\(file.name)")
            #expect(!code.contains("unsafeDowncast"), "\(file.name)")
            if !["EvaluationThread.swift", "SampleMemory.swift"].contains(file.name) { #expect(!code.contains("Unmanaged"), "\(file.name)") }
        }
    }
}
