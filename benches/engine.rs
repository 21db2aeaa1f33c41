//! Engine throughput on a 5 KB paste, a 1 MB log and a 50 MB log (generated deterministically).
//! `cargo bench --bench engine`; `make bench` prints MB/s from these.

use aks_backup_doctor::Engine;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "../tests/support/loggen.rs"]
mod loggen;

fn inputs(engine: &Engine) -> Vec<(&'static str, String)> {
    let errors = loggen::builtin_error_lines(engine);
    vec![
        ("paste-5KB", loggen::generate(5 * 1024, &errors, 8, 1)),
        ("log-1MB", loggen::generate(1 << 20, &errors, 400, 2)),
        ("log-50MB", loggen::generate(50 << 20, &errors, 2000, 3)),
    ]
}

fn classify(c: &mut Criterion) {
    let engine = Engine::builtin();
    let mut group = c.benchmark_group("classify");
    for (name, text) in inputs(&engine) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > (10 << 20) {
            group.sample_size(10);
        } else {
            group.sample_size(30);
        }
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| {
            b.iter(|| engine.classify(t))
        });
    }
    group.finish();
    c.bench_function("engine-build", |b| b.iter(Engine::builtin));
}

criterion_group!(benches, classify);
criterion_main!(benches);
