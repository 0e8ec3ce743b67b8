// Reserving room for large lists against the memory budget.

#if canImport(Glibc)
import Glibc
#endif

/// Room for a list of many values. A list of a million values takes
/// 24 MB, which the kernel hands out 4 KiB at a time, one page fault each;
/// asking for transparent huge pages on such a buffer lets it fault in
/// 2 MiB at a time (a hint: without them nothing changes but the speed).
enum LargeLists {
    /// Below this many bytes the faults do not matter.
    static let threshold = 4 << 20

    /// An empty array with room for `count` values; an error if they would
    /// not fit in the memory budget (``SampleMemory``).
    static func reserved(_ count: Int, at span: SourceSpan) throws -> [Value] {
        try SampleMemory.reserveList(count, at: span)
        var out: [Value] = []
        out.reserveCapacity(count)
        #if os(Linux)
        let bytes = out.capacity * MemoryLayout<Value>.stride
        if bytes >= threshold {
            out.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                // The 2 MiB-aligned part of the buffer: only whole pages of our own.
                let huge = UInt(2 << 20)
                let start = (UInt(bitPattern: base) + huge - 1) & ~(huge - 1)
                let end = (UInt(bitPattern: base) + UInt(bytes)) & ~(huge - 1)
                if end > start {
                    _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), MADV_HUGEPAGE)
                }
            }
        }
        #endif
        return out
    }
}
