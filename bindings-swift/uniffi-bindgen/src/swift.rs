//! `uniffi-bindgen-swift`: generates the Swift sources, the C header and the modulemap.
fn main() {
    uniffi::uniffi_bindgen_swift()
}
