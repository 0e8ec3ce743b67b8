// Standard normal draws by the ziggurat method (Marsaglia & Tsang, 2000).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard normal deviates by the ziggurat method (Marsaglia & Tsang,
/// 2000) in Doornik's ZIGNOR form (2005): 128 layers, with the layer index
/// and the uniform taken from independent bits. About 99% of deviates cost
/// one generator step, a table lookup and a multiply; the rest fall back
/// to exact rejection in the wedges or the tail.
struct Ziggurat: Sendable {
    static let layers = 128
    /// Where the tail starts, and the area of each layer (Doornik's values).
    static let tailStart = 3.442619855899
    static let layerArea = 9.91256303526217e-3

    /// The right edges of the layers (x[0] is the base strip's pseudo-edge
    /// V / f(R); x[128] = 0).
    let x: [Double]
    /// r[i] = x[i+1] / x[i]: a uniform below it lies inside the next layer.
    let r: [Double]

    static let shared = Ziggurat()

    private init() {
        let c = Ziggurat.layers
        var x = [Double](repeating: 0, count: c + 1)
        var f = exp(-0.5 * Ziggurat.tailStart * Ziggurat.tailStart)
        x[0] = Ziggurat.layerArea / f
        x[1] = Ziggurat.tailStart
        for i in 2..<c {
            x[i] = (-2 * log(Ziggurat.layerArea / x[i - 1] + f)).squareRoot()
            f = exp(-0.5 * x[i] * x[i])
        }
        x[c] = 0
        self.x = x
        r = (0..<c).map { x[$0 + 1] / x[$0] }
    }

    /// Runs `body` with the tables pinned (edges, then ratios).
    @inline(__always)
    func withTables<R>(_ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> R) -> R {
        x.withUnsafeBufferPointer { xp in r.withUnsafeBufferPointer { rp in body(xp, rp) } }
    }

    /// Fills `out[range]` with standard normal deviates.
    @inline(__always)
    func fill(_ g: inout Xoshiro256StarStar, _ out: UnsafeMutablePointer<Double>, _ range: Range<Int>) {
        withTables { xp, rp in
            for i in range { out[i] = Ziggurat.next(&g, xp, rp) }
        }
    }

    /// One standard normal deviate, with the tables pinned.
    @inline(__always)
    static func next(_ g: inout Xoshiro256StarStar, _ xp: UnsafeBufferPointer<Double>,
                     _ rp: UnsafeBufferPointer<Double>) -> Double {
        let bits = g.next()
        let layer = Int(truncatingIfNeeded: bits & 0x7F)
        // 2u − 1 from the top 53 bits: uniform in [−1, 1).
        let u = Double(bits >> 11) * 0x1p-52 - 1
        if abs(u) < rp[layer] { return u * xp[layer] }
        return slow(&g, u, layer, xp)
    }

    /// The rare cases: the base strip's tail and the wedges, then retries.
    @inline(never)
    static func slow(_ g: inout Xoshiro256StarStar, _ first: Double, _ firstLayer: Int,
                     _ x: UnsafeBufferPointer<Double>) -> Double {
        var u = first, layer = firstLayer
        while true {
            if layer == 0 { return tail(&g, negative: u < 0) }
            let z = u * x[layer]
            let f0 = exp(-0.5 * (x[layer] * x[layer] - z * z))
            let f1 = exp(-0.5 * (x[layer + 1] * x[layer + 1] - z * z))
            if f1 + g.nextUnit() * (f0 - f1) < 1 { return z }
            let bits = g.next()
            layer = Int(truncatingIfNeeded: bits & 0x7F)
            u = Double(bits >> 11) * 0x1p-52 - 1
            if abs(u) < x[layer + 1] / x[layer] { return u * x[layer] }
        }
    }

    /// Marsaglia's (1964) method for the normal tail beyond `tailStart`.
    private static func tail(_ g: inout Xoshiro256StarStar, negative: Bool) -> Double {
        while true {
            let a = log(g.nextOpenUnit()) / tailStart
            let b = log(g.nextOpenUnit())
            if -2 * b >= a * a { return negative ? a - tailStart : tailStart - a }
        }
    }
}
