import ScenarioKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

/// A small deterministic generator (SplitMix64) for property tests, so they
/// are reproducible and share no global state.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The sanitizer this test process was built with, if any (`make sanitize`).
enum Sanitizer {
    /// ThreadSanitizer keeps a shadow call stack of 65,536 frames per
    /// thread and does not check it in release builds of its runtime: deeper
    /// code writes past it, corrupts TSan's own trace lists and hangs in its
    /// crash handler. A debug build takes about seven frames per Scenario
    /// call, so recursion to the 10,000-call limit passes 65,536 frames;
    /// those tests are left to the plain, ASan and UBSan runs.
    static let thread = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil

    static let tooDeepForThreadSanitizer: Comment = "recursion to the call-depth limit overflows TSan's shadow call stack"

    /// AddressSanitizer pads every frame with redzones: the parser's
    /// 200-level nesting limit is sized for a 512 KB stack in a plain debug
    /// build, and the split parser (two functions a level) passes it under
    /// ASan. The test of that limit on 512 KB is left to the plain run.
    static let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil

    static let tooDeepForAddressSanitizer: Comment = "ASan's redzones make the parser's frames too big for 512 KB at the nesting limit"
}

/// The `ScenarioError` a throwing call fails with, nil if it succeeds.
func catching(_ body: () throws -> Void) -> ScenarioError? {
    do {
        try body()
        return nil
    } catch let error as ScenarioError {
        return error
    } catch {
        return nil
    }
}

func catching<T>(_ body: () throws -> T) -> ScenarioError? {
    catching { () throws -> Void in _ = try body() }
}

/// Percentiles by sorting, numpy's default `linear` method: the
/// reference the quickselect in `Statistics` is checked against.
enum ReferenceStatistics {
    /// The value at fraction `p` (0...1) of sorted samples, interpolating
    /// linearly between the closest ranks (numpy's default `linear` method).
    /// NaN for no samples.
    static func percentile(sorted: [Double], p: Double) -> Double {
        guard let first = sorted.first, let last = sorted.last else { return .nan }
        guard p > 0 else { return first }
        guard p < 1 else { return last }
        let rank = p * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let weight = rank - Double(lower)
        return sorted[lower] + weight * (sorted[upper] - sorted[lower])
    }
}

extension Value {
    /// The plain number, nil for anything else.
    var numberValue: Double? {
        if case .number(let x) = self { return x }
        return nil
    }
}

/// The largest gap between the samples' empirical CDF and `cdf`: the
/// Kolmogorov–Smirnov distance the distribution tests compare with the
/// DKW bound.
func ksDistance(_ xs: [Double], _ cdf: (Double) -> Double) -> Double {
    let sorted = xs.sorted()
    let count = Double(sorted.count)
    var worst = 0.0
    for (i, x) in sorted.enumerated() {
        let f = cdf(x)
        worst = max(worst, abs(f - Double(i) / count), abs(Double(i + 1) / count - f))
    }
    return worst
}
