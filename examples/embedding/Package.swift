// swift-tools-version: 6.0
// A package that depends on Scenario and embeds it, as another project would
// (README, "Embedding ScenarioKit"). `make test` builds and runs it.
import PackageDescription

let package = Package(
    name: "embedding-demo",
    dependencies: [.package(name: "Scenario", path: "../..")],
    targets: [
        .executableTarget(
            name: "embedding-demo",
            dependencies: [.product(name: "ScenarioKit", package: "Scenario")]
        ),
    ]
)
