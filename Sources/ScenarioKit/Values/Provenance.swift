// Where an uncertain value's samples come from (SPEC §16): the inputs a
// constructor drew, their names, and the inputs every computed value
// derives from, for `sensitivity` and `tornado`.

/// One input: samples drawn directly by a constructor (`to`, `normal`,
/// `beta`, …, `correlate`). Named where it is first stated: a top-level
/// binding (`growth`) or the entity clause that stores it
/// (`cursor.price`, `cursor.regulatory`). Compared by identity.
final class SampleOrigin: @unchecked Sendable {
    /// Set once, by the first top-level `let` or domain clause that stores
    /// the input (evaluation of one session runs on one thread at a time).
    private(set) var name: String?
    /// The input's samples as drawn (kept alive while a value derives from it).
    let samples: [Double]
    let dimension: Dimension

    init(samples: [Double], dimension: Dimension) {
        self.samples = samples
        self.dimension = dimension
    }

    /// Names the input unless it already has a name.
    func name(_ name: String) {
        if self.name == nil { self.name = name }
    }
}

/// A sample set's provenance: the input it is (if a constructor drew it)
/// and the inputs it derives from, each once, in the order met. Costs one
/// empty array for values that involve no input, and a merge of two short
/// arrays per sample-wise operation.
struct Provenance: Sendable {
    var origin: SampleOrigin?
    var inputs: [SampleOrigin]

    static let none = Provenance(origin: nil, inputs: [])

    /// The inputs of both, each once.
    @inline(__always)
    static func merged(_ a: [SampleOrigin], _ b: [SampleOrigin]) -> [SampleOrigin] {
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        return union(a, b)
    }

    @inline(never)
    private static func union(_ a: [SampleOrigin], _ b: [SampleOrigin]) -> [SampleOrigin] {
        if a.count == b.count {
            var same = true
            for i in a.indices where a[i] !== b[i] {
                same = false
                break
            }
            if same { return a }
        }
        var result = a
        if a.count + b.count > 32 {
            var seen = Set(a.map(ObjectIdentifier.init))
            for x in b where seen.insert(ObjectIdentifier(x)).inserted { result.append(x) }
        } else {
            for x in b where !a.contains(where: { $0 === x }) { result.append(x) }
        }
        return result
    }

    /// A constructor's result: a new input, deriving also from the inputs
    /// of its uncertain parameters.
    static func input(_ set: SampleSet, from parameters: [Value]) -> Value {
        var set = set
        let origin = SampleOrigin(samples: set.samples, dimension: set.dimension)
        let inputs = Provenance.inputs(of: parameters)
        set.provenance = Provenance(origin: origin, inputs: merged(inputs, [origin]))
        return .uncertain(set)
    }

    /// `value` (a result computed from values with these inputs) deriving
    /// from them; never itself an input.
    static func derived(_ value: Value, inputs: [SampleOrigin]) -> Value {
        guard !inputs.isEmpty, case .uncertain(var set) = value else { return value }
        set.provenance = Provenance(origin: nil, inputs: inputs)
        return .uncertain(set)
    }

    /// The inputs of `a` and `b` (none for plain values).
    @inline(__always)
    static func inputs(_ a: Value, _ b: Value) -> [SampleOrigin] {
        var x: [SampleOrigin] = [], y: [SampleOrigin] = []
        if case .uncertain(let s) = a { x = s.provenance.inputs }
        if case .uncertain(let t) = b { y = t.provenance.inputs }
        return merged(x, y)
    }

    /// The inputs of uncertain values among `values` (and in lists among them).
    static func inputs(of values: [Value]) -> [SampleOrigin] {
        values.reduce([]) { inputs, v in
            switch v {
            case .uncertain(let set): merged(inputs, set.provenance.inputs)
            case .list(let xs): merged(inputs, Provenance.inputs(of: xs))
            default: inputs
            }
        }
    }

    /// Names `value`'s input `name` if it is an unnamed input.
    static func name(_ value: Value, _ name: @autoclosure () -> String) {
        if case .uncertain(let set) = value, let origin = set.provenance.origin, origin.name == nil {
            origin.name(name())
        }
    }
}

extension SampleSet {
    /// Computed samples deriving from `inputs` (not an input themselves).
    init(samples: [Double], dimension: Dimension, inputs: [SampleOrigin]) {
        self.init(samples: samples, dimension: dimension)
        if !inputs.isEmpty { provenance = Provenance(origin: nil, inputs: inputs) }
    }

    /// These samples' provenance on other samples of the same draw (a
    /// change of dimension, a clamp to 0…100%): the same input, if it is one.
    func keepingProvenance(samples: [Double], dimension: Dimension) -> SampleSet {
        var set = SampleSet(samples: samples, dimension: dimension)
        set.provenance = provenance
        return set
    }
}
