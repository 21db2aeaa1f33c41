//! Writes a deterministic mixed log of about N MiB to stdout (for the grep and browser benchmarks).
//! `cargo run --release --example gen_log -- 50 > /tmp/log-50MB.txt`

use aks_backup_doctor::Engine;
use std::io::Write;

#[path = "../tests/support/loggen.rs"]
mod loggen;

fn main() {
    let mib: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let every: u64 = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let engine = Engine::builtin();
    let errors = loggen::builtin_error_lines(&engine);
    let log = loggen::generate(mib << 20, &errors, every, mib as u64);
    std::io::stdout().write_all(log.as_bytes()).unwrap();
}
