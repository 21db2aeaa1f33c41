//! The browser entry point, built by Trunk for wasm32: starts the app (or, in the embed bundle,
//! only the engine and the JS API) and exports `mount` for the `<aks-backup-doctor>` element.

#[cfg(target_arch = "wasm32")]
mod embed {
    use aks_backup_doctor::ui::browser::{mount as mount_app, Mounted};
    use aks_backup_doctor::ui::Route;
    use wasm_bindgen::prelude::*;

    /// One `<aks-backup-doctor>` instance.
    #[wasm_bindgen]
    pub struct EmbedHandle(Option<Mounted>);

    #[wasm_bindgen]
    impl EmbedHandle {
        /// Shows a route (`#/`, `#/catalog`, `#/entry/<id>`) inside this instance only.
        pub fn navigate(&self, fragment: &str) {
            if let Some(m) = &self.0 {
                if let Some(nav) = m.navigate.borrow().as_ref() {
                    nav.emit(Route::parse(fragment));
                }
            }
        }

        pub fn destroy(&mut self) {
            if let Some(m) = self.0.take() {
                m.handle.destroy();
            }
        }
    }

    /// Renders an independent app into `root`.
    #[wasm_bindgen]
    pub fn mount(
        root: web_sys::Element,
        lang: String,
        compact: bool,
        value: String,
    ) -> EmbedHandle {
        EmbedHandle(Some(mount_app(root, &lang, compact, value)))
    }
}

fn main() {
    aks_backup_doctor::ui::start();
}
