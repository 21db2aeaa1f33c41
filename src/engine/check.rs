//! The full catalog check: structure (see [`crate::catalog::validate`]), then the engine: every
//! signal compiles and every sample still classifies to its own entry with confidence.

use super::{Engine, Level};
use crate::catalog::{validate, Catalog, Problem};

pub fn check(catalog: &Catalog) -> Vec<Problem> {
    let mut problems = validate(catalog);
    let engine = match Engine::new(catalog.clone()) {
        Ok(e) => e,
        Err(message) => {
            problems.push(Problem {
                entry: None,
                field: "signals".into(),
                message,
            });
            return problems;
        }
    };
    for (ei, e) in catalog.entries.iter().enumerate() {
        for (si, sample) in e.samples.iter().enumerate() {
            let report = engine.classify(sample);
            let hit = report.matches.iter().find(|m| m.entry == ei);
            let problem = match hit {
                None => Some("does not classify to this entry".to_string()),
                Some(m) if m.level < Level::Strong => Some(format!(
                    "classifies to this entry only at level {}",
                    m.level.as_str()
                )),
                Some(_) => None,
            };
            if let Some(message) = problem {
                let got: Vec<String> = report
                    .matches
                    .iter()
                    .take(3)
                    .map(|m| format!("{}={}", catalog.entries[m.entry].id, m.level.as_str()))
                    .collect();
                problems.push(Problem {
                    entry: Some(e.id.to_string()),
                    field: format!("samples[{si}]"),
                    message: format!("{message} (got: [{}])", got.join(", ")),
                });
            }
        }
    }
    problems
}
