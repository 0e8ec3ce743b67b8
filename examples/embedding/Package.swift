// swift-tools-version: 6.2
// A package that embeds ScenarioKit the way another project would, with
// the dependency lines the README shows: the package's identity is the last
// component of its path or URL, `scenario`. `make test` builds it from a
// fresh path where `../scenario` is this repository (scripts/embedding.sh),
// runs the two examples and the tests; `make bench-embedding` runs the bench.
import PackageDescription

let scenarioKit: Target.Dependency = .product(name: "ScenarioKit", package: "scenario")

let package = Package(
    name: "embedding-demo",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../scenario"),
    ],
    targets: [
        // readme-example and reference-example: the Swift examples of
        // README.md ("Embedding ScenarioKit") and docs/reference/embedding.md
        // ("A worked example"), verbatim (a test keeps them equal to the
        // documents); run in a debug build, so their asserts are checked.
        // embedding-bench: what an evaluate costs, and what a long-lived
        // session holds.
        .executableTarget(name: "readme-example", dependencies: [scenarioKit]),
        .executableTarget(name: "reference-example", dependencies: [scenarioKit]),
        .executableTarget(name: "embedding-bench", dependencies: [scenarioKit]),
        // A host's test suite: only the public API, run in parallel.
        .testTarget(name: "EmbeddingTests", dependencies: [scenarioKit]),
    ]
)
