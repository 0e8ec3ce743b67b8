// A figure's numbers in `--json` (SPEC §16): `"data"` beside its kind and text.

extension JSONWriter {
    /// A figure's data: numbers, strings, arrays and objects in order.
    func datum(_ datum: Figure.Datum) {
        switch datum {
        case .number(let x): number(x)
        case .text(let s): string(s)
        case .list(let items): array { for item in items { self.datum(item) } }
        case .object(let fields):
            object {
                for (name, value) in fields {
                    key(name)
                    self.datum(value)
                }
            }
        }
    }
}
