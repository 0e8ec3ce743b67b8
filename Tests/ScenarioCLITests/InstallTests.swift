import Foundation
import Testing

/// `make install` and `make uninstall` (issue 18) into a temporary prefix,
/// with the debug binary (`BIN=`) and the man page `make test` made first
/// (`MANPAGE=`): the test runs inside `swift test`, which holds the build
/// directory's lock, so it must not start SwiftPM itself.
@Suite struct InstallTests {
    static let manPage = CLI.root.appendingPathComponent(".build/man/scenario.1").path

    /// The files `make install` puts under a prefix, relative to it.
    static let installed = [
        "bin/scenario",
        "share/man/man1/scenario.1",
        "share/bash-completion/completions/scenario",
        "share/zsh/site-functions/_scenario",
        "share/fish/vendor_completions.d/scenario.fish",
    ]

    static func install(_ target: String, prefix: String, destdir: String = "") throws -> CLI.Result {
        try CLI.shell(["make", "-s", target, "BIN=\(CLI.binary)", "MANPAGE=\(manPage)",
                   "PREFIX=\(prefix)", "DESTDIR=\(destdir)"])
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-install-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func installsEverythingAndUninstallRemovesIt() throws {
        try #require(FileManager.default.fileExists(atPath: Self.manPage),
                     "make the man page first (make man; make test does): \(Self.manPage)")
        let prefix = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }

        let install = try Self.install("install", prefix: prefix.path)
        #expect(install.status == 0, "\(install.text)")
        for file in Self.installed {
            let path = prefix.appendingPathComponent(file).path
            #expect(FileManager.default.fileExists(atPath: path), "missing \(file)\n\(install.text)")
            #expect(install.text.contains("installed \(path)"))
        }
        let binary = prefix.appendingPathComponent("bin/scenario").path
        #expect(FileManager.default.isExecutableFile(atPath: binary))
        let version = try CLI.shell([binary, "--version"])
        #expect(version.status == 0 && version.text.hasPrefix("scenario "))

        let uninstall = try Self.install("uninstall", prefix: prefix.path)
        #expect(uninstall.status == 0, "\(uninstall.text)")
        for file in Self.installed {
            #expect(!FileManager.default.fileExists(atPath: prefix.appendingPathComponent(file).path),
                    "uninstall left \(file)")
        }
    }

    /// DESTDIR stages the files under itself, at the path of PREFIX.
    @Test func destdirStagesUnderThePrefix() throws {
        try #require(FileManager.default.fileExists(atPath: Self.manPage))
        let stage = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: stage) }
        let install = try Self.install("install", prefix: "/usr/local", destdir: stage.path)
        #expect(install.status == 0, "\(install.text)")
        for file in Self.installed {
            #expect(FileManager.default.fileExists(atPath: stage.path + "/usr/local/" + file), "missing \(file)")
        }
    }

    /// `man -l` renders the page without a warning, with every subcommand
    /// and option, and the discussion line that starts with `'` intact.
    @Test func manPageRenders() throws {
        try #require(FileManager.default.fileExists(atPath: Self.manPage))
        let rendered = try CLI.shell(["man", "-l", Self.manPage], environment: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"])
        #expect(rendered.status == 0, "\(rendered.text)")
        #expect(!rendered.text.contains("warning"), "\(rendered.text)")
        let text = rendered.text.replacingOccurrences(of: "\u{2010}\n", with: "")
            .replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        for expected in ["scenario — Write business scenarios down", "run Run scenario scripts",
                         "check Parse and check scripts", "repl Load scripts", "--seed N", "--samples N",
                         "--json", "--version", "'-' reads standard input", "EXIT STATUS"] {
            #expect(text.contains(expected), "man page lacks '\(expected)':\n\(rendered.text)")
        }
    }

    /// The installed bash completion, called the way bash's programmable
    /// completion calls it (`complete -F _scenario scenario`): subcommands
    /// first, then `.scn` files and directories after `scenario run `.
    @Test func bashCompletionOffersSubcommandsAndFiles() throws {
        try #require(FileManager.default.fileExists(atPath: Self.manPage))
        let prefix = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let install = try Self.install("install", prefix: prefix.path)
        try #require(install.status == 0, "\(install.text)")
        let work = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        for name in ["deal.scn", "model.scn", "notes.txt"] {
            try Data("print 1\n".utf8).write(to: work.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(at: work.appendingPathComponent("more"), withIntermediateDirectories: true)

        let script = """
            source "$1"
            complete -p scenario
            offer() {
                COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
                read -ra COMP_WORDS <<< "$COMP_LINE"
                [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMPREPLY=()
                _scenario scenario "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                echo "$1|$(printf '%s\\n' "${COMPREPLY[@]}" | sort | tr '\\n' ' ')"
            }
            offer 'scenario '
            offer 'scenario r'
            offer 'scenario run '
            offer 'scenario run d'
            offer 'scenario run deal.scn --s'
            offer 'scenario check m'
            offer 'scenario repl '
            """
        let completion = prefix.appendingPathComponent("share/bash-completion/completions/scenario").path
        let result = try CLI.shell(["bash", "--norc", "--noprofile", "-c", script, "bash", completion], in: work)
        #expect(result.status == 0, "\(result.text)")
        let lines = result.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "complete -o filenames -F _scenario scenario", "\(result.text)")
        let expected = [
            "scenario |--help --version -h check help repl run ",
            "scenario r|repl run ",
            "scenario run |deal.scn model.scn more ",
            "scenario run d|deal.scn ",
            "scenario run deal.scn --s|--samples --samples-out --seed ",
            "scenario check m|model.scn more ",
            "scenario repl |deal.scn model.scn more ",
        ]
        for line in expected {
            #expect(lines.contains(line), "bash completion: no '\(line)' in\n\(result.text)")
        }
    }
}
