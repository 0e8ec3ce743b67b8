import Foundation
import ScenarioKit

/// The REPL's meta commands (SPEC §11), typed at the start of an input.
extension REPL {
    /// Every meta command with its argument and what it does, for `:help` and Tab.
    static let commands: [(name: String, argument: String, summary: String)] = [
        (":help", "", "show this help"),
        (":quit", "", "leave the REPL (Ctrl-D on an empty line does too)"),
        (":load", "FILE", "run a script in this session"),
        (":save", "FILE", "write the statements that took effect as a script (a new file)"),
        (":save!", "FILE", "the same, replacing FILE if it exists"),
        (":reset", "", "start over: forget every binding, entity and event"),
        (":env", "", "list bindings and entities"),
        (":timeline", "", "print the events in date order"),
        (":report", "", "print every entity with its members"),
    ]

    static var helpText: String {
        let width = commands.map { ($0.name + " " + $0.argument).count }.max() ?? 0
        let lines = commands.map { command in
            let left = command.argument.isEmpty ? command.name : command.name + " " + command.argument
            return "  " + left.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.summary
        }
        return """
            Type statements or expressions; an expression's value is echoed.
            An unfinished input (open bracket, trailing operator, `if` without
            `else`) continues on the next line at the ....> prompt.

            \(lines.joined(separator: "\n"))

            Keys: Tab completes names and members (after `x.`), Up/Down and
            Ctrl-R search history, Ctrl-C discards the input or stops a long
            evaluation, Ctrl-D on an empty line quits (at ....> it discards
            the unfinished input).
            """
    }

    /// Runs one meta command line (it starts with `:`).
    func command(_ line: String) {
        let name = String(line.prefix { !$0.isWhitespace })
        let argument = Self.unquoted(String(line.dropFirst(name.count)).trimmingCharacters(in: .whitespaces))
        switch name {
        case ":help", ":h", ":?":
            Terminal.standardOutput.write(Self.helpText + "\n")
        case ":quit", ":q", ":exit":
            quit()
        case ":load", ":l":
            guard let path = requirePath(argument, for: ":load") else { return }
            load(path)
        case ":save", ":save!":
            guard let path = requirePath(argument, for: name) else { return }
            save(to: path, replacing: name == ":save!")
        case ":reset":
            reset()
            Terminal.standardOutput.write("session reset\n")
        case ":env":
            let lines = session.environmentListing()
            Terminal.standardOutput.write(lines.isEmpty ? "(nothing defined)\n" : lines.joined(separator: "\n") + "\n")
        case ":timeline":
            execute("timeline", echo: false)
        case ":report":
            execute("report", echo: false)
        default:
            let names = Self.commands.map { String($0.name.dropFirst()) } + ["exit"]
            let hint = Suggestions.closest(to: String(name.dropFirst()), among: names).map { "did you mean ':\($0)'? " } ?? ""
            report("scenario: unknown command '\(name)'; \(hint):help lists the commands")
        }
    }

    private func requirePath(_ argument: String, for command: String) -> String? {
        guard !argument.isEmpty else {
            report("scenario: \(command) needs a file name")
            return nil
        }
        return (argument as NSString).expandingTildeInPath
    }

    /// `FILE` or `"FILE"` (so names with spaces can be given either way).
    static func unquoted(_ text: String) -> String {
        if text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" {
            return String(text.dropFirst().dropLast())
        }
        return text
    }

    /// Writes the transcript so that `scenario run FILE` rebuilds this state.
    /// Never destroys work unless `replacing` (`:save!`): an existing file,
    /// or one loaded in this REPL, is left as it is — a `:load` that failed
    /// part-way followed by `:save` of the same name would otherwise cut the
    /// file down to the statements that ran. The write is atomic either way
    /// (``SafeFile``).
    func save(to path: String, replacing: Bool) {
        let script = transcript.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined()
        let again = ":save! \(Self.quotedIfNeeded(path))"
        if !replacing && loadedFiles.contains(Self.canonicalPath(path)) {
            report("scenario: not saved: '\(path)' was loaded in this session and :save does not replace it; "
                   + "\(again) replaces it with the \(Self.inputs(transcript.count)) that took effect")
            return
        }
        var info = stat()
        let existed = stat(SafeFile.resolved(path), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        do {
            try SafeFile.write(Array(script.utf8), to: path, replacing: replacing)
            let lines = script.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
            let what = "\(Self.inputs(transcript.count)) (\(lines) line\(lines == 1 ? "" : "s"))"
            Terminal.standardOutput.write("saved \(what) to \(path)\(existed ? ", replacing the old file" : "")\n")
        } catch where error.code == EEXIST {
            report("scenario: not saved: '\(path)' already exists and :save does not replace a file; \(again) replaces it")
        } catch {
            report("scenario: cannot write '\(path)': \(error.reason)")
        }
    }

    static func inputs(_ count: Int) -> String {
        "\(count) input\(count == 1 ? "" : "s")"
    }

    /// A file name as the user would type it back: quoted when it has spaces.
    static func quotedIfNeeded(_ path: String) -> String {
        path.contains(where: \.isWhitespace) ? "\"\(path)\"" : path
    }
}
