// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Scenario",
    // Synchronization's Atomic and Mutex (the interrupt flag, a session's
    // evaluation state) need macOS 15; Linux has them with Swift 6.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ScenarioKit", targets: ["ScenarioKit"]),
        .executable(name: "scenario", targets: ["scenario"]),
    ],
    dependencies: [
        // The command line (subcommands, --help, exit code 2 on bad flags).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `make docs`: the DocC catalogue of ScenarioKit (a plugin only; nothing links it).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // Pure Swift: lexer, parser, resolver, evaluator, domain, diagnostics.
        .target(name: "ScenarioKit"),
        // libedit for the REPL's line editing; only the executable links it.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .executableTarget(
            name: "scenario",
            dependencies: [
                "ScenarioKit",
                "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ScenarioKitTests", dependencies: ["ScenarioKit"]),
        // Runs the built binary; `make test` builds it before testing.
        .testTarget(name: "ScenarioCLITests"),
    ]
)
