import Foundation
import ScenarioKit

/// What Tab offers in the REPL: meta commands, file names after `:load` and
/// `:save`, and otherwise names from the session (keywords, built-ins,
/// bindings, entities; members after `x.`).
extension REPL {
    func completionOffer(for text: String) -> CompletionOffer {
        let none = CompletionOffer(word: "", candidates: [])
        let leading = text.drop { $0 == " " || $0 == "\t" }
        if leading.hasPrefix(":") {
            guard let space = leading.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                let word = String(leading)
                return CompletionOffer(word: word, candidates: Self.commands.map(\.name).filter { $0.hasPrefix(word) })
            }
            let name = leading[..<space]
            guard name == ":load" || name == ":save" || name == ":save!" || name == ":l" else { return none }
            return Self.fileOffer(for: String(leading[space...].drop { $0 == " " || $0 == "\t" }))
        }
        guard let chain = Self.trailingName(in: text) else { return none }
        let lastDot = chain.lastIndex(of: ".")
        let word = String(lastDot.map { chain[chain.index(after: $0)...] } ?? chain[...])
        let qualifier = lastDot.map { chain[...$0].count } ?? 0
        let candidates = session.completions(for: chain).compactMap { candidate -> String? in
            guard candidate.hasPrefix(chain) else { return nil }
            return String(candidate.dropFirst(qualifier))
        }
        return CompletionOffer(word: word, candidates: Array(Set(candidates)).sorted())
    }

    /// The name or member chain the cursor is at the end of (`cur`, `deal.pr`,
    /// `bear.cursor.`), or nil inside a string, a comment or a number.
    static func trailingName(in text: String) -> String? {
        guard isCode(atEndOf: text) else { return nil }
        let chain = text.reversed().prefix { $0 == "." || $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let name = String(chain.reversed())
        guard let first = name.first, first == "_" || first.isLetter else {
            return name.isEmpty ? "" : nil
        }
        return name
    }

    /// False when the end of `text` is inside a string literal (but not an
    /// `{…}` interpolation in it) or a comment.
    static func isCode(atEndOf text: String) -> Bool {
        // Each entry is an open context: -1 a string, n >= 0 code with n
        // unclosed braces (the bottom one is the line itself).
        var stack = [0]
        var escaped = false
        for character in text {
            let top = stack[stack.count - 1]
            if top < 0 {
                if escaped { escaped = false; continue }
                switch character {
                case "\\": escaped = true
                case "\"": stack.removeLast()
                case "{": stack.append(0)
                default: break
                }
                continue
            }
            switch character {
            case "#": return false
            case "\"": stack.append(-1)
            case "{": stack[stack.count - 1] += 1
            case "}":
                if top > 0 {
                    stack[stack.count - 1] -= 1
                } else if stack.count > 1 {
                    stack.removeLast()  // the end of an interpolation
                }
            default: break
            }
        }
        return stack[stack.count - 1] >= 0
    }

    /// File names for `:load`/`:save`; directories end in `/`.
    static func fileOffer(for argument: String) -> CompletionOffer {
        let slash = argument.lastIndex(of: "/")
        let directoryPart = slash.map { String(argument[...$0]) } ?? ""
        let word = slash.map { String(argument[argument.index(after: $0)...]) } ?? argument
        let directory = directoryPart.isEmpty ? "." : (directoryPart as NSString).expandingTildeInPath
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return CompletionOffer(word: word, candidates: [])
        }
        let candidates = names.filter { $0.hasPrefix(word) && (word.hasPrefix(".") || !$0.hasPrefix(".")) }
            .map { name -> String in
                var isDirectory: ObjCBool = false
                let path = (directory as NSString).appendingPathComponent(name)
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                return isDirectory.boolValue ? name + "/" : name
            }
            .sorted()
        return CompletionOffer(word: word, candidates: candidates)
    }
}
