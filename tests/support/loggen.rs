//! Deterministic mixed Velero/kubectl logs for benchmarks: mostly ordinary info lines, with the
//! catalog's sample errors and the corpus's Velero pastes scattered through them.

use std::path::Path;

/// A small linear congruential generator: the same log on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[(self.next() as usize) % items.len()]
    }
}

const NAMESPACES: [&str; 6] = [
    "shop",
    "payments",
    "default",
    "monitoring",
    "ingress-nginx",
    "orders",
];
const KINDS: [&str; 8] = [
    "pods",
    "deployments.apps",
    "services",
    "configmaps",
    "secrets",
    "persistentvolumeclaims",
    "replicasets.apps",
    "serviceaccounts",
];

/// Error lines of the built-in catalog's samples and this checkout's corpus.
pub fn builtin_error_lines(engine: &aks_backup_doctor::Engine) -> Vec<String> {
    let samples: Vec<String> = engine
        .catalog()
        .entries
        .iter()
        .flat_map(|e| e.samples.iter().map(|s| s.to_string()))
        .collect();
    error_lines(
        &samples,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"),
    )
}

/// Error lines: catalog samples plus the corpus's Velero pastes.
pub fn error_lines(catalog_samples: &[String], corpus_dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = catalog_samples
        .iter()
        .map(|s| s.replace('\n', " "))
        .collect();
    let dir = corpus_dir.join("velero");
    if let Ok(rd) = std::fs::read_dir(&dir) {
        let mut files: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for f in files {
            if let Ok(t) = std::fs::read_to_string(&f) {
                if let Some((_, paste)) = t.split_once("\n---\n") {
                    out.extend(
                        paste
                            .lines()
                            .filter(|l| !l.trim().is_empty())
                            .map(str::to_string),
                    );
                }
            }
        }
    }
    out
}

/// About `size` bytes of log; one line in `error_every` is an error line.
pub fn generate(size: usize, errors: &[String], error_every: u64, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut s = String::with_capacity(size + 4096);
    let mut t = 0u64;
    while s.len() < size {
        t += 1 + rng.next() % 3;
        let (h, m, sec) = ((t / 3600) % 24, (t / 60) % 60, t % 60);
        if rng.next() % error_every == 0 {
            s.push_str(rng.pick(errors));
            s.push('\n');
            continue;
        }
        let ns = NAMESPACES[(rng.next() % 6) as usize];
        let kind = KINDS[(rng.next() % 8) as usize];
        let n = rng.next() % 10_000;
        match rng.next() % 4 {
            0 => s.push_str(&format!(
                "time=\"2026-10-03T{h:02}:{m:02}:{sec:02}Z\" level=info msg=\"Backed up {n} items out of an estimated total of 12000 (estimate will change throughout the backup)\" backup=dataprotection-microsoft/daily-{ns} logSource=\"pkg/backup/backup.go:486\" name={ns}-{n} namespace={ns} progress= resource={kind}\n"
            )),
            1 => s.push_str(&format!(
                "time=\"2026-10-03T{h:02}:{m:02}:{sec:02}Z\" level=info msg=\"Processing item\" backup=dataprotection-microsoft/daily-{ns} logSource=\"pkg/backup/item_backupper.go:132\" name={kind}-{n} namespace={ns} resource={kind}\n"
            )),
            2 => s.push_str(&format!(
                "{ns}    {kind}-{n}-7c9f8b6d5-x{n:04}   1/1     Running   0          {h}h{m}m   10.244.{}.{}   aks-nodepool1-{n}-vmss00000{}   <none>           <none>\n",
                n % 250, (n / 7) % 250, n % 9
            )),
            _ => s.push_str(&format!(
                "I1003 {h:02}:{m:02}:{sec:02}.{n:06}       1 reconciler.go:{n}] \"Reconciling\" controller=backupstoragelocation namespace=dataprotection-microsoft name=default phase=Available\n"
            )),
        }
    }
    s
}
