// Splitting sample work into fixed chunks, spread over the cores: which
// thread draws a chunk cannot change a sample.

import Dispatch

/// How whole-array work is spread over the cores.
enum Parallelism: Sendable {
    /// Both cores from ``Chunks/parallelThreshold`` samples on, one below.
    case automatic
    /// Always on the calling thread (tests compare it with `.parallel`).
    case serial
    /// Chunks on all cores whenever there is more than one chunk.
    case parallel

    func useThreads(count: Int) -> Bool {
        switch self {
        case .automatic: count >= Chunks.parallelThreshold && Chunks.count(for: count) > 1
        case .serial: false
        case .parallel: Chunks.count(for: count) > 1
        }
    }
}

/// Sample arrays are worked on in chunks of a fixed size. The size does not
/// depend on the number of cores, and everything a chunk computes depends
/// only on its index, so results are the same on one core and on two.
enum Chunks {
    static let size = 16_384
    /// Below this many samples, starting threads costs more than it saves.
    static let parallelThreshold = 100_000

    static func count(for n: Int) -> Int { (n + size - 1) / size }

    static func range(_ chunk: Int, of n: Int) -> Range<Int> {
        let start = chunk * size
        return start..<min(start + size, n)
    }

    /// Runs `body(chunk, range)` for every chunk of `0..<n`, on all cores
    /// when `mode` says so. Chunks must only write to their own range.
    @inline(__always)
    static func forEach(_ n: Int, _ mode: Parallelism, _ body: (Int, Range<Int>) -> Void) {
        let chunks = count(for: n)
        guard mode.useThreads(count: n) else {
            for c in 0..<chunks { body(c, range(c, of: n)) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                shared.value(c, range(c, of: n))
            }
        }
    }

    /// An array of `n` doubles, each chunk written by `body(chunk, range,
    /// out)` where `out` points at element 0 of the whole array.
    @inline(__always)
    static func makeArray(_ n: Int, _ mode: Parallelism,
                          _ body: (Int, Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        guard n > 0 else { return [] }
        return [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            // `buffer` has at least n elements; n > 0, so baseAddress exists.
            guard let base = buffer.baseAddress else { return }
            let out = UncheckedSendable(base)
            forEach(n, mode) { c, r in body(c, r, out.value) }
            initialized = n
        }
    }

    /// Per-chunk results combined in chunk order: a reduction whose
    /// rounding is the same whether the chunks ran on one core or two.
    static func reduce<T>(_ n: Int, _ mode: Parallelism, initial: T, _ chunkResult: (Range<Int>) -> T,
                          _ combine: (T, T) -> T) -> T {
        let chunks = count(for: n)
        guard chunks > 0 else { return initial }
        var parts = [T?](repeating: nil, count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let out = UncheckedSendable(base)
            forEach(n, mode) { c, r in out.value[c] = chunkResult(r) }
        }
        var total = initial
        for part in parts { if let part { total = combine(total, part) } }
        return total
    }
}

/// Hands a value to `concurrentPerform`'s worker threads. Only used for
/// pointers and closures whose users write disjoint ranges and are joined
/// before the caller goes on.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
