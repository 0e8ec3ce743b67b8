import ArgumentParser
import Foundation
import ScenarioKit

/// Exit codes of SPEC §10.
enum Exit {
    static let success: Int32 = 0
    /// Any error in a script: parse, runtime, failed assert.
    static let scriptError: Int32 = 1
    /// Usage errors and unreadable files.
    static let usage: Int32 = 2
}

extension CompletionKind {
    /// Shell completion for script arguments: `.scn` files and directories.
    static let scenarioFiles = CompletionKind.file(extensions: ["scn"])
}

/// A failure that has already been reported and only needs its exit code.
struct ExitStatus: Error {
    var code: Int32
}

struct ScenarioCommand: ParsableCommand {
    /// The newest released version in CHANGELOG.md (a CLI test checks they agree).
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Write business scenarios down and compute with them.",
        discussion: """
            With no subcommand: the interactive REPL on a terminal, otherwise
            runs standard input as a script.

            Examples:
              scenario                                   the REPL
              scenario run examples/spacexai-cursor.scn  run a script
              echo 'print $60B * 80% + $10B * 20%' | scenario run -
              scenario run deal.scn --json               the final state as JSON
              scenario check deal.scn other.scn          report errors without running
            """,
        version: "scenario \(version)",
        subcommands: [Run.self, Check.self, Repl.self]
    )

    func run() throws {
        try REPL.main(files: [])
    }

    /// Parses arguments and runs, mapping every outcome to the exit codes of
    /// SPEC §10 (ArgumentParser's own usage code is 64; the spec says 2).
    static func runMain() {
        let code: Int32
        do {
            if let files = Run.plainFiles(Array(CommandLine.arguments.dropFirst())) {
                try Runner.run(paths: files)
            } else {
                var command = try parseAsRoot()
                try command.run()
            }
            code = Exit.success
        } catch let status as ExitStatus {
            code = status.code
        } catch {
            let exit = exitCode(for: error)
            let message = fullMessage(for: error)
            if exit == .success {
                if !message.isEmpty { print(message) }
                code = Exit.success
            } else {
                if !message.isEmpty { Terminal.standardError.write(message + "\n") }
                code = Exit.usage
            }
        }
        Terminal.standardOutput.flush()
        if let failure = Terminal.standardOutput.failure {
            Terminal.standardError.write("scenario: cannot write to standard output: \(String(cString: strerror(failure)))\n")
            Foundation.exit(code == Exit.success ? Exit.scriptError : code)
        }
        Foundation.exit(code)
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenario scripts in order, in one shared state.",
        discussion: """
            Each FILE runs after the previous one, seeing its bindings and entities.
            '-' reads standard input. print and report write to standard output;
            diagnostics go to standard error. Options may come before or after the files.

            --seed and --samples act as 'set seed N' and 'set samples N' before the
            first file; a script's own 'set' statement changes them from there on.
            --today DATE acts as 'set today DATE': today() then gives DATE instead of
            the machine's date, so a run can be repeated on another day with the same output.

            With --json, standard output holds one JSON document and nothing else:
            the final state's plain bindings, entities with their members, events,
            and the lines print wrote (under "output"); each value is typed, e.g.
            {"type": "money", "value": 60000000000, "currency": "USD", "text": "$60B"}.
            After an error the document shows the state up to the failing statement.
            An uncertain value is summarised (mean, p5, p95; ISO dates for dates).

            --samples-out FILE writes the raw samples of every uncertain binding and
            entity member to FILE as CSV, one column each and one row per draw, for
            pandas or numpy: pandas.read_csv(FILE). Percents are fractions (80% is
            0.8), money its amount, durations days, dates ISO dates.

            Examples:
              scenario run examples/spacexai-cursor.scn
              scenario run --seed 7 --samples 100000 model.scn
              scenario run deal.scn --json | jq '.entities[0].members.expected_cost.text'
              scenario run model.scn --json --samples-out samples.csv

            Exit status: 0 success, 1 an error in a script, 2 bad usage or an unreadable file.
            """
    )

    @Argument(help: "Scenario scripts to run ('-' for standard input).", completion: .scenarioFiles)
    var files: [String]

    @Flag(help: "Print the final state as one JSON document instead of the script's output.")
    var json = false

    @Option(help: ArgumentHelp("Write the samples of every uncertain value to FILE as CSV.", valueName: "FILE"),
            completion: .file(extensions: ["csv"]))
    var samplesOut: String?

    // .unconditional: `--seed -1` takes -1 as the value, as `--seed=-1` does,
    // instead of reading it as an unknown flag.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Seed the Monte Carlo generator (a whole number, negative too).", valueName: "N"))
    var seed: Int?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Draw N samples per uncertain value (1 to 10000000; default 10000).",
                               valueName: "N"))
    var samples: Int?

    @Option(help: ArgumentHelp("The date today() gives (YYYY-MM-DD; default: the machine's date).",
                               valueName: "DATE"))
    var today: String?

    func validate() throws {
        if let today, !Run.isISODate(today) {
            throw ValidationError("--today needs a date written YYYY-MM-DD, not '\(today)'")
        }
        if let samples, !(1...10_000_000).contains(samples) {
            throw ValidationError("--samples must be a whole number from 1 to 10000000, not \(samples)")
        }
    }

    /// The files of `run FILE…` written with no option, no `-` and no
    /// `help`: the invocation every script run uses, which `run()` would
    /// turn into exactly `Runner.run(paths: files)`. Taking it without the
    /// argument parser saves most of the process's start-up (the parser
    /// looks its commands' types up at run time); anything else goes
    /// through the parser. Nil for any other command line.
    /// `YYYY-MM-DD` and nothing else, so the flag's text can only ever be
    /// a date literal in the `set today` line it becomes (the date itself
    /// is checked there).
    static func isISODate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { i, b in i == 4 || i == 7 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
    }

    static func plainFiles(_ arguments: [String]) -> [String]? {
        guard arguments.count >= 2, arguments[0] == "run" else { return nil }
        let files = Array(arguments.dropFirst())
        for file in files where file.isEmpty || file.hasPrefix("-") || file == "help" { return nil }
        return files
    }

    func run() throws {
        var settings: [String] = []
        if let seed { settings.append("set seed \(seed)") }
        if let samples { settings.append("set samples \(samples)") }
        if let today { settings.append("set today \(today)") }
        try Runner.run(paths: files, settings: settings, json: json, samplesOut: samplesOut)
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse and check scripts without running them; report every error."
    )

    @Argument(help: "Scenario scripts to check ('-' for standard input).", completion: .scenarioFiles)
    var files: [String]

    func run() throws {
        let sources = try Runner.read(files)
        var failed = false
        // One session, as `run` uses: a later file may use what an earlier
        // one declares, and every file is still checked after one fails.
        let session = Session()
        for source in sources {
            do {
                try session.check(source.text, name: source.name)
            } catch let error as ScenarioError {
                Terminal.standardError.write(error.render(color: Terminal.colorDiagnostics) + "\n")
                failed = true
            }
        }
        if failed { throw ExitStatus(code: Exit.scriptError) }
    }
}

