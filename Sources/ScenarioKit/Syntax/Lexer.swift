// SKELETON: being written.

/// Turns source text into tokens (SPEC §1). Newlines are significant only
/// where they end a statement; continuation rules are applied here.
public struct Lexer {
    /// Lexes `text`, whose first byte is at global offset `base`.
    /// Never throws: problems are returned as errors, and lexing goes on.
    public static func tokenize(_ text: String, base: Int = 0) -> (tokens: [Token], errors: [LocatedError]) {
        fatalError("TODO")
    }
}
