//! The browser entry point, built by Trunk for wasm32.
fn main() {
    aks_backup_doctor::ui::start();
}
