import ScenarioKit
#if canImport(Glibc)
import Glibc
#endif

ScenarioCommand.runMain()
