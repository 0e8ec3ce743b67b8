// The tokens a parse reads, and the lexing behind them (as go/scanner feeds
// go/parser's `p.next()`). The parser sees one current token, the one after
// it, and the end of the last token it consumed; it never indexes tokens
// itself.
//
// Over a whole program the lexer runs in batches as the parser reaches them,
// and tokens already consumed are dropped between top-level statements, so a
// long script never holds all its tokens at once.

/// A forward-only buffer of tokens over a lexer still running, or over a
/// complete token list (an interpolation's, or tokens made in a test).
struct TokenStream {
    /// The tokens from the last drop on, and a few before it; ends in `.eof`
    /// once lexing has finished.
    private var tokens: [Token]
    private var pos = 0
    /// The lexer still to run, nil when `tokens` came complete or it finished.
    private var lexer: LexerScanner?
    /// True while `lexer` has input left (tested on every token: cheaper than
    /// looking into the optional lexer).
    private var lexing = false
    /// The lexer's errors once it has finished.
    private(set) var lexerErrors: [LocatedError] = []
    /// The end offset of the last consumed token.
    private(set) var previousEnd: Int
    /// Tokens lexed at a time, and kept behind the parser before a drop.
    static let batch = 1024

    /// A stream that lexes `source` in batches as it is read (no copy of the
    /// text or of its line table).
    init(lexing source: SourceFile) {
        var scanner = LexerScanner(bytes: source.bytes, base: source.base, reserving: false)
        scanner.lex(atLeast: Self.batch)
        var tokens: [Token] = []
        swap(&tokens, &scanner.tokens)
        self.tokens = tokens
        previousEnd = tokens[0].span.start
        if scanner.finished {
            lexerErrors = scanner.errors
        } else {
            lexer = scanner
            lexing = true
        }
    }

    /// A stream over complete `tokens`; an `.eof` at `end` is added if they
    /// lack one.
    init(tokens: [Token], end: Int) {
        var tokens = tokens
        if tokens.last?.kind != .eof {
            let end = tokens.last?.span.end ?? end
            tokens.append(Token(.eof, SourceSpan(start: end, end: end)))
        }
        self.tokens = tokens
        previousEnd = tokens[0].span.start
    }

    // The accessors are `mutating` although they only read: from a mutating
    // method, a debug build copies a struct onto the stack for every call of
    // a non-mutating one, and the parser calls these at every nesting level.

    /// The current token.
    var current: Token { mutating get { tokens[pos] } }

    /// The token after the current one (the `.eof` at the end).
    var peek: Token { mutating get { pos + 1 < tokens.count ? tokens[pos + 1] : tokens[tokens.count - 1] } }

    /// The token two after the current one (the `.eof` at the end): a
    /// record starts with `{ NAME :`.
    var peekSecond: Token {
        mutating get {
            if pos + 2 >= tokens.count && lexing { refill() }
            return pos + 2 < tokens.count ? tokens[pos + 2] : tokens[tokens.count - 1]
        }
    }

    /// The token consumed last, if any is still held.
    var previous: Token? { mutating get { pos > 0 ? tokens[pos - 1] : nil } }

    /// A mark for the current position, valid until the next `dropConsumed`:
    /// two marks are equal when no token was consumed between them.
    var mark: Int { mutating get { pos } }

    /// Moves to the next token; at the end it stays on the `.eof`.
    @inline(__always)
    mutating func advance() {
        if case .eof = tokens[pos].kind { return }
        previousEnd = tokens[pos].span.end
        pos += 1
        // `peek` needs the token after this one.
        if pos + 1 >= tokens.count && lexing { refill() }
    }

    /// Lexes what is left of the input (so that every lexical error is known).
    mutating func finishLexing() {
        while lexing { refill() }
    }

    /// Lexes the next batch of tokens onto the end of `tokens`.
    @inline(never)
    private mutating func refill() {
        guard var scanner = lexer else { return }
        lexer = nil  // `scanner` is now the only owner: no copy as it grows
        // The lexer appends straight onto our tokens.
        swap(&tokens, &scanner.tokens)
        scanner.lex(atLeast: scanner.tokens.count + Self.batch)
        swap(&tokens, &scanner.tokens)
        if scanner.finished {
            lexerErrors = scanner.errors
            lexing = false
        } else {
            lexer = scanner
        }
    }

    /// Drops the tokens before the previous one; only between top-level
    /// statements, where the parser holds no mark.
    mutating func dropConsumed() {
        guard lexing || tokens.count > Self.batch, pos > Self.batch else { return }
        tokens.removeFirst(pos - 1)
        pos = 1
    }
}
