import Foundation
import Testing

/// The built binary under faults and hostile input (issue 8): nothing
/// crashes, nothing is corrupted, and errors are clear.
@Suite struct FaultTests {
    /// A value nested as deeply as values may nest is released and written
    /// as JSON on the command's own (main) thread; deeper ones are an error.
    /// (Regression: 100,000 levels crashed `run` and `run --json` with signal 11.)
    @Test func deeplyNestedValuesDoNotCrashTheCommand() throws {
        let dir = try CLI.files(["deep.scn": """
            let xs = reduce(range(0, 999), [1], fn(acc, x) => [acc])
            reduce(range(0, 999), [1], fn(acc, x) => [acc])
            print len(xs)
            """, "deeper.scn": """
            reduce(range(0, 200000), fn() => 0, fn(acc, x) => fn() => acc)
            """])
        for arguments in [["run", "deep.scn"], ["run", "deep.scn", "--json"]] {
            let r = try CLI.run(arguments, directory: dir)
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
            #expect(r.stdout.contains("1"))
        }
        let r = try CLI.run(["run", "deeper.scn"], directory: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("deeper.scn:1:51: error: value nested too deeply"))
    }

    // MARK: Reading scripts

    /// Every file is read before anything runs: one too large is an error
    /// naming it (exit 1), and the files before it have not run.
    @Test func aTooLargeScriptIsRefusedBeforeAnythingRuns() throws {
        let dir = try CLI.files(["a.scn": "print \"a ran\"\n"])
        let big = dir.appendingPathComponent("big.scn")
        try Data(("print 1\n" + String(repeating: "#", count: 10_000_000)).utf8).write(to: big)
        let r = try CLI.run(["run", "a.scn", "big.scn"], directory: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix("big.scn:1:1: error: source too large: more than 10000000 bytes"))
        let check = try CLI.run(["check", "big.scn"], directory: dir)
        #expect(check.status == 1)
        #expect(check.stderr.contains("big.scn:1:1: error: source too large"))
    }

    /// A FIFO or a pipe (`scenario run <(generate)`) reads like a file.
    /// (Regression: FileManager refused them with "it cannot be read".)
    @Test func aNamedPipeIsReadLikeAFile() throws {
        let dir = try CLI.files([:])
        let fifo = dir.appendingPathComponent("gen.scn").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            let text = Array("print \"from a pipe\"\n".utf8)
            _ = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        writer.start()
        let r = try CLI.run(["run", "gen.scn"], directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "from a pipe\n")
    }

    @Test func unreadableFilesSayWhy() throws {
        let dir = try CLI.files([:])
        let missing = try CLI.run(["run", "nope.scn"], directory: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr == "scenario: cannot read 'nope.scn': no such file\n")
        let directory = try CLI.run(["check", "."], directory: dir)
        #expect(directory.status == 2)
        #expect(directory.stderr == "scenario: cannot read '.': it is a directory\n")
    }
}
