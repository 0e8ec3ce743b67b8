// A session's evaluation thread: one thread with a large stack, started on
// first use and reused for every evaluation, so deep recursion and deeply
// nested input end in a located error instead of a crash, and the host's
// threads (a Swift concurrency pool's among them) never run an evaluation
// themselves: sync calls wait, async calls suspend.

import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a session's evaluations, in the order posted, on one thread with a
/// 512 MiB stack (reserved virtual memory: pages are touched only as used).
///
/// Hand-over is quick: after an evaluation the thread watches for the next
/// one for a short while before it sleeps, and a caller waiting for a
/// short evaluation watches for its end before it sleeps, so a host that
/// evaluates many short expressions pays no thread wake-ups.
final class EvaluationThread: @unchecked Sendable {
    // @unchecked: `jobs`, `stopping` and `finished` are read and written
    // only with `mutex` held; the atomics are atomic; the rest is immutable.

    /// A piece of work, given the stack bounds it may use. What it returns
    /// runs after the work itself has been let go (and, with it, what it
    /// captured): resuming an async caller there means the caller, not this
    /// thread, drops the last reference to its session.
    typealias Work = (StackBounds) -> Finish?
    /// What is left to do once a job's work has been let go.
    typealias Finish = @Sendable () -> Void

    static let stackSize = 512 << 20
    /// Stack the guarded code may use: the rest is headroom for the frames
    /// between two guard checks (one expression's nesting, printing values).
    /// A call level takes about 1 KiB (release) to 3 KiB (debug), so the
    /// 10,000-call limit needs some 30 MiB; the guard catches bodies that
    /// take much more per level.
    static let budget = stackSize - (128 << 20)
    /// Without a thread of our own (creation failed), stay well inside even
    /// a small secondary thread's stack.
    static let fallbackBudget = 256 << 10
    /// How many times each side looks before it sleeps: a few tens of
    /// microseconds.
    static let spins = 50_000

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let posted = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let done = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [Work] = []
    private var stopping = false
    /// How many jobs have been posted, and how many have finished.
    private let postedCount = Atomic<UInt64>(0)
    private let finishedCount = Atomic<UInt64>(0)
    private var thread: pthread_t?
    private var failed = false
    /// The session's sample budget, made the thread's own when it starts.
    let meter: SampleMeter

    init(meter: SampleMeter) {
        self.meter = meter
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(posted, nil)
        pthread_cond_init(done, nil)
    }

    deinit {
        pthread_cond_destroy(posted)
        pthread_cond_destroy(done)
        pthread_mutex_destroy(mutex)
        posted.deallocate()
        done.deallocate()
        mutex.deallocate()
    }

    /// Posts `work`; returns the ticket to wait for, or nil when no thread
    /// could be made (the caller then runs the work itself, with
    /// ``fallbackBudget``).
    func post(_ work: @escaping Work) -> UInt64? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if thread == nil && !failed { failed = !start() }
        guard !failed else { return nil }
        jobs.append(work)
        let ticket = postedCount.add(1, ordering: .releasing).newValue
        pthread_cond_signal(posted)
        return ticket
    }

    /// Waits until the job with `ticket` has finished.
    func wait(for ticket: UInt64) {
        for _ in 0..<Self.spins where finishedCount.load(ordering: .acquiring) >= ticket { return }
        pthread_mutex_lock(mutex)
        while finishedCount.load(ordering: .acquiring) < ticket { pthread_cond_wait(done, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Runs `work` on this thread with the fallback budget and the session's
    /// meter, when no evaluation thread could be made.
    func runHere(_ work: Work) {
        let previous = SampleMeter.current
        SampleMeter.install(meter)
        let finish = work(StackBounds(base: StackGuard.currentAddress(), budget: UInt(Self.fallbackBudget)))
        SampleMeter.install(previous)
        finish?()
    }

    /// Whether this is the evaluation thread.
    var isCurrent: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard let thread else { return false }
        return pthread_equal(thread, pthread_self()) != 0
    }

    /// Lets the thread finish the jobs posted and end. Called when the
    /// session goes away; joins the thread unless it is this one (a job's
    /// last reference to the session was released on it), which then ends
    /// by itself.
    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_signal(posted)
        let running = thread
        thread = nil
        pthread_mutex_unlock(mutex)
        guard let running else { return }
        if pthread_equal(running, pthread_self()) != 0 {
            pthread_detach(running)
        } else {
            pthread_join(running, nil)
        }
    }

    /// The thread's loop: take the next job, run it, count it finished.
    private func loop(_ bounds: StackBounds) {
        SampleMeter.install(meter)
        while true {
            var work = next()
            guard work != nil else { break }
            let finish = work?(bounds)
            // Let the work go before anyone hears it is done: it holds the
            // session, whose last reference must be dropped by its caller,
            // not here (a session torn down on its own thread would be torn
            // down after the host thinks it is gone).
            work = nil
            finishedCount.add(1, ordering: .releasing)
            // A waiter may be asleep; wake it (cheap when none is).
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(done)
            pthread_mutex_unlock(mutex)
            finish?()
        }
        SampleMeter.install(nil)
    }

    /// The next job, watching a short while before sleeping; nil once
    /// stopped with nothing left to do.
    private func next() -> Work? {
        let taken = finishedCount.load(ordering: .relaxed)
        for _ in 0..<Self.spins where postedCount.load(ordering: .acquiring) > taken { break }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while jobs.isEmpty && !stopping { pthread_cond_wait(posted, mutex) }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }

    /// Starts the thread; false when it could not be made.
    private func start() -> Bool {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, Self.stackSize) == 0 else { return false }
        // The thread holds its EvaluationThread until the loop ends.
        let context = Unmanaged.passRetained(self).toOpaque()
        #if canImport(Glibc)
        var made = pthread_t()
        #else
        var made: pthread_t?
        #endif
        let created = pthread_create(&made, &attributes, { raw in
            guard let raw else { return nil }
            let owner = Unmanaged<EvaluationThread>.fromOpaque(raw).takeRetainedValue()
            owner.loop(StackBounds(base: StackGuard.currentAddress(), budget: UInt(EvaluationThread.budget)))
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<EvaluationThread>.fromOpaque(context).release()
            return false
        }
        thread = made
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
