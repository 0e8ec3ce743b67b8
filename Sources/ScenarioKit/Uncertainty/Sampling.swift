// Drawing whole sample arrays for each distribution shape, chunk by chunk.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parameter of a whole-array operation: one number for every sample, or
/// one per sample (the samples of an uncertain value).
enum Operand {
    case scalar(Double)
    case samples([Double])

    /// Runs `body` with a view that reads element `i` of either kind alike.
    @inline(__always)
    func withLane<R>(_ body: (Lane) throws -> R) rethrows -> R {
        switch self {
        case .scalar(let x):
            return try withUnsafePointer(to: x) { try body(Lane(base: $0, stride: 0)) }
        case .samples(let xs):
            return try xs.withUnsafeBufferPointer { buffer in
                // An empty array has no storage; read a harmless zero instead.
                guard let base = buffer.baseAddress else {
                    return try withUnsafePointer(to: 0.0) { try body(Lane(base: $0, stride: 0)) }
                }
                return try body(Lane(base: base, stride: 1))
            }
        }
    }

    var isScalar: Bool {
        if case .scalar = self { return true }
        return false
    }
}

/// A read-only view of an ``Operand`` inside a loop: a stride of 0 repeats
/// a scalar, 1 walks an array.
struct Lane {
    let base: UnsafePointer<Double>
    let stride: Int

    @inline(__always)
    subscript(i: Int) -> Double { base[i &* stride] }
}

/// Drawing samples. Every function fills whole arrays chunk by chunk, each
/// chunk from its own generator (``StreamKey``), so the result depends only
/// on the key and the count, never on the number of threads.
enum Sampling {
    /// The standard normal's 95th percentile: a 90% interval is mean ± z·sd.
    static let z95 = 1.6448536269514722

    /// What becomes of a standard normal deviate z.
    enum NormalShape {
        /// mean + sd·z
        case affine(mean: Double, sd: Double)
        /// exp(mu + sigma·z): a lognormal
        case exponential(mu: Double, sigma: Double)
        /// Anything else, per sample (parameters that are themselves uncertain).
        case custom((Int, Double) -> Double)
    }

    /// Normal-based samples drawn by the ziggurat method: each chunk is
    /// filled with deviates, then shaped in place while still in cache
    /// (the common shapes in loops of their own, which vectorise).
    static func normals(_ n: Int, _ key: StreamKey, _ mode: Parallelism, _ shape: NormalShape) -> [Double] {
        let ziggurat = Ziggurat.shared
        return Chunks.makeArray(n, mode) { chunk, range, out in
            var g = Xoshiro256StarStar(key, chunk: chunk)
            ziggurat.fill(&g, out, range)
            switch shape {
            case .affine(let m, let s):
                for i in range { out[i] = m + s * out[i] }
            case .exponential(let m, let s):
                for i in range { out[i] = FastMath.exp(m + s * out[i]) }
            case .custom(let transform):
                for i in range { out[i] = transform(i, out[i]) }
            }
        }
    }

    /// Normal-based samples, `transform(i, z)` of each deviate z.
    static func normals(_ n: Int, _ key: StreamKey, _ mode: Parallelism,
                        _ transform: (Int, Double) -> Double) -> [Double] {
        withoutActuallyEscaping(transform) { normals(n, key, mode, .custom($0)) }
    }

    /// Samples `transform(i, u)` of uniform deviates `u` in [0, 1).
    @inline(__always)
    static func uniforms(_ n: Int, _ key: StreamKey, _ mode: Parallelism,
                         _ transform: (Int, Double) -> Double) -> [Double] {
        Chunks.makeArray(n, mode) { chunk, range, out in
            var g = Xoshiro256StarStar(key, chunk: chunk)
            for i in range { out[i] = g.nextUnit() }
            for i in range { out[i] = transform(i, out[i]) }
        }
    }

    /// Normal samples with the given means and standard deviations.
    static func normal(mean: Operand, sd: Operand, _ n: Int, _ key: StreamKey, _ mode: Parallelism) -> [Double] {
        if case .scalar(let m) = mean, case .scalar(let s) = sd {
            return normals(n, key, mode, .affine(mean: m, sd: s))
        }
        return mean.withLane { m in
            sd.withLane { s in normals(n, key, mode) { i, z in m[i] + s[i] * z } }
        }
    }

    /// Lognormal samples: `exp(mu + sigma·z)`.
    static func lognormal(mu: Operand, sigma: Operand, _ n: Int, _ key: StreamKey,
                          _ mode: Parallelism) -> [Double] {
        if case .scalar(let m) = mu, case .scalar(let s) = sigma {
            return normals(n, key, mode, .exponential(mu: m, sigma: s))
        }
        return mu.withLane { m in
            sigma.withLane { s in normals(n, key, mode) { i, z in FastMath.exp(m[i] + s[i] * z) } }
        }
    }

    /// `a to b`: a distribution whose 5th and 95th percentiles are a and b,
    /// lognormal when both are positive, normal otherwise (per sample when
    /// the ends are themselves uncertain). Assumes a ≤ b.
    static func range(_ a: Operand, _ b: Operand, _ n: Int, _ key: StreamKey, _ mode: Parallelism) -> [Double] {
        if case .scalar(let x) = a, case .scalar(let y) = b {
            if x > 0 && y > 0 {
                let (mu, sigma) = logParameters(p5: x, p95: y)
                return normals(n, key, mode, .exponential(mu: mu, sigma: sigma))
            }
            let (mean, sd) = normalParameters(p5: x, p95: y)
            return normals(n, key, mode, .affine(mean: mean, sd: sd))
        }
        return a.withLane { a in
            b.withLane { b in
                normals(n, key, mode) { i, z in
                    let x = a[i], y = b[i]
                    if x > 0 && y > 0 {
                        let (mu, sigma) = logParameters(p5: x, p95: y)
                        return FastMath.exp(mu + sigma * z)
                    }
                    let (mean, sd) = normalParameters(p5: x, p95: y)
                    return mean + sd * z
                }
            }
        }
    }

