/// `exp` for whole sample arrays: branch-free, so loops of it vectorise,
/// and written out here, so lognormal samples do not depend on the
/// platform's libm (the same seed gives the same bits on Linux and macOS).
///
/// exp(x) = 2^k · exp(r) with k = round(x / ln 2) and |r| ≤ ln 2 / 2; exp(r)
/// by its Taylor polynomial to degree 13 (truncation below 1e-17), ln 2 in
/// two parts (Cody & Waite) so that r is exact. Within 2 ulp of the true
/// value (tested against libm); overflows to +inf above 709.78 like libm,
/// and underflows to 0 below −708 (libm would give subnormals there).
enum FastMath {
    private static let log2e = 1.4426950408889634
    private static let ln2High = 0.693147180369123816490  // ln 2 with 11 trailing zero bits
    private static let ln2Low = 1.90821492927058770002e-10
    /// Adding and subtracting 1.5·2^52 rounds to the nearest integer, and
    /// leaves that integer in the low bits of the sum.
    private static let shifter = 6755399441055744.0

    @inline(__always)
    static func exp(_ x: Double) -> Double {
        let clamped = min(max(x, -708), 709.7)
        let t = clamped * log2e + shifter
        let k = t - shifter
        let r = (clamped - k * ln2High) - k * ln2Low
        var p = 1.0 / 6227020800.0          // 1/13!
        p = p * r + 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        // 2^k from k's bits in t: the low 52 bits hold k + 2^51.
        let kBits = Int64(bitPattern: t.bitPattern & 0x000F_FFFF_FFFF_FFFF) &- (1 << 51)
        let scale = Double(bitPattern: UInt64(bitPattern: (kBits &+ 1023) << 52))
        let y = p * scale
        return x > 709.78 ? .infinity : (x < -708 ? 0 : y)
    }
}
