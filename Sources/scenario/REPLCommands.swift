import Foundation
import ScenarioKit

/// The REPL's meta commands (SPEC §11), typed at the start of an input.
extension REPL {
    /// Every meta command with its argument and what it does, for `:help` and Tab.
    static let commands: [(name: String, argument: String, summary: String)] = [
        (":help", "", "show this help"),
        (":quit", "", "leave the REPL (Ctrl-D on an empty line does too)"),
        (":load", "FILE", "run a script in this session"),
        (":save", "FILE", "write the statements that took effect as a script"),
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
            evaluation, Ctrl-D on an empty line quits.
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
        case ":save":
            guard let path = requirePath(argument, for: ":save") else { return }
            save(to: path)
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
            report("scenario: unknown command '\(name)'; :help lists the commands")
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
    func save(to path: String) {
        let script = transcript.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined()
        do {
            try SafeFile.write(Array(script.utf8), to: path)
            let count = transcript.count
            Terminal.standardOutput.write("saved \(count) input\(count == 1 ? "" : "s") to \(path)\n")
        } catch {
            report("scenario: cannot write '\(path)': \(error.reason)")
        }
    }
}
