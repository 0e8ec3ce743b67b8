import ArgumentParser
import Foundation

/// `scenario repl [FILE…]`: loads the files, then the REPL.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load scripts, then start the interactive REPL.",
        discussion: """
            Runs each FILE in the REPL's session first, so its bindings and
            entities are there to explore. Type :help in the REPL for its commands.
            When standard input or output is not a terminal, standard input
            runs as a script after the files, like 'scenario run FILE… -'.
            """
    )

    @Argument(help: "Scenario scripts to run first, in order.", completion: .scenarioFiles)
    var files: [String] = []

    func run() throws {
        try REPL.main(files: files)
    }
}

extension REPL {
    /// `scenario` and `scenario repl`: the REPL when both standard input and
    /// output are terminals; otherwise standard input runs as a script after
    /// `files` (no prompts, no line editing), exactly as `scenario run` would.
    static func main(files: [String]) throws {
        guard isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 else {
            try Runner.run(paths: files + ["-"])
            return
        }
        // An unreadable file is a usage error (exit 2) before the REPL starts.
        let sources = try Runner.read(files)
        throw ExitStatus(code: start(sources: sources))
    }
}
