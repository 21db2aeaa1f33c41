//! The engine alone, for measuring its wasm32 size (no UI, no wasm-bindgen):
//! `scripts/engine-size.sh` builds this for wasm32 with the browser profile and reports raw/gzip.

fn main() {
    let engine = aks_backup_doctor::Engine::builtin();
    let text = std::env::args().nth(1).unwrap_or_default();
    let report = engine.classify(&text);
    let json = aks_backup_doctor::engine::report_json(&engine, &text, &report);
    std::hint::black_box(json.to_string());
}
