// Figures (SPEC §16): charts as values. A figure holds its kind, its numbers
// and its terminal text; it prints as the text and cannot take part in
// arithmetic.

/// A chart: `hist`, `cdf_plot`, `sensitivity` or `tornado`. Compares by
/// identity, like a function.
public final class Figure: Sendable, Equatable {
    /// Which chart it is.
    public enum Kind: String, Sendable {
        /// `hist(x)`
        case hist
        /// `cdf_plot(x)`
        case cdf = "cdf_plot"
        /// `sensitivity(y)`
        case sensitivity
        /// `tornado(y)`
        case tornado
    }

    /// One number of a figure's data, or a named row of them (for `--json`).
    public indirect enum Datum: Sendable, Equatable {
        /// A number.
        case number(Double)
        /// A label.
        case text(String)
        /// Several data.
        case list([Datum])
        /// Named data, in order.
        case object([(String, Datum)])

        /// Equal data (NaN equals NaN here).
        public static func == (a: Datum, b: Datum) -> Bool {
            switch (a, b) {
            case (.number(let x), .number(let y)): x == y || (x.isNaN && y.isNaN)
            case (.text(let x), .text(let y)): x == y
            case (.list(let x), .list(let y)): x == y
            case (.object(let x), .object(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
            default: false
            }
        }
    }

    /// Which chart.
    public let kind: Kind
    /// The figure's numbers: bins and counts, inputs with their correlation
    /// and share, tornado rows, CDF points.
    public let data: Datum
    /// The terminal form: Unicode bars, labels in the value's units, at
    /// most 80 columns; several lines, no trailing newline.
    public let text: String

    /// A figure of `kind` with its numbers and its terminal text.
    public init(kind: Kind, data: Datum, text: String) {
        self.kind = kind
        self.data = data
        self.text = text
    }

    /// The same figure (identity).
    public static func == (a: Figure, b: Figure) -> Bool { a === b }
}
