//! `aksbd-bench-inproc [--runs N] FILE...`: for each file (a paste, read whole), classifies it
//! N times in this process and prints one JSON object: the engine build time and, per file, the
//! top-1 entry id and the median classify latency in nanoseconds.

use aks_backup_doctor::Engine;
use serde_json::json;
use std::hint::black_box;
use std::time::Instant;

fn median(mut v: Vec<u128>) -> u128 {
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 21usize;
    if args.first().map(String::as_str) == Some("--runs") {
        runs = args.get(1).and_then(|s| s.parse().ok()).expect("--runs N");
        args.drain(..2);
    }
    let build: Vec<u128> = (0..runs.min(11))
        .map(|_| {
            let t = Instant::now();
            black_box(Engine::builtin());
            t.elapsed().as_nanos()
        })
        .collect();
    let engine = Engine::builtin();
    let ids: Vec<String> = engine
        .catalog()
        .entries
        .iter()
        .map(|e| e.id.to_string())
        .collect();
    let mut results = Vec::new();
    for f in &args {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        for _ in 0..3 {
            black_box(engine.classify(black_box(&text)));
        }
        let times: Vec<u128> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                black_box(engine.classify(black_box(&text)));
                t.elapsed().as_nanos()
            })
            .collect();
        let report = engine.classify(&text);
        let top = report.matches.first().map(|m| ids[m.entry].as_str());
        let level = report.matches.first().map(|m| m.level.as_str());
        results.push(json!({
            "file": f,
            "bytes": text.len(),
            "top": top,
            "level": level,
            "medianNs": median(times) as u64,
        }));
    }
    println!(
        "{}",
        json!({
            "runs": runs,
            "engineBuildMedianNs": median(build) as u64,
            "results": results,
        })
    );
}
