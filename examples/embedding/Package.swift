// swift-tools-version: 6.2
// A package that embeds ScenarioKit the way another project would, with
// the dependency lines the README shows: the package's identity is the last
// component of its path or URL, `scenario`. `make test` builds it from a
// fresh path where `../scenario` is this repository (scripts/embedding.sh)
// and runs the demo and the tests; `make bench-embedding` runs the bench.
import PackageDescription

let package = Package(
    name: "embedding-demo",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../scenario"),
    ],
    targets: [
        // The README's example.
        .executableTarget(
            name: "embedding-demo",
            dependencies: [.product(name: "ScenarioKit", package: "scenario")]
        ),
        // The Swift examples of README.md ("Embedding ScenarioKit") and of
        // docs/reference/embedding.md ("A worked example"), verbatim: a test
        // keeps them equal to the documents; `make test` builds and runs them.
        .executableTarget(
            name: "readme-example",
            dependencies: [.product(name: "ScenarioKit", package: "scenario")]
        ),
        .executableTarget(
            name: "reference-example",
            dependencies: [.product(name: "ScenarioKit", package: "scenario")]
        ),
        // What an evaluate costs, and what a long-lived session holds.
        .executableTarget(
            name: "embedding-bench",
            dependencies: [.product(name: "ScenarioKit", package: "scenario")]
        ),
        // A host's test suite: only the public API, run in parallel.
        .testTarget(
            name: "EmbeddingTests",
            dependencies: [.product(name: "ScenarioKit", package: "scenario")]
        ),
    ]
)
