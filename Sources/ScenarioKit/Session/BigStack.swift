// Runs evaluation on a thread with a large stack, so deep recursion and
// deeply nested input end in a located error instead of a crash.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a fresh thread with a large stack and waits for it, so that
/// deep recursion and deeply nested input never overflow the caller's
/// (possibly small) stack. The stack is reserved virtual memory; pages are
/// only touched as they are used.
enum BigStack {
    static let size = 512 << 20
    /// Stack the guarded code may use: the rest is headroom for the frames
    /// between two guard checks (one expression's nesting, printing values).
    /// A call level takes about 1 KiB (release) to 3 KiB (debug), so the
    /// 10,000-call limit needs some 30 MiB; the guard catches bodies that
    /// take much more per level.
    static let budget = size - (128 << 20)
    /// Without a thread of our own (creation failed), stay well inside even
    /// a small secondary thread's stack.
    static let fallbackBudget = 256 << 10

    private final class Job: @unchecked Sendable {
        // @unchecked: written before the thread starts and read after it is
        // joined, never concurrently.
        let work: (StackBounds) -> Void
        init(_ work: @escaping (StackBounds) -> Void) { self.work = work }
    }

    /// Runs `body` on a big-stack thread, telling it how much stack it may
    /// use; rethrows what it throws.
    static func run<T>(_ body: (StackBounds) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            var result: Result<T, any Error>?
            // `result` is only touched by the worker while the caller waits in join.
            withUnsafeMutablePointer(to: &result) { resultPointer in
                let slot = UnsafeSendable(resultPointer)
                let job = Job { limit in slot.value.pointee = Result { try body(limit) } }
                if !start(job) {
                    job.work(StackBounds(base: StackGuard.currentAddress(), budget: UInt(fallbackBudget)))
                }
            }
            guard let result else { throw LocatedError("internal error: evaluation did not finish", at: .none, kind: .runtime) }
            return try result.get()
        }
    }

    private struct UnsafeSendable<P>: @unchecked Sendable {
        let value: P
        init(_ value: P) { self.value = value }
    }

    /// Starts the thread and joins it; false when no thread could be made.
    private static func start(_ job: Job) -> Bool {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, size) == 0 else { return false }
        let context = Unmanaged.passRetained(job).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let created = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
            job.work(StackBounds(base: StackGuard.currentAddress(), budget: UInt(BigStack.budget)))
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return false
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        if let thread { pthread_join(thread, nil) }
        #endif
        return true
    }
}

/// How much of the current thread's stack guarded code may use.
struct StackBounds {
    /// Roughly where the thread's stack starts (stacks grow down).
    let base: UInt
    let budget: UInt

    /// Calls stop with "recursion too deep" below this address.
    var evaluationLimit: UInt { base > budget ? base - budget : 0 }
    /// Resolving stops with "expression nested too deeply" below this one:
    /// a quarter of the budget, since evaluating a tree takes more stack per
    /// level than resolving it.
    var resolutionLimit: UInt { base > budget / 4 ? base - budget / 4 : 0 }
}
