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
    /// The UTF-8 byte offsets the error covers, relative to the start of
    /// the source passed to `run`, `evaluate` or `check` (``file``);
    /// ``SourceSpan/none`` when it has no place in a source.
    public var span: SourceSpan
    /// An optional `= help:` line (e.g. a did-you-mean suggestion).
    public var help: String?
    /// The text of the line the error starts on.
    public var sourceLine: String
    /// How many columns the underline covers (at least 1).
    public var width: Int
    /// What sort of error this is, for a host that reacts to errors without
    /// reading their messages (see ``Kind``).
    public var kind: Kind

    /// What sort of error a diagnostic reports. Every error is classified
    /// where it is made, so a host can tell a typo in a script from a
    /// failed check or a resource limit without matching message text.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The source is not well formed: every lexer and parser error
        /// (an unclosed bracket, an unexpected token, an ill-formed literal
        /// such as a bad date or number, an empty expression).
        case syntax
        /// A name is wrong: an undefined variable, function, member, entity
        /// or scenario (with a did-you-mean help when one is close), a name
        /// defined twice, or an assignment to a name that cannot be assigned.
        case name
        /// A value has the wrong type or dimension: `$1 + 2026-01-01`,
        /// mixing currencies, `==` across dimensions, a built-in given an
        /// argument of the wrong type, a call with the wrong number of
        /// arguments, an `assert` whose condition is not a boolean.
        case type
        /// An `assert` whose condition was false (`assertion failed`).
        case assertion
        /// The evaluation was interrupted: ``Session/interrupt()``, task
        /// cancellation, or the session's time limit.
        case interrupted
        /// A resource limit was reached: recursion too deep, a value or an
        /// expression nested too deeply, the session's memory limit, a
        /// source too large.
        case limit
        /// Any other error while running: division by zero, a value out of
        /// a function's domain (a negative standard deviation, a deal
        /// without a price), a solve that does not converge, and so on.
        case runtime
    }

    /// Makes a diagnostic from its parts; ``SourceMap/diagnostic(_:)`` is the usual way to get one.
    /// `kind` says what sort of error it is (``Kind/runtime`` unless given).
    public init(message: String, file: String, line: Int, column: Int, span: SourceSpan,
                help: String? = nil, sourceLine: String, width: Int, kind: Kind = .runtime) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.span = span
        self.help = help
        self.sourceLine = sourceLine
        self.width = width
        self.kind = kind
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
        // and a double-width character (日本) gets two spaces or two marks,
        // so the caret lands under the right character in a terminal.
        var indent = ""
        for c in shown.beforeCaret {
            if c == "\t" { indent += "\t" } else { indent += String(repeating: " ", count: Self.terminalColumns(c)) }
        }
        let marked = max(1, shown.underlined.reduce(0) { $0 + Self.terminalColumns($1) })
        let marker = "^" + String(repeating: "~", count: marked - 1)
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
        -> (text: String, beforeCaret: [Unicode.Scalar], width: Int, underlined: [Unicode.Scalar]) {
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
        // The scalars under the underline (`…` where the excerpt was cut; a
        // caret past the end of the line marks one column).
        var underlined = Array(scalars[min(caret, end)..<min(caret + shownWidth, end)])
        if underlined.count < shownWidth { underlined += repeatElement("…" as Unicode.Scalar, count: shownWidth - underlined.count) }
        return (String(text), before, shownWidth, underlined)
    }

    /// How many terminal columns a character takes: two for East Asian Wide
    /// and Fullwidth characters (CJK, Hangul, fullwidth forms, most emoji),
    /// none for combining marks and zero-width characters, one otherwise.
    /// A table of the common ranges of Unicode's EastAsianWidth.txt, as
    /// wcwidth(3) has: enough to keep carets under their characters.
    static func terminalColumns(_ c: Unicode.Scalar) -> Int {
        let v = c.value
        if v < 0x300 { return 1 }
        if (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v) { return 0 }
        for range in wideRanges where range.contains(v) { return 2 }
        return 1
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF,
        0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F320, 0x1F32D...0x1F335,
        0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0,
        0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D,
        0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4,
        0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7,
        0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
        0x1F947...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
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
