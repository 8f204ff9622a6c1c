// swift-tools-version:5.9
// The Swift package of learner-destinations: the generated Swift sources
// (Sources/LearnerDestinations) over the native library, whose C module is the committed header
// and modulemap (Sources/LearnerDestinationsFFI/include, generated with the Swift sources).
//
// NOT BUILT OR TESTED ON THE PROJECT'S LINUX MACHINES: they have no Swift compiler. There the
// same scaffolding is compiled and run in Kotlin (bash bindings-swift/test-kotlin.sh).
//
// - Apple platforms: the C module and the static library come in one binary target,
//   build/LearnerDestinationsFFI.xcframework, built on a Mac by build-xcframework.sh (it
//   copies the committed header and modulemap into the framework).
// - Linux (Swift on Linux, for the tests): the committed modulemap as a system library, linked
//   against liblearner_destinations_ffi.so from `cargo build -p learner-destinations-swift
//   --release`; give its folder to the linker and the loader:
//   `LD_LIBRARY_PATH=$PWD/../target/release swift test -Xlinker -L$PWD/../target/release`.
import PackageDescription

#if os(Linux)
let ffi: Target = .systemLibrary(name: "LearnerDestinationsFFI", path: "Sources/LearnerDestinationsFFI/include")
let link: [LinkerSetting] = [.linkedLibrary("learner_destinations_ffi")]
#else
let ffi: Target = .binaryTarget(name: "LearnerDestinationsFFI", path: "build/LearnerDestinationsFFI.xcframework")
let link: [LinkerSetting] = []
#endif

let package = Package(
    name: "LearnerDestinations",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "LearnerDestinations", targets: ["LearnerDestinations"]),
    ],
    targets: [
        ffi,
        .target(
            name: "LearnerDestinations",
            dependencies: ["LearnerDestinationsFFI"],
            path: "Sources/LearnerDestinations",
            linkerSettings: link
        ),
        .testTarget(
            name: "LearnerDestinationsTests",
            dependencies: ["LearnerDestinations"],
            path: "Tests/LearnerDestinationsTests"
        ),
    ]
)
