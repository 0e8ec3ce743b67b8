// The memory budget for sample sets and large lists: a located error
// instead of the kernel's out-of-memory killer.

import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A guard against sample arrays (and large lists) exhausting memory:
/// runaway recursion on a value of ten million samples, two million values
/// of ten thousand samples each, or a hundred lists of ten million numbers,
/// would otherwise be killed by the system, not stopped with a located
/// error (SPEC §9).
///
/// Every sample array is announced here before it is made. The process's
/// resident memory (which holds every live array, whatever made it) is read
/// before an array of at least 64K samples, and after every 1 MiB of smaller
/// arrays; the new array, and what was made since the last reading, must fit
/// under the budget. One small file read per 1 MiB of samples made costs
/// about 1% of filling them, and nothing is added per sample.
enum SampleMemory {
    static let checkedFrom = 65_536

    /// Bytes of small arrays announced since the resident size was last
    /// read. Process-wide, like the resident size it stands in for between
    /// readings: sessions on other threads fill the same memory.
    private static let unread = Atomic<Int>(0)

    /// Small arrays read the resident size once this many bytes have been made.
    static let readEvery = 1 << 20

    /// Half the machine's memory, at most 8 GiB; 4 GiB when it cannot be read.
    /// In a container with a memory limit (cgroup), at most three quarters
    /// of that limit, or the container is killed first; under an address
    /// space limit (`ulimit -v`), at most half of it. The environment
    /// variable `SCENARIO_MEMORY_MB` sets the budget outright (issue 8).
    static let limit: Int = {
        if let text = getenv("SCENARIO_MEMORY_MB"), let mb = Int(String(cString: text)), mb > 0 {
            return mb << 20
        }
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        var budget = pages > 0 && size > 0 ? min(pages / 2 * size, 8 << 30) : 4 << 30
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let cap = readNumber(file), cap > 0 { budget = min(budget, cap / 4 * 3) }
        }
        // Under `ulimit -v` an allocation past the limit fails, and Swift
        // stops the process; half the address space leaves room for the
        // evaluation thread's stack and the runtime.
        var space = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &space) == 0, space.rlim_cur != rlim_t.max {
            budget = min(budget, Int(clamping: space.rlim_cur / 2))
        }
        return budget
    }()

    /// The number a small file holds ("max" and unreadable files are nil).
    private static func readNumber(_ path: String) -> Int? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 31) }
        guard n > 0 else { return nil }
        return Int(String(decoding: buffer[0..<n].prefix { (0x30...0x39).contains($0) }, as: UTF8.self))
    }

    /// Throws when an array of `count` samples would take the session past
    /// its budget (its ``SampleMeter``), or the process past the machine's.
    @inline(__always)
    static func reserve(_ count: Int, at span: SourceSpan) throws {
        if let meter = SampleMeter.current {
            try meter.check(adding: count &* 8 &+ SampleMeter.overhead, count, at: span)
        }
        if count >= checkedFrom {
            try check(adding: count &* 8, count, at: span)
            return
        }
        // An array's header and the allocator's own words, so that a
        // great many tiny arrays are counted too.
        let bytes = count &* 8 &+ 48
        let (_, made) = unread.add(bytes, ordering: .relaxed)
        guard made >= readEvery else { return }
        // Whoever takes the count reads the resident size for it.
        try check(adding: unread.exchange(0, ordering: .relaxed), count, at: span)
    }

    /// Throws when a list of `count` values would take the process past
    /// the same budget. Lists of 64K+ values are checked (a million values
    /// take 24 MB): a hundred lists of ten million numbers are as sure a
    /// way to be killed as too many samples.
    @inline(__always)
    static func reserveList(_ count: Int, at span: SourceSpan) throws {
        guard count >= checkedFrom else { return }
        if let meter = SampleMeter.current {
            try meter.checkList(adding: count &* MemoryLayout<Value>.stride, count, at: span)
        }
        guard fits(count &* MemoryLayout<Value>.stride) else {
            throw LocatedError("out of memory: a list of \(count) values would pass \(limit >> 20) MiB", at: span,
                               help: "make fewer or shorter lists, or make sure a recursion stops", kind: .limit)
        }
    }

    private static func check(adding bytes: Int, _ count: Int, at span: SourceSpan) throws {
        guard !fits(bytes) else { return }
        throw LocatedError("out of memory for samples: \(count) more would pass \(limit >> 20) MiB", at: span,
                           help: "use fewer samples ('set samples N'), or make sure a recursion stops", kind: .limit)
    }

    /// Whether `bytes` more stay under the budget.
    private static func fits(_ bytes: Int) -> Bool {
        guard let resident = residentBytes(), resident + bytes > limit else { return true }
        // Memory the allocator holds free but has not given back counts
        // as resident; hand it back before saying no.
        trimHeap()
        guard let again = residentBytes(), again + bytes > limit else { return true }
        return false
    }

    /// glibc's `malloc_trim(0)` (declared in <malloc.h>, which Swift's Glibc
    /// module leaves out); looked up only on the way to an error.
    private static func trimHeap() {
        #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }

    /// The resident set size, from /proc/self/statm (Linux); nil elsewhere.
    static func residentBytes() -> Int? {
        #if os(Linux)
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 127) }
        guard n > 0 else { return nil }
        // "size resident shared …" in pages.
        let fields = buffer[0..<n].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
        #else
        return nil
        #endif
    }
}

