/// A half-open range of UTF-8 byte offsets `[start, end)` into a session's
/// source map.
///
/// Offsets are global across every source a session has seen (like Go's
/// `token.FileSet`): each ``SourceFile`` owns a range starting at its `base`.
/// Line and column are computed only when a diagnostic is rendered.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    /// The global offset of the first byte.
    public var start: Int
    /// The global offset one past the last byte (never before `start`).
    public var end: Int

    /// A span from `start` to `end`; an `end` before `start` is taken as `start`.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The span covering both `self` and `other`.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }

    /// `start..<end`, for debugging.
    public var description: String { "\(start)..<\(end)" }

    /// A span for values that come from no source text (built-ins).
    public static let none = SourceSpan(start: 0, end: 0)
}

/// One named piece of source text, placed at `base` in its source map.
public struct SourceFile: Sendable {
    /// The name diagnostics show for this source (a path, or `<input>`).
    public let name: String
    /// The source text (made from ``bytes`` when asked for: a session keeps
    /// each source once).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    /// The global offset of this file's first byte.
    public let base: Int
    /// The UTF-8 bytes of `text`.
    public let bytes: [UInt8]
    /// Offsets (relative to the file) where each line starts.
    let lineStarts: [Int]

    /// A source named `name` whose first byte is at global offset `base`.
    public init(name: String, text: String, base: Int = 0) {
        self.name = name
        self.base = base
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            starts.append(i + 1)
        }
        self.lineStarts = starts
    }

    /// The first global offset past this file.
    public var end: Int { base + bytes.count }

    /// True when a global offset falls within this file (its end-of-file offset included).
    public func contains(_ offset: Int) -> Bool { offset >= base && offset <= end }

    /// 1-based line and column (in Unicode scalars) of a global offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let local = min(max(offset - base, 0), bytes.count)
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= local { lo = mid } else { hi = mid - 1 }
        }
        let lineStart = lineStarts[lo]
        var column = 1
        var i = lineStart
        while i < local {
            // Count scalar starts: every byte that is not a UTF-8 continuation byte.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (lo + 1, column)
    }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// Every source a session has seen, so that a global offset can be traced
/// back to its file, line and column.
public struct SourceMap: Sendable {
    /// The sources, in the order they were added.
    public private(set) var files: [SourceFile] = []

    /// An empty source map.
    public init() {}

    /// Adds a source after all the others and returns it. One byte of gap is
    /// left between files so that an end-of-file offset is unambiguous.
    public mutating func add(name: String, text: String) -> SourceFile {
        let base = (files.last?.end ?? 0) + 1
        let file = SourceFile(name: name, text: text, base: base)
        files.append(file)
        return file
    }

    /// Forgets the last source added (an evaluation that left nothing
    /// pointing into it); the next source takes its place.
    mutating func removeLast() {
        files.removeLast()
    }

    /// The source a global offset falls in, or nil for an offset of no source.
    public func file(containing offset: Int) -> SourceFile? {
        var lo = 0, hi = files.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let f = files[mid]
            if offset < f.base { hi = mid - 1 } else if offset > f.end { lo = mid + 1 } else { return f }
        }
        return nil
    }

    /// Turns an internal located error into a user-facing diagnostic.
    public func diagnostic(_ error: LocatedError) -> Diagnostic {
        guard let file = file(containing: error.span.start) else {
            return Diagnostic(message: error.message, file: "<unknown>", line: 0, column: 0,
                              span: error.span, help: error.help, sourceLine: "", width: 0, kind: error.kind)
        }
        let (line, column) = file.location(of: error.span.start)
        let text = file.lineText(line)
        let (endLine, endColumn) = file.location(of: error.span.end)
        let lineLength = text.unicodeScalars.count
        let width: Int
        if endLine == line {
            width = max(1, endColumn - column)
        } else {
            width = max(1, lineLength - column + 1)
        }
        let local = SourceSpan(start: error.span.start - file.base, end: error.span.end - file.base)
        return Diagnostic(message: error.message, file: file.name, line: line, column: column,
                          span: local, help: error.help, sourceLine: text, width: width, kind: error.kind)
    }
}

/// The error every stage throws internally: a message at a span, with an
/// optional help line. ``SourceMap/diagnostic(_:)`` makes it a ``Diagnostic``.
public struct LocatedError: Error, Sendable, Equatable {
    /// What went wrong.
    public var message: String
    /// Where, as a global span.
    public var span: SourceSpan
    /// An optional `= help:` line, such as a did-you-mean.
    public var help: String?
    /// What sort of error it is; carried over to ``Diagnostic/kind``.
    public var kind: Diagnostic.Kind

    /// An error with `message` at `span`, an optional help line, and its
    /// kind (``Diagnostic/Kind/runtime`` unless given).
    public init(_ message: String, at span: SourceSpan, help: String? = nil, kind: Diagnostic.Kind = .runtime) {
        self.message = message
        self.span = span
        self.help = help
        self.kind = kind
    }
}
