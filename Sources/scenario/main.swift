import ScenarioKit
#if canImport(Glibc)
import Glibc
#endif

MallocTuning.useOneArena()

// A file size limit (`ulimit -f`) then fails the write with EFBIG, which
// `:save` and the history report, instead of killing the REPL and its work.
signal(SIGXFSZ, SIG_IGN)
ScenarioCommand.runMain()
