import Foundation
import Testing

/// CHANGELOG.md and `scenario --version` tell the same version.
@Suite struct ChangelogTests {
    /// The version of the newest `## [x.y.z] - date` heading.
    static func newestRelease(in changelog: String) -> String? {
        for line in changelog.split(separator: "\n") where line.hasPrefix("## [") {
            let name = line.dropFirst(4).prefix { $0 != "]" }
            if name.first?.isNumber == true { return String(name) }
        }
        return nil
    }

    @Test func versionMatchesTheNewestRelease() throws {
        let changelog = try String(contentsOf: CLI.root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        #expect(changelog.contains("## [Unreleased]"))
        let release = try #require(Self.newestRelease(in: changelog), "no released version in CHANGELOG.md")
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "scenario \(release)\n")
    }

    @Test func newestReleaseSkipsUnreleased() {
        #expect(Self.newestRelease(in: "# C\n## [Unreleased]\n## [1.2.3] - 2026-01-01\n## [1.2.2]\n") == "1.2.3")
        #expect(Self.newestRelease(in: "## [Unreleased]\n") == nil)
    }
}
