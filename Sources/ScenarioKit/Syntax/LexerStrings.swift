// String literals (SPEC §1): one line, escapes resolved, `{expr}`
// interpolations kept as source with their global offset so the parser can
// lex and parse them in place.

extension LexerScanner {
    mutating func lexString() {
        let quote = pos
        var segments: [StringSegment] = []
        var pendingText: [UInt8] = []
        var i = pos + 1
        var terminated = false
        scan: while i < bytes.count {
            let b = bytes[i]
            if isLineEnd(i) { break }
            switch b {
            case LexerBytes.quote:
                i += 1
                terminated = true
                break scan
            case LexerBytes.backslash:
                let escaped = at(i + 1)
                switch escaped {
                case LexerBytes.quote, LexerBytes.backslash, LexerBytes.leftBrace, LexerBytes.rightBrace:
                    pendingText.append(escaped)
                case UInt8(ascii: "n"):
                    pendingText.append(LexerBytes.newline)
                case UInt8(ascii: "t"):
                    pendingText.append(LexerBytes.tab)
                default:
                    if i + 1 >= bytes.count || isLineEnd(i + 1) {
                        i += 1  // the line ends: reported as unterminated
                        continue scan
                    }
                    let end = min(bytes.count, i + 1 + LexerBytes.scalarLength(lead: escaped))
                    error("unknown escape '\(text(i, end))'", i, end,
                          help: "the escapes are \\\", \\\\, \\n, \\t, \\{ and \\}")
                    i = end
                    continue scan
                }
                i += 2
            case LexerBytes.leftBrace:
                guard let close = interpolationEnd(from: i + 1) else {
                    // Reported at the brace: the string's own quote may well be there.
                    error("unterminated interpolation", i, i + 1,
                          help: "close it with }, or write \\{ for a literal brace")
                    terminated = true
                    while i < bytes.count && !isLineEnd(i) { i += 1 }
                    break scan
                }
                if isBlank(i + 1, close) {
                    error("empty interpolation", i, close + 1,
                          help: "put an expression between the braces, or write \\{ for a brace")
                } else {
                    if !pendingText.isEmpty {
                        segments.append(.text(String(decoding: pendingText, as: UTF8.self)))
                        pendingText.removeAll(keepingCapacity: true)
                    }
                    segments.append(.interpolation(text(i + 1, close), offset: base + i + 1))
                }
                i = close + 1
            default:
                if isBadInString(i) {
                    let start = i
                    var count = 0
                    while i < bytes.count && !isLineEnd(i) && isBadInString(i) {
                        i = min(bytes.count, i + LexerBytes.scalarLength(lead: bytes[i]))
                        count += 1
                    }
                    reportBadCharacters(start, i, count: count, inString: true)
                } else {
                    pendingText.append(b)
                    i += 1
                }
            }
        }
        if !terminated {
            error("unterminated string", quote, quote + 1, help: "close the string with \" on the same line")
            while i < bytes.count && !isLineEnd(i) { i += 1 }
        }
        if !pendingText.isEmpty {
            segments.append(.text(String(decoding: pendingText, as: UTF8.self)))
        }
        pos = i
        emit(.string(segments), quote, i)
    }

    /// A newline, or the `\r` of `\r\n`.
    @inline(__always) func isLineEnd(_ i: Int) -> Bool {
        let b = at(i)
        return b == LexerBytes.newline || (b == LexerBytes.carriageReturn && at(i + 1) == LexerBytes.newline)
    }

    func isBlank(_ start: Int, _ end: Int) -> Bool {
        for k in start..<end where bytes[k] != LexerBytes.space && bytes[k] != LexerBytes.tab { return false }
        return true
    }

    /// Control characters (other than tab) and U+FFFD, which stands for
    /// bytes that were not UTF-8.
    func isBadInString(_ i: Int) -> Bool {
        let b = bytes[i]
        if b == 0xEF && at(i + 1) == 0xBF && at(i + 2) == 0xBD { return true }
        return (b < 0x20 && b != LexerBytes.tab) || b == 0x7F
    }

    /// The index of the `}` closing an interpolation whose source starts at
    /// `start`, skipping nested braces and strings (`"{f("x")}"`), or nil
    /// when the line ends first. Iterative: nesting depth costs no stack.
    func interpolationEnd(from start: Int) -> Int? {
        // Innermost context last: true inside a nested string, false inside braces.
        var inString: [Bool] = [false]
        var i = start
        while i < bytes.count && !isLineEnd(i) {
            let b = bytes[i]
            if inString.last == true {
                if b == LexerBytes.backslash {
                    if isLineEnd(i + 1) { return nil }
                    i += 2
                    continue
                }
                if b == LexerBytes.quote { inString.removeLast() }
                else if b == LexerBytes.leftBrace { inString.append(false) }
            } else {
                if b == LexerBytes.quote { inString.append(true) }
                else if b == LexerBytes.leftBrace { inString.append(false) }
                else if b == LexerBytes.rightBrace {
                    inString.removeLast()
                    if inString.isEmpty { return i }
                }
            }
            i += 1
        }
        return nil
    }
}
