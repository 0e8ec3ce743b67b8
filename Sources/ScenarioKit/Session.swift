// SKELETON: being written by the evaluator.

/// An independent Scenario interpreter state, like one REPL session (SPEC §12).
public final class Session {
    /// Receives each line `print` writes (without the newline). Defaults to stdout.
    public var output: (String) -> Void = { print($0) }

    public init() {}

    /// Runs statements. A statement that fails changes nothing; statements
    /// before it keep their effect. Throws ``ScenarioError``.
    /// Returns the values of expression statements, in order (the REPL echoes them).
    @discardableResult
    public func run(_ source: String, name: String = "<input>") throws -> [Value] {
        fatalError("TODO")
    }

    /// Evaluates one expression and returns its value. Throws ``ScenarioError``.
    public func evaluate(_ source: String) throws -> Value {
        fatalError("TODO")
    }

    /// Parses and resolves without running (`scenario check`). Throws
    /// ``ScenarioError`` with every error found.
    public func check(_ source: String, name: String = "<input>") throws {
        fatalError("TODO")
    }
}
