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
    static let limit: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return 4 << 30 }
        return min(pages / 2 * size, 8 << 30)
    }()

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