/// One session's share of the sample budget (SPEC §12: `limits.memoryMB`
/// bounds *this session's* samples and lists, not the process's memory).
///
/// Every sample set the session's evaluation thread makes takes a
/// ``SampleTicket`` for its bytes, given back when the set is freed, so
/// `live` is what the session's sample sets hold right now, whatever else
/// the host process allocates. The meter is found through a thread-local
/// slot that the session's evaluation thread sets once; sample sets made
/// on any other thread (a host's own) are not counted.
final class SampleMeter: @unchecked Sendable {
    // @unchecked: `budget` is immutable and `live` atomic.
    /// The budget in bytes.
    let budget: Int
    /// Bytes held by this session's live sample sets.
    let live = Atomic<Int>(0)
    /// An array's header and the allocator's words, so that a great many
    /// tiny sample sets are counted too.
    static let overhead = 48

    init(budget: Int) {
        self.budget = budget
    }

    /// Throws when `bytes` more samples would pass the session's budget.
    func check(adding bytes: Int, _ count: Int, at span: SourceSpan) throws {
        guard live.load(ordering: .relaxed) &+ bytes > budget else { return }
        throw LocatedError("out of memory for samples: \(count) more would pass \(budget >> 20) MiB", at: span,
                           help: "use fewer samples ('set samples N'), or make sure a recursion stops", kind: .limit)
    }

    /// Throws when a list of `bytes`, with the live samples, would pass the
    /// budget. Lists are checked when made, not counted while they live.
    func checkList(adding bytes: Int, _ count: Int, at span: SourceSpan) throws {
        guard live.load(ordering: .relaxed) &+ bytes > budget else { return }
        throw LocatedError("out of memory: a list of \(count) values would pass \(budget >> 20) MiB",
                           at: span, help: "make fewer or shorter lists, or make sure a recursion stops", kind: .limit)
    }

    /// A ticket for a new sample set of `count` samples, counted against
    /// the meter of the current thread; nil on a thread without one.
    @inline(__always)
    static func ticket(for count: Int) -> SampleTicket? {
        guard let meter = current else { return nil }
        return SampleTicket(meter: meter, bytes: count &* 8 &+ overhead)
    }

    /// The meter of the session evaluating on this thread, if any.
    static var current: SampleMeter? {
        guard let raw = pthread_getspecific(slot) else { return nil }
        return Unmanaged<SampleMeter>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Makes `meter` this thread's (nil: none). The caller keeps the meter
    /// alive for as long as it is set.
    static func install(_ meter: SampleMeter?) {
        pthread_setspecific(slot, meter.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) })
    }

    /// The thread-local slot: made once, never changed.
    private static let slot: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}

/// A sample set's share of its session's ``SampleMeter``, given back when
/// the last copy of the set is freed.
final class SampleTicket: @unchecked Sendable {
    // @unchecked: immutable; the meter's count is atomic.
    let meter: SampleMeter
    let bytes: Int

    init(meter: SampleMeter, bytes: Int) {
        self.meter = meter
        self.bytes = bytes
        meter.live.add(bytes, ordering: .relaxed)
    }

    deinit {
        meter.live.subtract(bytes, ordering: .relaxed)
    }
}
