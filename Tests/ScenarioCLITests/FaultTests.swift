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
}