    @inline(__always)
    static func logParameters(p5: Double, p95: Double) -> (mu: Double, sigma: Double) {
        let l = log(p5), h = log(p95)
        return ((l + h) / 2, (h - l) / (2 * z95))
    }

    @inline(__always)
    static func normalParameters(p5: Double, p95: Double) -> (mean: Double, sd: Double) {
        ((p5 + p95) / 2, (p95 - p5) / (2 * z95))
    }

    /// Uniform samples in [a, b).
    static func uniform(_ a: Operand, _ b: Operand, _ n: Int, _ key: StreamKey, _ mode: Parallelism) -> [Double] {
        if case .scalar(let x) = a, case .scalar(let y) = b {
            let width = y - x
            return uniforms(n, key, mode) { _, u in x + width * u }
        }
        return a.withLane { a in
            b.withLane { b in uniforms(n, key, mode) { i, u in a[i] + (b[i] - a[i]) * u } }
        }
    }

    /// Boolean samples (1 or 0): true with probability p, clamped to 0…1.
    static func chance(_ p: Operand, _ n: Int, _ key: StreamKey, _ mode: Parallelism) -> [Double] {
        p.withLane { p in
            uniforms(n, key, mode) { i, u in u < min(max(p[i], 0), 1) ? 1 : 0 }
        }
    }

    /// A component of a mixture: samples (or a plain value), or a sampler
    /// that draws only the samples that pick it.
    enum MixtureSource {
        case operand(Operand)
        case sampler(ScalarSampler)
    }

    /// Each sample takes the same-numbered sample of one component, picked
    /// with probabilities proportional to `weights` (non-negative, not all
    /// zero). Components keep their samples, so a mixture of `x` stays
    /// correlated with `x`.
    static func mixture(_ components: [Operand], weights: [Double], _ n: Int, _ key: StreamKey,
                        _ mode: Parallelism) -> [Double] {
        mixture(components.map { .operand($0) }, weights: weights, n, key, mode)
    }

    static func mixture(_ sources: [MixtureSource], weights: [Double], _ n: Int, _ key: StreamKey,
                        _ mode: Parallelism) -> [Double] {
        let total = weights.reduce(0, +)
        var cumulative: [Double] = []
        cumulative.reserveCapacity(weights.count)
        var running = 0.0
        for w in weights {
            running += w / total
            cumulative.append(running)
        }
        // Rounding must not leave a gap above the last component.
        if let last = cumulative.indices.last { cumulative[last] = .infinity }
        let last = sources.count - 1
        let operands = sources.map { source -> Operand in
            if case .operand(let o) = source { return o }
            return .scalar(0)
        }
        let samplers = sources.map { source -> ScalarSampler? in
            if case .sampler(let s) = source { return s }
            return nil
        }
        let ziggurat = Ziggurat.shared
        return withLanes(operands) { lanes in
            lanes.withUnsafeBufferPointer { lanes in
                cumulative.withUnsafeBufferPointer { edges in
                    samplers.withUnsafeBufferPointer { samplers in
                        Chunks.makeArray(n, mode) { chunk, range, out in
                            var g = Xoshiro256StarStar(key, chunk: chunk)
                            // Each sampler has its own generator for this chunk.
                            var own = samplers.map { s in
                                s.map { Xoshiro256StarStar($0.key, chunk: chunk) } ?? Xoshiro256StarStar(seed: 0)
                            }
                            ziggurat.withTables { xp, rp in
                                own.withUnsafeMutableBufferPointer { own in
                                    for i in range {
                                        let u = g.nextUnit()
                                        var k = 0
                                        while k < last && u >= edges[k] { k += 1 }
                                        if let sampler = samplers[k] {
                                            out[i] = sampler.next(&own[k], xp, rp)
                                        } else {
                                            out[i] = lanes[k][i]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs `body` with a lane for each operand.
    static func withLanes<R>(_ operands: [Operand], _ body: ([Lane]) -> R) -> R {
        func nest(_ index: Int, _ lanes: inout [Lane]) -> R {
            guard index < operands.count else { return body(lanes) }
            return operands[index].withLane { lane in
                lanes.append(lane)
                defer { lanes.removeLast() }
                return nest(index + 1, &lanes)
            }
        }
        var lanes: [Lane] = []
        lanes.reserveCapacity(operands.count)
        return nest(0, &lanes)
    }
}

/// Draws one sample at a time from a prepared draw with plain parameters.
/// Each chunk of samples has its own generator (``StreamKey``), so which
/// samples are drawn, and on which core, cannot change their values.
struct ScalarSampler {
    enum Shape {
        case affine(Double, Double)
        case exponential(Double, Double)
        case uniform(Double, Double)
        case chance(Double)
    }

    let shape: Shape
    let key: StreamKey

    @inline(__always)
    func next(_ g: inout Xoshiro256StarStar, _ x: UnsafeBufferPointer<Double>, _ r: UnsafeBufferPointer<Double>)
        -> Double {
        switch shape {
        case .affine(let m, let s): return m + s * Ziggurat.next(&g, x, r)
        case .exponential(let m, let s): return FastMath.exp(m + s * Ziggurat.next(&g, x, r))
        case .uniform(let a, let w): return a + w * g.nextUnit()
        case .chance(let p): return g.nextUnit() < p ? 1 : 0
        }
    }
}