/// Reading sources and running them in one session.
enum Runner {
    struct Source {
        var name: String
        var text: String
    }

    /// Reads every file before anything runs, so an unreadable file is a
    /// usage error (exit 2), one larger than a session accepts is a script
    /// error (exit 1), and no script half-runs.
    static func read(_ paths: [String]) throws -> [Source] {
        let sources = try paths.map { path in
            if path == "-" { return Source(name: "<stdin>", text: SourceReader.readStandardInput()) }
            switch SourceReader.read(path: path) {
            case .success(let text):
                return Source(name: path, text: text)
            case .failure(let failure):
                Terminal.standardError.write("scenario: cannot read '\(path)': \(failure.reason)\n")
                throw ExitStatus(code: Exit.usage)
            }
        }
        for source in sources {
            do {
                try Session.checkSourceSize(source.text, name: source.name)
            } catch let error as ScenarioError {
                Terminal.standardError.write(error.render(color: Terminal.colorDiagnostics) + "\n")
                throw ExitStatus(code: Exit.scriptError)
            }
        }
        return sources
    }

    /// Runs `paths` in one session. `settings` are statements run first
    /// (from command-line options); with `json`, the lines `print` writes are
    /// kept and the final state is printed as JSON instead; with
    /// `samplesOut`, the samples of the final state go to that file as CSV.
    static func run(paths: [String], settings: [String] = [], json: Bool = false,
                    samplesOut: String? = nil) throws {
        let sources = try read(paths)
        let session = Session()
        var printed: [String] = []
        session.output = json ? { printed.append($0) } : { Terminal.standardOutput.write($0 + "\n") }
        var failure: ScenarioError?
        do {
            for statement in settings {
                try session.run(statement, name: "<command line>")
            }
            for source in sources {
                try session.run(source.text, name: source.name)
            }
        } catch let error as ScenarioError {
            failure = error
        }
        if json {
            Terminal.standardOutput.write(session.stateJSON(output: printed) + "\n")
        }
        Terminal.standardOutput.flush()
        if let samplesOut, !writeSamples(of: session, to: samplesOut) {
            Runner.finished = session
            if let failure { Terminal.standardError.write(failure.render(color: Terminal.colorDiagnostics) + "\n") }
            throw ExitStatus(code: Exit.usage)
        }
        // The process exits next: tearing the session down would only free,
        // one object at a time, memory the exit returns at once (for a long
        // script, a few percent of the whole run).
        Runner.finished = session
        if let failure {
            Terminal.standardError.write(failure.render(color: Terminal.colorDiagnostics) + "\n")
            throw ExitStatus(code: Exit.scriptError)
        }
    }

    /// Streams the session's samples to `path` as CSV (`--samples-out`);
    /// false, after saying why on standard error, when the file cannot be
    /// written. `-` is standard output.
    static func writeSamples(of session: Session, to path: String) -> Bool {
        if path == "-" {
            session.writeSamplesCSV { Terminal.standardOutput.write($0) }
            Terminal.standardOutput.flush()
            return true
        }
        guard let file = fopen(path, "w") else {
            Terminal.standardError.write("scenario: cannot write \(path): \(String(cString: strerror(errno)))\n")
            return false
        }
        var failed = false
        session.writeSamplesCSV { chunk in
            guard !failed else { return }
            var chunk = chunk
            chunk.withUTF8 { bytes in
                if fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count { failed = true }
            }
        }
        if fclose(file) != 0 { failed = true }
        if failed {
            Terminal.standardError.write("scenario: cannot write \(path): \(String(cString: strerror(errno)))\n")
        }
        return !failed
    }

    /// The last session run, kept until the process exits (see `run`).
    nonisolated(unsafe) static var finished: Session?
}
