#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A guard against sample arrays exhausting memory: runaway recursion on a
/// value of ten million samples would otherwise be killed by the system,
/// not stopped with a located error (SPEC §9).
///
/// Before a large array is made, the process's resident memory is read
/// (one small file read, only for arrays of at least 64K samples, where it
/// costs well under 1% of filling the array) and the array must fit under
/// half of physical memory, and under 8 GiB (a thousand values of the
/// largest sample count).
enum SampleMemory {
    static let checkedFrom = 65_536

    /// Half the machine's memory, at most 8 GiB; 4 GiB when it cannot be read.
    /// In a container with a memory limit (cgroup), at most three quarters
    /// of that limit, or the container is killed first. The environment
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

    static func reserve(_ count: Int, at span: SourceSpan) throws {
        guard count >= checkedFrom, let resident = residentBytes() else { return }
        if resident + count * 8 > limit {
            throw LocatedError("out of memory for samples: \(count) more would pass \(limit >> 20) MiB", at: span,
                               help: "use fewer samples ('set samples N'), or make sure a recursion stops")
        }
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
