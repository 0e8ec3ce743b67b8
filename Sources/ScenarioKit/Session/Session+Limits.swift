// What a session may use: its own sample memory and time per evaluation
// (SPEC §12), and the size limit on source text (issue 8, SPEC §9). Lexing
// and parsing are linear, but a session keeps every source it has run (for
// diagnostics), so a runaway input — a log file passed by mistake, a
// generated script gone wrong — is refused up front with an error that
// names it.

extension Session {
    /// What one session may use: its own sample memory and time per
    /// evaluation. Each limit is off when nil.
    public struct Limits: Sendable, Equatable {
        /// The most this session's sample sets (and any one large list) may
        /// hold, in MiB — this session's, not the process's: what the host
        /// allocates itself never counts. Nil: half the machine's memory, at
        /// most 8 GiB (or `SCENARIO_MEMORY_MB`).
        public var memoryMB: Int?
        /// How long one `run`, `evaluate` or `check` may take before it
        /// stops with an error of kind ``Diagnostic/Kind/limit``.
        public var timeLimit: Duration?

        /// Limits as given; both off by default.
        public init(memoryMB: Int? = nil, timeLimit: Duration? = nil) {
            self.memoryMB = memoryMB
            self.timeLimit = timeLimit
        }
    }

    /// The largest source `run(_:name:)`, `evaluate(_:name:)` and
    /// ``check(_:name:)`` accept, in UTF-8 bytes (10 MB).
    public static let maxSourceBytes = 10_000_000

    /// Throws a ``ScenarioError`` located at the start of `source` when it is
    /// larger than ``maxSourceBytes``. Tools that read files can call it
    /// before running anything (the CLI reads at most one byte more than
    /// the limit, so `source` may be cut short).
    public static func checkSourceSize(_ source: String, name: String) throws {
        guard source.utf8.count > maxSourceBytes else { return }
        let firstLine = source.utf8.prefix { $0 != UInt8(ascii: "\n") }.prefix(80)
        let shown = String(decoding: firstLine, as: UTF8.self)
        throw ScenarioError(diagnostics: [
            Diagnostic(message: "source too large: more than \(maxSourceBytes) bytes", file: name, line: 1, column: 1,
                       span: .none, help: "split it into files of at most 10 MB and run them in order",
                       sourceLine: shown, width: 1, kind: .limit),
        ])
    }
}
