/// A located, user-facing error: what went wrong, where, and optionally how to
/// fix it. Rendered like a compiler's (see ``render(color:)``).
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in one line (`cannot add money and a date`).
    public var message: String
    /// The name of the source (a file path, or `<input>`).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    /// The global span in the session's source map.
    public var span: SourceSpan
    /// An optional `= help:` line (e.g. a did-you-mean suggestion).
    public var help: String?
    /// The text of the line the error starts on.
    public var sourceLine: String
    /// How many columns the underline covers (at least 1).
    public var width: Int

    /// Makes a diagnostic from its parts; ``SourceMap/diagnostic(_:)`` is the usual way to get one.
    public init(message: String, file: String, line: Int, column: Int, span: SourceSpan,
                help: String? = nil, sourceLine: String, width: Int) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.span = span
        self.help = help
        self.sourceLine = sourceLine
        self.width = width
    }

    /// `file:line:col: error: message`, the source line, a caret and
    /// underline under the span, and the help line if any.
    public func render(color: Bool = false) -> String {
        let bold = color ? "\u{1B}[1m" : "", red = color ? "\u{1B}[1;31m" : ""
        let blue = color ? "\u{1B}[1;34m" : "", cyan = color ? "\u{1B}[1;36m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var out = "\(bold)\(file):\(line):\(column): \(reset)\(red)error:\(reset)\(bold) \(message)\(reset)"
        guard line > 0 else {
            if let help { out += "\n    = help: \(help)" }
            return out
        }
        let number = String(line)
        let pad = String(repeating: " ", count: number.count)
        let shown = Diagnostic.excerpt(of: sourceLine, column: column, width: width)
        // Tabs in the source line are kept, and mirrored in the marker line,
        // so the caret lands under the right character.
        let indent = String(String.UnicodeScalarView(shown.beforeCaret.map { $0 == "\t" ? "\t" : " " }))
        let marker = "^" + String(repeating: "~", count: max(0, shown.width - 1))
        out += "\n  \(blue)\(number) |\(reset) \(shown.text)"
        out += "\n  \(blue)\(pad) |\(reset) \(indent)\(red)\(marker)\(reset)"
        if let help { out += "\n  \(blue)\(pad) =\(reset) \(cyan)help:\(reset) \(help)" }
        return out
    }

    /// The diagnostic rendered without colour, as SPEC §9 shows it.
    public var description: String { render(color: false) }

    /// At most this many columns of a source line are shown.
    static let excerptColumns = 120

    /// The part of `line` shown under the message: the whole line if it is
    /// short, else a window of ``excerptColumns`` around the caret with `…`
    /// where it was cut (a 100,000-character line, or a binary file read as
    /// text, must not flood the terminal). Control characters other than tab
    /// show as U+FFFD so a file cannot send escape sequences to the terminal;
    /// each stays one column, so the caret still lands under its character.
    static func excerpt(of line: String, column: Int, width: Int)
        -> (text: String, beforeCaret: [Unicode.Scalar], width: Int) {
        let scalars = Array(line.unicodeScalars).map { c -> Unicode.Scalar in
            c != "\t" && (c.value < 0x20 || (0x7F...0x9F).contains(c.value)) ? "\u{FFFD}" : c
        }
        let caret = min(max(0, column - 1), scalars.count)
        var start = 0, end = scalars.count
        if scalars.count > excerptColumns {
            start = max(0, min(caret - excerptColumns / 3, scalars.count - excerptColumns))
            end = start + excerptColumns
        }
        let cutStart = start > 0, cutEnd = end < scalars.count
        var text = String.UnicodeScalarView()
        if cutStart { text.append("…") }
        text.append(contentsOf: scalars[start..<end])
        if cutEnd { text.append("…") }
        let before = (cutStart ? ["…" as Unicode.Scalar] : []) + Array(scalars[start..<max(start, caret)])
        let shownWidth = max(1, min(width, end - caret + (cutEnd ? 1 : 0)))
        return (String(text), before, shownWidth)
    }
}

/// What `Session.run` and `Session.evaluate` throw: one or more diagnostics.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The errors, in source order (a parse reports up to 20; a runtime error one).
    public var diagnostics: [Diagnostic]

    /// Wraps diagnostics in an error.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Every diagnostic rendered as in SPEC §9, separated by newlines.
    public var description: String { render(color: false) }

    /// Every diagnostic rendered by ``Diagnostic/render(color:)``, separated by newlines;
    /// `color` adds terminal escapes.
    public func render(color: Bool) -> String {
        diagnostics.map { $0.render(color: color) }.joined(separator: "\n")
    }
}
