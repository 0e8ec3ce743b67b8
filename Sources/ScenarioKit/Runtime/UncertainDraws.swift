// A constructor call whose arguments are checked and whose draw is taken,
// sampled whole or, inside a `mixture`, one sample at a time.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A constructor call (`1 to 3`, `normal(0, 1)`, …) whose arguments are
/// checked and whose draw is taken from the state's stream, but which has
/// not been sampled yet.
struct PreparedDraw {
    enum Plan {
        case normal(mean: Operand, sd: Operand)
        /// A 90% interval: lognormal where both ends are positive, else normal.
        case range(Operand, Operand)
        /// A 90% interval, always normal (dates).
        case normalRange(Operand, Operand)
        case uniform(Operand, Operand)
        case chance(Operand)
    }

    var plan: Plan
    var dimension: Dimension
    var n: Int
    var key: StreamKey
    var mode: Parallelism
    var span: SourceSpan
    var overflow: String

    /// Takes the next draw of the frame's state; the uncertain parameters'
    /// sample counts must be the state's.
    init(_ plan: Plan, _ dimension: Dimension, counts: [Int?], at span: SourceSpan,
         overflow: String = "some samples are not finite numbers", in f: Frame) throws {
        let (n, key, mode) = try UncertainBuiltins.draw(f, at: span)
        _ = try UncertainCheck.count(counts + [n], at: span)
        self.plan = plan
        self.dimension = dimension
        self.n = n
        self.key = key
        self.mode = mode
        self.span = span
        self.overflow = overflow
    }

    /// All n samples.
    func sample() throws -> Value {
        let samples: [Double]
        switch plan {
        case .normal(let mean, let sd):
            samples = Sampling.normal(mean: mean, sd: sd, n, key, mode)
        case .range(let a, let b):
            samples = Sampling.range(a, b, n, key, mode)
        case .normalRange(let a, let b):
            samples = a.withLane { a in
                b.withLane { b in
                    Sampling.normals(n, key, mode) { i, z in
                        let (mean, sd) = Sampling.normalParameters(p5: a[i], p95: b[i])
                        return mean + sd * z
                    }
                }
            }
        case .uniform(let a, let b):
            samples = Sampling.uniform(a, b, n, key, mode)
        case .chance(let p):
            return Provenance.input(SampleSet(samples: Sampling.chance(p, n, key, mode), dimension: .bool), from: [])
        }
        // SPEC §5: a range of durations is whole months (or whole days) per sample.
        let whole = dimension == .months || dimension == .days
            ? SampleLoops.unary(samples, mode) { $0.rounded() } : samples
        // A constructor's samples are an input (SPEC §16).
        guard case .uncertain(let set) = try UncertainCheck.finite(whole, dimension, at: span, message: overflow)
        else { throw LocatedError("internal error: a draw without samples", at: span, kind: .runtime) }
        return Provenance.input(set, from: [])
    }

    /// A sampler of single samples, when every parameter is plain.
    var scalarSampler: ScalarSampler? {
        switch plan {
        case .normal(.scalar(let m), .scalar(let s)):
            return ScalarSampler(shape: .affine(m, s), key: key)
        case .range(.scalar(let a), .scalar(let b)) where a > 0 && b > 0:
            let (mu, sigma) = Sampling.logParameters(p5: a, p95: b)
            return ScalarSampler(shape: .exponential(mu, sigma), key: key)
        case .range(.scalar(let a), .scalar(let b)), .normalRange(.scalar(let a), .scalar(let b)):
            let (mean, sd) = Sampling.normalParameters(p5: a, p95: b)
            return ScalarSampler(shape: .affine(mean, sd), key: key)
        case .uniform(.scalar(let a), .scalar(let b)):
            return ScalarSampler(shape: .uniform(a, b - a), key: key)
        case .chance(.scalar(let p)):
            return ScalarSampler(shape: .chance(min(max(p, 0), 1)), key: key)
        default:
            return nil
        }
    }
}

