import Foundation
import Testing

/// The REPL through a real pseudo-terminal: `Tests/REPL/test_repl.py` drives
/// the built binary with pexpect (prompt, echo, continuation, completion,
/// errors, Ctrl-C, history, Ctrl-D, meta commands, piped input).
@Suite struct REPLTests {
    @Test func replThroughAPseudoTerminal() throws {
        let script = CLI.root.appendingPathComponent("Tests/REPL/test_repl.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        process.currentDirectoryURL = CLI.root
        var environment = ProcessInfo.processInfo.environment
        environment["SCENARIO_BIN"] = CLI.binary
        environment["PYTHONDONTWRITEBYTECODE"] = "1"  // no __pycache__ in the source tree
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "REPL tests failed (needs python3 with pexpect; scripts/setup.sh installs it):\n\(text)")
    }
}
