// swift-tools-version:5.9
// The Swift package of learner-destinations: the generated Swift sources over a prebuilt
// XCFramework (built on macOS by build-xcframework.sh; not built or tested on the Linux machines
// that generate these sources, which have no Swift compiler).
import PackageDescription

let package = Package(
    name: "LearnerDestinations",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "LearnerDestinations", targets: ["LearnerDestinations"]),
    ],
    targets: [
        .binaryTarget(name: "LearnerDestinationsFFIBinary", path: "build/LearnerDestinationsFFI.xcframework"),
        .target(
            name: "LearnerDestinationsFFI",
            dependencies: ["LearnerDestinationsFFIBinary"],
            path: "Sources/LearnerDestinationsFFI",
            publicHeadersPath: "include"
        ),
        .target(name: "LearnerDestinations", dependencies: ["LearnerDestinationsFFI"], path: "Sources/LearnerDestinations"),
        .testTarget(
            name: "LearnerDestinationsTests",
            dependencies: ["LearnerDestinations"],
            path: "Tests/LearnerDestinationsTests"
        ),
    ]
)
