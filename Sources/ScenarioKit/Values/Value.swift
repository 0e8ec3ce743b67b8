/// A Scenario value (SPEC §2). Numbers, percents, points, dates, durations,
/// booleans, strings, lists and functions are stored in place; money,
/// periods, sample sets and entity references are boxed (`indirect`), so a
/// value takes 24 bytes rather than 48 — lists, frames and every returned
/// value are half the size. `description` is the canonical printed form used
/// by `print`, interpolation, `report` and the REPL (which quotes strings,
/// see ``echoDescription``).
public enum Value: Sendable, Equatable, CustomStringConvertible {
    /// A plain number: `42`, `1.5T`.
    case number(Double)
    /// An amount in units of an ISO currency code (`"USD"`, `"EUR"`, …).
    indirect case money(Double, currency: String)
    /// A percent, stored as a fraction: `87.6%` is `.percent(0.876)`.
    case percent(Double)
    /// Percentage points, stored as a fraction: `12.6pp` is `.points(0.126)`.
    case points(Double)
    /// A day: `2026-05-25`.
    case date(CalendarDate)
    /// A span of days: `Q3 2026`, `mid-June 2026`.
    indirect case period(Period)
    /// Months and days: `3 months`, `45 days`.
    case duration(CalendarDuration)
    /// Text.
    case string(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `[1, 2, 3]`
    case list([Value])
    /// A set of Monte Carlo samples of one dimension (SPEC §7).
    indirect case uncertain(SampleSet)
    /// A domain entity (SPEC §6); compares by identity.
    indirect case entity(EntityRef)
    /// A function (user-defined, lambda or built-in); compares by identity.
    case function(FunctionValue)
    /// Named fields, `{name: "d1", price: $1B}` (SPEC §22); compares field by field.
    indirect case record(Record)
    /// A chart (`hist`, `cdf_plot`, `sensitivity`, `tornado`, SPEC §16):
    /// prints as its terminal text; compares by identity.
    case figure(Figure)

    /// The canonical form (strings unquoted).
    public var description: String { ValueFormatter.format(self) }

    /// The REPL's echo: like `description`, but strings are quoted.
    public var echoDescription: String {
        if case .string(let s) = self { return ValueFormatter.quoted(s) }
        return description
    }

    /// A short name of the value's type for error messages: "money", "a date", …
    public var typeName: String { ValueFormatter.typeName(self) }
}

/// The physical dimension of a sample set's samples.
public enum Dimension: Hashable, Sendable {
    /// Plain numbers.
    case number
    /// Amounts of one currency.
    case money(currency: String)
    /// Percents, as fractions.
    case percent
    /// Percentage points, as fractions.
    case points
    /// Booleans, as 0 and 1 (`prob` is their mean).
    case bool
    /// day-based durations, in days
    case days
    /// dates, as day numbers
    case date
    /// month-based durations, in months (SPEC §5: `6 months to 14 months`)
    case months
}

/// Monte Carlo samples of one dimension. Two sample sets drawn from the same
/// expression share samples, so `x - x` is exactly zero.
public struct SampleSet: Sendable, Equatable {
    /// One number per Monte Carlo draw, in the dimension's unit.
    public var samples: [Double]
    /// What the numbers are.
    public var dimension: Dimension
    /// Where the samples come from (SPEC §16, Values/Provenance.swift): the
    /// input they are, if a constructor drew them, and the inputs they
    /// derive from. Not part of equality.
    var provenance: Provenance = .none
    /// The samples' share of the session budget that made them (nil when a
    /// host made the set). Not part of equality.
    private var ticket: SampleTicket?

    /// A sample set of `samples` in `dimension`.
    public init(samples: [Double], dimension: Dimension) {
        self.samples = samples
        self.dimension = dimension
        self.ticket = SampleMeter.ticket(for: samples.count)
    }

    /// The same dimension and the same samples (where they came from aside).
    public static func == (a: SampleSet, b: SampleSet) -> Bool {
        a.dimension == b.dimension && a.samples == b.samples
    }

    /// The one value every sample has, if they all agree (`x - x`,
    /// `chance(100%)`): such a set is certain, so it prints and asserts as a
    /// plain value. Stops at the first differing sample, so it is cheap for
    /// any genuinely uncertain set.
    public var constant: Double? {
        guard let first = samples.first else { return nil }
        for x in samples where x != first { return nil }
        return first
    }
}

/// The kinds of domain entity (SPEC §6).
public enum EntityKind: String, Sendable, Hashable, CaseIterable {
    /// The statement word that makes each (`company acme`).
    case company, deal, model, benchmark, scenario
}

/// A reference to a domain entity held by a session. Two references are
/// equal when they name the same entity.
public struct EntityRef: Sendable, Hashable, CustomStringConvertible {
    /// What kind of entity.
    public var kind: EntityKind
    /// The name it was declared with.
    public var name: String
    /// Distinguishes entities of the same name across `:reset` or merges.
    public var id: Int
    /// The scenario (SPEC §8) whose copy of the entity this refers to, as
    /// read through `bear.cursor`; nil for the session's own state.
    public var scenario: Int?

    /// A reference to the entity `name` of `kind`; sessions make these.
    public init(kind: EntityKind, name: String, id: Int, scenario: Int? = nil) {
        self.kind = kind
        self.name = name
        self.id = id
        self.scenario = scenario
    }

    /// `deal cursor`
    public var description: String { "\(kind.rawValue) \(name)" }
}
