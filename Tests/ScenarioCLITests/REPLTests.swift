import Foundation
import Testing

/// The REPL through a real pseudo-terminal: `Tests/REPL/test_repl.py` drives
/// the built binary with pexpect (prompt, echo, continuation, completion,
/// errors, Ctrl-C, history, Ctrl-D, meta commands, piped input).
@Suite struct REPLTests {
    @Test func replThroughAPseudoTerminal() throws {
        let r = try CLI.runPythonScript("Tests/REPL/test_repl.py")
        #expect(r.status == 0,
                "REPL tests failed (needs python3 with pexpect; scripts/setup.sh installs it):\n\(r.stdout)")
    }
}
