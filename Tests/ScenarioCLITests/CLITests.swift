import Foundation
import Testing

/// Runs the built `scenario` binary as a user would (SPEC §10).
/// `make test` builds it first; `SCENARIO_BIN` may point elsewhere.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SCENARIO_BIN"] { return path }
        return root.appendingPathComponent(".build/debug/scenario").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// `stdout`, for commands run with their two streams together (`shell`).
        var text: String { stdout }
    }

    /// Runs the binary (or `executable`, e.g. a shell that sets a limit
    /// and execs the binary) with `arguments`.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    directory: URL? = nil, executable: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting, so a full pipe cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a Python test script of the repository (the pty REPL tests) on
    /// this binary; its stdout and stderr together are `stdout`.
    static func runPythonScript(_ path: String) throws -> Result {
        // PYTHONDONTWRITEBYTECODE: no __pycache__ in the source tree.
        try shell(["python3", root.appendingPathComponent(path).path],
                  environment: ["SCENARIO_BIN": binary, "PYTHONDONTWRITEBYTECODE": "1"])
    }

    /// Runs a command found on PATH (`python3`, `make`, `man`, `bash`) in
    /// `directory`, with `environment` added; its stdout and stderr
    /// together are `stdout`.
    static func shell(_ arguments: [String], in directory: URL = root,
                      environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    /// A fresh temporary directory holding the given files.
    static func files(_ contents: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("scenario-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in contents {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        return dir
    }
}

@Suite struct CLITests {
    @Test func binaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.binary),
                "build the binary first (make test does): \(CLI.binary)")
    }

    @Test func runPrintsAndExitsZero() throws {
        let dir = try CLI.files(["a.scn": "let x = 2\nprint x * 21\n"])
        let r = try CLI.run(["run", "a.scn"], directory: dir)
        #expect(r.status == 0)
        #expect(r.stdout == "42\n")
        #expect(r.stderr == "")
    }

    @Test func filesShareOneStateInOrder() throws {
        let dir = try CLI.files(["a.scn": "let price = $60B\n", "b.scn": "print price * 80%\n"])
        let r = try CLI.run(["run", "a.scn", "b.scn"], directory: dir)
        #expect(r.status == 0)
        #expect(r.stdout == "$48B\n")
    }

    @Test func dashReadsStandardInput() throws {
        let r = try CLI.run(["run", "-"], stdin: "print 1 + 10%\n")
        #expect(r.status == 0)
        #expect(r.stdout == "110%\n")  // number ± percent is a percent (SPEC §2, revised December)
    }

    @Test func bareCommandRunsPipedStandardInput() throws {
        let r = try CLI.run([], stdin: "print \"hi\"\n")
        #expect(r.status == 0)
        #expect(r.stdout == "hi\n")
    }

    @Test func runtimeErrorExitsOneWithLocatedDiagnostic() throws {
        let dir = try CLI.files(["deal.scn": "print 1\nprint 2\nlet x = $10B + Q3 2026\nprint 3\n"])
        let r = try CLI.run(["run", "deal.scn"], directory: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "1\n2\n")
        #expect(r.stderr == """
            deal.scn:3:9: error: cannot add money and a date
              3 | let x = $10B + Q3 2026
                |         ^~~~~~~~~~~~~~

            """)
    }

    @Test func parseErrorsAreAllReportedAndNothingRuns() throws {
        let dir = try CLI.files(["bad.scn": "print 1\nlet = 3\nprint (2\nlet y = 4 +\n"])
        let r = try CLI.run(["run", "bad.scn"], directory: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "")
        let errors = r.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("bad.scn:") }
        #expect(errors.count >= 2)
    }

    @Test func noColourWhenPiped() throws {
        let dir = try CLI.files(["e.scn": "print nope\n"])
        let r = try CLI.run(["run", "e.scn"], directory: dir)
        #expect(r.status == 1)
        #expect(!r.stderr.contains("\u{1B}"))
    }

    @Test func missingFileIsAUsageError() throws {
        let r = try CLI.run(["run", "does-not-exist.scn"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("does-not-exist.scn"))
        #expect(r.stdout == "")
    }

    @Test func directoryIsAnUnreadableFile() throws {
        let dir = try CLI.files([:])
        let r = try CLI.run(["run", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains(dir.lastPathComponent))
    }

    @Test func badFlagIsAUsageError() throws {
        let r = try CLI.run(["run", "--no-such-flag", "x.scn"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--no-such-flag"))
    }

    @Test func unknownSubcommandIsAUsageError() throws {
        let r = try CLI.run(["frobnicate"])
        #expect(r.status == 2)
    }

    @Test func checkReportsWithoutRunning() throws {
        let dir = try CLI.files(["ok.scn": "print 1\n", "bad.scn": "print 1\nprint nope\nprint alsonope\n"])
        let ok = try CLI.run(["check", "ok.scn"], directory: dir)
        #expect(ok.status == 0)
        #expect(ok.stdout == "")
        let bad = try CLI.run(["check", "bad.scn"], directory: dir)
        #expect(bad.status == 1)
        #expect(bad.stdout == "")
        #expect(bad.stderr.contains("bad.scn:2:7: error: unknown name 'nope'"))
        #expect(bad.stderr.contains("bad.scn:3:7: error: unknown name 'alsonope'"))
    }

    /// `check a b` sees what `run a b` sees: names declared in an earlier
    /// file are known in a later one, and a file that fails to check does
    /// not stop the next from being checked (issue 12).
    @Test func checkSharesNamesAcrossFilesLikeRun() throws {
        let dir = try CLI.files([
            "setup.scn": "let price = $60B\ndeal cursor at price\n",
            "use.scn": "print price * 80%, cursor.price\n",
            "broken.scn": "print nope\n",
        ])
        let run = try CLI.run(["run", "setup.scn", "use.scn"], directory: dir)
        #expect(run.status == 0)
        let check = try CLI.run(["check", "setup.scn", "use.scn"], directory: dir)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr == "")
        let both = try CLI.run(["check", "broken.scn", "setup.scn", "use.scn"], directory: dir)
        #expect(both.status == 1)
        #expect(both.stderr.contains("broken.scn:1:7: error: unknown name 'nope'"))
        #expect(!both.stderr.contains("use.scn"))
        let alone = try CLI.run(["check", "use.scn"], directory: dir)
        #expect(alone.status == 1)
        #expect(alone.stderr.contains("use.scn:1:7: error: unknown name 'price'"))
    }

    @Test func binaryInputIsALocatedErrorNotACrash() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-bin-\(UUID().uuidString)")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0xFF, 0xFE, 0x0A, 0x01]).write(to: dir)
        let r = try CLI.run(["run", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains(": error: "))
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func helpAndVersion() throws {
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("scenario run"))
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("scenario "))
    }

    // MARK: --json (SPEC §10)

    @Test func jsonIsTheOnlyThingOnStandardOutput() throws {
        let dir = try CLI.files(["d.scn": """
            company spacexai
            company anysphere
            deal cursor at 60B stock; buyer spacexai; target anysphere
            breakup 10B; close Q3 2026
            condition regulatory 80%
            let gap = 87.6% - 75%
            fn f(x) = x
            print "expected", cursor.expected_cost
            """])
        let r = try CLI.run(["run", "d.scn", "--json"], directory: dir)
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let document = try #require(object)
        #expect(Set(document.keys) == ["bindings", "entities", "events", "scenarios", "output"])
        #expect(document["output"] as? [String] == ["expected $50B"])
        let bindings = try #require(document["bindings"] as? [String: [String: Any]])
        #expect(bindings["gap"]?["type"] as? String == "points")
        #expect(bindings["gap"]?["text"] as? String == "12.6pp")
        #expect(bindings["f"] == nil && bindings["cursor"] == nil)
        let entities = try #require(document["entities"] as? [[String: Any]])
        let deal = try #require(entities.first { $0["kind"] as? String == "deal" })
        #expect(deal["name"] as? String == "cursor")
        let members = try #require(deal["members"] as? [String: [String: Any]])
        let price = try #require(members["price"])
        #expect(price["type"] as? String == "money")
        #expect(price["value"] as? Double == 60e9)
        #expect(price["currency"] as? String == "USD")
        #expect(price["text"] as? String == "$60B")
        #expect(members["expected_cost"]?["text"] as? String == "$50B")
        #expect(members["close"]?["start"] as? String == "2026-07-01")
        let events = try #require(document["events"] as? [[String: Any]])
        #expect((events.first?["date"] as? [String: Any])?["text"] as? String == "Q3 2026")
    }

    @Test func jsonAfterAnErrorShowsTheStateSoFarAndExitsOne() throws {
        let dir = try CLI.files(["e.scn": "let a = 1\nprint a\nlet b = a / 0\n"])
        let r = try CLI.run(["run", "--json", "e.scn"], directory: dir)
        #expect(r.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(document["output"] as? [String] == ["1"])
        #expect((document["bindings"] as? [String: Any])?["b"] == nil)
        #expect(r.stderr.contains("e.scn:3:9: error: division by zero"))
    }

    // MARK: options

    @Test func optionsMayComeBeforeOrAfterTheFiles() throws {
        let dir = try CLI.files(["a.scn": "print 1\n"])
        for arguments in [["run", "--seed", "7", "a.scn"], ["run", "a.scn", "--seed", "7", "--samples", "500"]] {
            let r = try CLI.run(arguments, directory: dir)
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
            #expect(r.stdout == "1\n")
        }
    }

    @Test func seedAndSamplesReachTheMonteCarlo() throws {
        let dir = try CLI.files(["u.scn": "let x = $50B to $70B\nprint mean(x)\nprint len(\"{x}\") > 0\n"])
        func run(_ extra: [String]) throws -> String {
            let r = try CLI.run(["run", "u.scn"] + extra, directory: dir)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        let seven = try run(["--seed", "7"])
        #expect(try run(["--seed", "7"]) == seven)
        #expect(try run(["--seed", "8"]) != seven)
        #expect(try run(["--seed", "7", "--samples", "100"]) != seven)
    }

    /// A negative seed is a value, written `--seed -1` as well as `--seed=-1`
    /// (issue 18: the first was an unknown option `-1`).
    @Test func negativeSeedWithOrWithoutEquals() throws {
        let dir = try CLI.files(["u.scn": "print mean(1 to 2)\n"])
        let spaced = try CLI.run(["run", "u.scn", "--seed", "-1"], directory: dir)
        let joined = try CLI.run(["run", "u.scn", "--seed=-1"], directory: dir)
        let before = try CLI.run(["run", "--seed", "-1", "u.scn"], directory: dir)
        #expect(spaced.status == 0, "\(spaced.stderr)")
        #expect(spaced.stdout == joined.stdout && before.stdout == joined.stdout)
        #expect(spaced.stdout != (try CLI.run(["run", "u.scn", "--seed", "1"], directory: dir)).stdout)
        let negativeSamples = try CLI.run(["run", "u.scn", "--samples", "-5"], directory: dir)
        #expect(negativeSamples.status == 2)
        #expect(negativeSamples.stderr.contains("not -5"), "\(negativeSamples.stderr)")
    }

    @Test func badOptionValuesAreUsageErrors() throws {
        let dir = try CLI.files(["a.scn": "print 1\n"])
        for arguments in [["run", "a.scn", "--samples", "0"], ["run", "a.scn", "--seed", "x"], ["run", "a.scn", "--samples"]] {
            let r = try CLI.run(arguments, directory: dir)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stdout == "")
            #expect(!r.stderr.isEmpty)
        }
    }

    @Test func aScriptWithParseErrorsStopsTheRunBeforeLaterFiles() throws {
        let dir = try CLI.files(["a.scn": "print \"a\"\n", "b.scn": "print 1 +\nlet = 2\n", "c.scn": "print \"c\"\n"])
        let r = try CLI.run(["run", "a.scn", "b.scn", "c.scn"], directory: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "a\n")
        #expect(r.stderr.contains("b.scn:2:"))
    }

    @Test func aRuntimeErrorInALaterFileKeepsEarlierOutput() throws {
        let dir = try CLI.files(["a.scn": "let x = $5B\nprint x\n", "b.scn": "print x + 1\n"])
        let r = try CLI.run(["run", "a.scn", "b.scn"], directory: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "$5B\n")
        #expect(r.stderr.contains("b.scn:1:7: error: cannot add money and a number"))
    }
}
