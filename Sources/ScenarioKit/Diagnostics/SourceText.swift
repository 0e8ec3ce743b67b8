// The text a span covers, for values that name what they were made from
// (a figure's title).

extension SourceMap {
    /// The source text of `span` when it lies within one file; nil otherwise.
    func text(of span: SourceSpan) -> String? {
        guard let file = file(containing: span.start), span.end <= file.end, span.start <= span.end else { return nil }
        let bytes = file.bytes[(span.start - file.base)..<(span.end - file.base)]
        return String(decoding: bytes, as: UTF8.self)
    }
}
