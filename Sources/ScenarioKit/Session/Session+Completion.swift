// Tab completion and `:env` for the REPL (issue 5), built on what Session
// exposes: `definedNames`, `value(of:)`, `builtinNames`, `memberNames(of:)`.
// Member lists come from `Members.names(of:)`, the evaluator's one place
// that knows them, so a new kind of value completes as soon as it has members.

extension Session {
    /// Completions for `prefix`, the name or member chain before the cursor
    /// (`le`, `cur`, `d.st`, `bear.cursor.ex`). Each candidate is the whole
    /// chain completed (`d.start`); sorted, without duplicates. A chain
    /// whose head is not a defined name completes to nothing.
    public func completions(for prefix: String) -> [String] {
        let parts = prefix.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let partial = parts.last else { return [] }
        let candidates: [String]
        if parts.count == 1 {
            var names = Set(Keyword.allCases.map(\.rawValue))
            names.formUnion(statementWords)
            names.formUnion(Session.builtinNames)
            names.formUnion(definedNames)
            candidates = Array(names)
        } else {
            guard let value = value(ofChain: parts.dropLast()) else { return [] }
            candidates = memberNames(of: value)
        }
        let qualifier = parts.dropLast().map { $0 + "." }.joined()
        return Set(candidates.filter { $0.hasPrefix(partial) }).map { qualifier + $0 }.sorted()
    }

    /// The value of a chain `a.b.c` of a defined name and its members. Only
    /// member reads are evaluated (they have no side effects), never calls.
    private func value(ofChain chain: ArraySlice<String>) -> Value? {
        guard let head = chain.first, var value = value(of: head) else { return nil }
        var text = head
        for member in chain.dropFirst() {
            guard memberNames(of: value).contains(member) else { return nil }
            text += "." + member
            guard let next = try? evaluate(text) else { return nil }
            value = next
        }
        return value
    }

    /// One line per top-level binding, `name = value` (values as the REPL
    /// echoes them, multi-line ones on their first line), for `:env`.
    public func environmentListing() -> [String] {
        let bindings: [String] = definedNames.compactMap { name in
            guard let value = value(of: name) else { return nil }
            if case .entity(let entity) = value, entity.kind == .scenario { return nil }
            let text = value.echoDescription
            let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? text
            return "\(name) = \(firstLine)\(firstLine.count < text.count ? " …" : "")"
        }
        // Scenarios with what they override (SPEC §8): `scenario bear overrides p, cursor.regulatory`.
        let scenarios = scenarioOverrides.map { scenario in
            "scenario \(scenario.name)" + (scenario.overrides.isEmpty ? ", no overrides"
                : " overrides " + scenario.overrides.joined(separator: ", "))
        }
        return bindings + scenarios
    }

    /// Every scenario by its path (`bear`, `bear.worse`) with the
    /// definitions of the model it overrides, in the order stated (a
    /// definition overridden twice is listed once).
    public var scenarioOverrides: [(name: String, overrides: [String])] {
        runtime.state.scenarios.definitions.map { definition in
            var seen: [String] = []
            for o in definition.overrides where !seen.contains(o.key.description) { seen.append(o.key.description) }
            return (definition.path.joined(separator: "."), seen)
        }
    }
}
