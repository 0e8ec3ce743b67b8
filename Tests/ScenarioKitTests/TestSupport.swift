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
