//! Writes the generated cases of the hostile corpus (`hostile/manifest.json`) into a folder,
//! for runners that do not make them themselves: `cargo run -p learner-destinations-vectors
//! --bin hostile-generate -- [FOLDER]` (default `tests/hostile/generated`). The small committed
//! cases under `hostile/files/` are made by the same code, and written there when missing.

use learner_destinations_vectors::hostile::{generate, hostile_dir};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::args_os()
        .nth(1)
        .map_or_else(|| hostile_dir().join("generated"), PathBuf::from);
    std::fs::create_dir_all(&folder)?;
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        hostile_dir().join("manifest.json"),
    )?)?;
    for case in manifest["cases"].as_array().into_iter().flatten() {
        let file = case["file"].as_str().unwrap_or_default();
        let path = if case["generated"] == true {
            folder.join(file)
        } else {
            hostile_dir().join("files").join(file)
        };
        if !path.exists() {
            generate(case["name"].as_str().unwrap_or_default(), &path)?;
        }
        println!("{}", path.display());
    }
    Ok(())
}
