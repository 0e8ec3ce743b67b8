/// Summaries of sample arrays. Sums run chunk by chunk and add the chunk
/// totals in order, so they round the same on one core and on two.
enum Statistics {
    static func sum(_ xs: [Double], _ mode: Parallelism = .automatic) -> Double {
        xs.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            let p = UncheckedSendable(base)
            return Chunks.reduce(buffer.count, mode, initial: 0.0, { range in
                // Four accumulators: the loop vectorises and the chunk's
                // rounding stays fixed by the chunk alone.
                var a = 0.0, b = 0.0, c = 0.0, d = 0.0
                var i = range.lowerBound
                let end = range.upperBound
                while i + 4 <= end {
                    a += p.value[i]
                    b += p.value[i + 1]
                    c += p.value[i + 2]
                    d += p.value[i + 3]
                    i += 4
                }
                while i < end {
                    a += p.value[i]
                    i += 1
                }
                return (a + b) + (c + d)
            }, +)
        }
    }

    static func mean(_ xs: [Double], _ mode: Parallelism = .automatic) -> Double {
        xs.isEmpty ? .nan : sum(xs, mode) / Double(xs.count)
    }

    /// The population standard deviation (divides by n, like numpy's
    /// default), from the squared deviations about the mean.
    static func sd(_ xs: [Double], _ mode: Parallelism = .automatic) -> Double {
        guard !xs.isEmpty else { return .nan }
        let m = mean(xs, mode)
        let squares = xs.withUnsafeBufferPointer { buffer -> Double in
            guard let base = buffer.baseAddress else { return 0 }
            let p = UncheckedSendable(base)
            return Chunks.reduce(buffer.count, mode, initial: 0.0, { range in
                var total = 0.0
                for i in range {
                    let d = p.value[i] - m
                    total += d * d
                }
                return total
            }, +)
        }
        return (squares / Double(xs.count)).squareRoot()
    }

    /// The number of nonzero samples (true ones, for booleans).
    static func countTrue(_ xs: [Double]) -> Int {
        var count = 0
        for x in xs where x != 0 { count += 1 }
        return count
    }

    static func minMax(_ xs: [Double]) -> (min: Double, max: Double)? {
        guard var lo = xs.first else { return nil }
        var hi = lo
        for x in xs {
            if x < lo { lo = x }
            if x > hi { hi = x }
        }
        return (lo, hi)
    }

    /// Percentiles at fractions `ps` (each 0…1), interpolating linearly
    /// between the two closest ranks as numpy's default method does. Uses
    /// selection, not sorting: linear time.
    static func percentiles(_ xs: [Double], _ ps: [Double]) -> [Double] {
        guard !xs.isEmpty else { return ps.map { _ in .nan } }
        var work = xs
        let n = work.count
        return work.withUnsafeMutableBufferPointer { buffer in
            ps.map { p in
                let clamped = min(max(p, 0), 1)
                let rank = clamped * Double(n - 1)
                let lower = Int(rank.rounded(.down))
                let weight = rank - Double(lower)
                let low = select(buffer, lower)
                guard weight > 0, lower + 1 < n else { return low }
                // After selecting rank `lower`, everything above it is no smaller.
                var next = buffer[lower + 1]
                for i in (lower + 1)..<n where buffer[i] < next { next = buffer[i] }
                return low + weight * (next - low)
            }
        }
    }

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        percentiles(xs, [p])[0]
    }

    /// Rearranges `a` so that `a[k]` holds the k-th smallest element, with no
    /// larger element before it and no smaller one after it; returns it.
    ///
    /// Quickselect with a three-way partition (so the many equal samples of
    /// a mixture's point masses cost nothing) and a median-of-three pivot.
    /// A range that stops shrinking fast enough is sorted instead, which
    /// bounds the worst case at n log n.
    static func select(_ a: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        var lo = 0, hi = a.count - 1
        var budget = 2 * (Int.bitWidth - a.count.leadingZeroBitCount) + 8
        while lo < hi {
            if budget == 0 {
                var part = UnsafeMutableBufferPointer(rebasing: a[lo...hi])
                part.sort()
                return a[k]
            }
            budget -= 1
            let mid = lo + (hi - lo) / 2
            let pivot = median3(a[lo], a[mid], a[hi])
            // a[lo..<lt] < pivot, a[lt..<i] == pivot, a[gt+1...hi] > pivot
            var lt = lo, i = lo, gt = hi
            while i <= gt {
                let x = a[i]
                if x < pivot {
                    a.swapAt(lt, i)
                    lt += 1
                    i += 1
                } else if x > pivot {
                    a.swapAt(i, gt)
                    gt -= 1
                } else {
                    i += 1
                }
            }
            if k < lt {
                hi = lt - 1
            } else if k > gt {
                lo = gt + 1
            } else {
                return pivot
            }
        }
        return a[k]
    }

    @inline(__always)
    private static func median3(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }
}

/// What an uncertain value shows: its mean and its 90% interval. The
/// printed form, `--json` and the summaries `mean` and `percentile` all use
/// these same computations, so they agree digit for digit.
struct SampleSummary: Sendable, Equatable {
    var mean: Double
    var p5: Double
    var p95: Double

    /// Nil for no samples.
    init?(_ samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        mean = Statistics.mean(samples)
        let interval = Statistics.percentiles(samples, [0.05, 0.95])
        p5 = interval[0]
        p95 = interval[1]
    }
}
