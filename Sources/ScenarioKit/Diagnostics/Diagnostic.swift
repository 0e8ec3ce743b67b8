/// A located, user-facing error: what went wrong, where, and optionally how to
/// fix it. Rendered like a compiler's (see ``render(color:)``).
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
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
        // Tabs in the source line are kept, and mirrored in the marker line,
        // so the caret lands under the right character.
        let prefix = sourceLine.unicodeScalars.prefix(max(0, column - 1))
        let indent = String(String.UnicodeScalarView(prefix.map { $0 == "\t" ? "\t" : " " }))
        let marker = "^" + String(repeating: "~", count: max(0, width - 1))
        out += "\n  \(blue)\(number) |\(reset) \(sourceLine)"
        out += "\n  \(blue)\(pad) |\(reset) \(indent)\(red)\(marker)\(reset)"
        if let help { out += "\n  \(blue)\(pad) =\(reset) \(cyan)help:\(reset) \(help)" }
        return out
    }

    public var description: String { render(color: false) }
}

/// What `Session.run` and `Session.evaluate` throw: one or more diagnostics.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Every diagnostic rendered as in SPEC §9, separated by newlines.
    public var description: String { render(color: false) }

    public func render(color: Bool) -> String {
        diagnostics.map { $0.render(color: color) }.joined(separator: "\n")
    }
}
