// One malloc arena for the whole process. Each session evaluates on a
// thread of its own (ScenarioKit's EvaluationThread), and glibc gives such
// a thread an arena of its own that grows a few pages at a time, one
// mprotect call each: 9,525 calls for the 80,000-line deal file, a fifth
// of its system time. The main arena grows with brk and a padding instead.
// The evaluation thread is the only one that allocates much (the Monte
// Carlo helper threads allocate one array per operation), so one arena
// costs no contention. Measured with hyperfine (bench/RESULTS.md): the deal
// file 204 -> 192 ms, the pipeline 47 -> 41 ms, fib and botec unchanged.
// ScenarioKit itself leaves the host's allocator alone; this is the
// command's choice.

#if canImport(Glibc)
import Glibc

enum MallocTuning {
    /// `mallopt(M_ARENA_MAX, 1)`, looked up at run time: <malloc.h> is not
    /// in Swift's Glibc module. Must run before any other thread allocates.
    static func useOneArena() {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mArenaMax: Int32 = -8
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mArenaMax, 1)
    }
}
#else
enum MallocTuning {
    static func useOneArena() {}
}
#endif
