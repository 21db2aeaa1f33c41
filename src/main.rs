//! The command-line interface: `classify`, `redact`, `check`, `list`.
//!
//! Exit status follows grep: 0 with at least one match, 1 with none, 2 on a usage or input error.

use aks_backup_doctor::catalog::{fill, render, Catalog, Lang};
use aks_backup_doctor::engine::{check, redact::Redactor, report_json, Engine, Level};
use std::io::{Read, Write};
use std::process::ExitCode;

/// Largest input the CLI reads (the engine itself has no limit; this bounds memory).
const MAX_INPUT: u64 = 512 * 1024 * 1024;

const USAGE: &str = "\
aks-backup-doctor: explain an AKS Backup error and what to run to fix it

usage:
  aks-backup-doctor classify [--json] [--lang ja|ko|en] [FILE|-]   classify a paste (stdin by default)
      [--catalog CATALOG.json]                                      with another catalog (to try edits without rebuilding)
  aks-backup-doctor redact [FILE|-]                                 print the paste with secrets masked
  aks-backup-doctor check [CATALOG.json]                            validate a catalog (the built-in one by default)
  aks-backup-doctor list [--lang ja|ko|en]                          list the catalog's entries

exit status: 0 a match (or a valid catalog), 1 no match (or problems), 2 usage or input error";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("aks-backup-doctor: {msg}");
            ExitCode::from(2)
        }
    }
}

struct Args {
    command: String,
    json: bool,
    lang: Option<Lang>,
    file: Option<String>,
    catalog: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut args = Args {
        command: String::new(),
        json: false,
        lang: None,
        file: None,
        catalog: None,
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("json") => args.json = true,
            Long("lang") | Short('l') => {
                let v = parser.value().map_err(|e| e.to_string())?;
                let v = v.to_string_lossy();
                args.lang = Some(
                    Lang::parse(&v)
                        .ok_or_else(|| format!("unknown language {v:?} (use ja, ko or en)"))?,
                );
            }
            Long("catalog") => {
                let v = parser.value().map_err(|e| e.to_string())?;
                args.catalog = Some(v.to_string_lossy().into_owned());
            }
            Long("redact") => args.command = "redact".into(),
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Long("version") | Short('V') => {
                println!("aks-backup-doctor {}", env!("CARGO_PKG_VERSION"));
                std::process::exit(0);
            }
            Value(v) if args.command.is_empty() => args.command = v.to_string_lossy().into_owned(),
            Value(v) if args.file.is_none() => args.file = Some(v.to_string_lossy().into_owned()),
            Value(v) if v == "-" && args.command == "redact" => args.file = Some("-".into()),
            other => return Err(format!("{}\n{USAGE}", other.unexpected())),
        }
    }
    if args.command.is_empty() {
        return Err(format!("missing command\n{USAGE}"));
    }
    Ok(args)
}

fn env_lang() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| Lang::parse(&v))
        .unwrap_or(Lang::En)
}

/// Regular files at least this large are mapped into memory rather than read.
const MAP_MIN: u64 = 4 << 20;

/// A paste as read: bytes in memory, or a large regular file mapped into memory.
enum Input {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl Input {
    /// The paste as text (checked once, here), with a one-line error if it is not UTF-8.
    fn text(&self, name: &str) -> Result<&str, String> {
        let bytes: &[u8] = match self {
            Input::Read(b) => b,
            Input::Mapped(m) => m,
        };
        std::str::from_utf8(bytes).map_err(|e| {
            format!(
                "{name}: input is not UTF-8 text (invalid byte at offset {}); is it a binary file? Convert it with iconv first",
                e.valid_up_to()
            )
        })
    }
}

/// Reads a file or stdin, with one-line errors; [`Input::text`] then checks that it is UTF-8.
///
/// A regular file of [`MAP_MIN`] bytes or more is mapped instead: reading a 50 MiB log was
/// mostly the kernel copying it into fresh pages of a buffer before the engine could start (a
/// quarter of the run; mapping costs about a third of the copy, even with the copy split
/// across cores). The price, as for other tools that map files (ripgrep does for a single
/// file): a file truncated while we read it ends the process with SIGBUS, not an error message.
fn read_input(file: Option<&str>) -> Result<Input, String> {
    let mut bytes = Vec::new();
    let name = file.unwrap_or("-");
    if name == "-" {
        std::io::stdin()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        let f = std::fs::File::open(name).map_err(|e| format!("cannot read {name}: {e}"))?;
        let meta = f.metadata().ok();
        if meta.as_ref().is_some_and(|m| m.is_dir()) {
            return Err(format!("cannot read {name}: it is a directory"));
        }
        if meta.is_some_and(|m| m.is_file() && m.len() >= MAP_MIN) {
            // SAFETY: the map is only read, as bytes checked to be UTF-8 before use; the file
            // must not change while it is mapped (see above).
            if let Ok(map) = unsafe { memmap2::Mmap::map(&f) } {
                return check_size(name, map.len()).map(|()| Input::Mapped(map));
            }
        }
        f.take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {name}: {e}"))?;
    }
    check_size(name, bytes.len()).map(|()| Input::Read(bytes))
}

fn check_size(name: &str, len: usize) -> Result<(), String> {
    if len as u64 > MAX_INPUT {
        return Err(format!(
            "{name}: input is larger than {} MiB; split the log or pass the relevant part",
            MAX_INPUT >> 20
        ));
    }
    Ok(())
}

fn run() -> Result<ExitCode, String> {
    let args = parse_args()?;
    let lang = args.lang.unwrap_or_else(env_lang);
    let out = std::io::stdout();
    let mut out = out.lock();
    let w = |out: &mut std::io::StdoutLock, s: String| -> Result<(), String> {
        // A closed pipe (`| head`) is not an error worth a message.
        match out.write_all(s.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
            r => r.map_err(|e| format!("cannot write output: {e}")),
        }
    };
    match args.command.as_str() {
        "classify" => {
            let input = read_input(args.file.as_deref())?;
            let text = input.text(args.file.as_deref().unwrap_or("-"))?;
            let engine = match args.catalog.as_deref() {
                None => Engine::builtin(),
                Some(f) => {
                    let json =
                        std::fs::read_to_string(f).map_err(|e| format!("cannot read {f}: {e}"))?;
                    Engine::new(Catalog::from_json(&json)?).map_err(|e| format!("{f}: {e}"))?
                }
            };
            let report = engine.classify(text);
            if args.json {
                // The same text as the browser's `AksBackupDoctor.classify`.
                w(
                    &mut out,
                    format!("{}\n", report_json(&engine, text, &report)),
                )?;
            } else {
                w(&mut out, human_report(&engine, text, &report, lang))?;
            }
            Ok(if report.matches.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        "redact" => {
            let input = read_input(args.file.as_deref())?;
            let text = input.text(args.file.as_deref().unwrap_or("-"))?;
            let r = Redactor::new().redact(text);
            w(&mut out, r.text.clone())?;
            let detail: Vec<String> = r.counts.iter().map(|(c, n)| format!("{c}: {n}")).collect();
            eprintln!(
                "aks-backup-doctor: masked {} value(s){}",
                r.total(),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", detail.join(", "))
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        "check" => {
            let (name, catalog) = match args.file.as_deref() {
                None => (
                    "built-in catalog.json".to_string(),
                    Catalog::from_json(aks_backup_doctor::catalog::BUILTIN_JSON)?,
                ),
                Some(f) => {
                    let text =
                        std::fs::read_to_string(f).map_err(|e| format!("cannot read {f}: {e}"))?;
                    (f.to_string(), Catalog::from_json(&text)?)
                }
            };
            let problems = check(&catalog);
            for p in &problems {
                w(&mut out, format!("{name}: {p}\n"))?;
            }
            if problems.is_empty() {
                let samples: usize = catalog.entries.iter().map(|e| e.samples.len()).sum();
                w(
                    &mut out,
                    format!(
                        "{name}: ok ({} entries, {samples} samples)\n",
                        catalog.entries.len()
                    ),
                )?;
                Ok(ExitCode::SUCCESS)
            } else {
                w(&mut out, format!("{name}: {} problem(s)\n", problems.len()))?;
                Ok(ExitCode::from(1))
            }
        }
        "list" => {
            let catalog = Catalog::builtin();
            let mut s = String::new();
            for c in &catalog.categories {
                s.push_str(&format!("# {}\n", c.name.get(lang)));
                for e in catalog.entries.iter().filter(|e| e.category == c.id) {
                    s.push_str(&format!("{:<64} {}\n", e.id, e.title.get(lang)));
                }
                s.push('\n');
            }
            w(&mut out, s)?;
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    }
}

fn human_report(
    engine: &Engine,
    text: &str,
    report: &aks_backup_doctor::Report,
    lang: Lang,
) -> String {
    let c = engine.catalog();
    let ui = |k: &str| c.ui(k, lang).to_string();
    let mut s = String::new();
    if report.matches.is_empty() {
        s.push_str(&format!("{}\n", ui("noMatch.title")));
        s.push_str(&format!("{}\n", ui("noMatch.body")));
        for &wi in &report.wrappers {
            s.push_str(&format!("\n- {}\n", c.wrappers[wi].note.get(lang)));
        }
        s.push_str(&format!("\n{}\n", ui("noMatch.collect")));
        for col in &c.collect {
            s.push_str(&format!(
                "  $ {}\n    {}\n",
                col.command,
                col.note.get(lang)
            ));
        }
        return s;
    }
    s.push_str(&format!(
        "{}\n",
        ui("results.count").replace("{n}", &report.matches.len().to_string())
    ));
    for (i, m) in report.matches.iter().enumerate() {
        let e = &c.entries[m.entry];
        let cat = c
            .category(&e.category)
            .map(|x| x.name.get(lang))
            .unwrap_or("");
        s.push_str(&format!(
            "\n{}. [{}] {}\n   {}\n",
            i + 1,
            ui(&format!("level.{}", m.level.as_str())),
            e.title.get(lang),
            e.id
        ));
        s.push_str(&format!("   {}: {cat}\n", ui("label.category")));
        let lines: Vec<String> = m
            .lines()
            .iter()
            .filter(|&&l| m.level > Level::Weak || l > 0)
            .map(|l| l.to_string())
            .collect();
        let shown: Vec<_> = m
            .evidence
            .iter()
            .filter(|ev| ev.end > ev.start)
            .take(3)
            .collect();
        if !shown.is_empty() {
            s.push_str(&format!(
                "   {} ({} {}):\n",
                ui("label.evidence"),
                ui("label.lines"),
                lines.join(", ")
            ));
            for ev in shown {
                let line_text = line_of(text, ev.start);
                s.push_str(&format!("     {:>5} | {}\n", ev.line, line_text));
            }
        }
        s.push_str(&format!(
            "   {}: {}\n",
            ui("label.cause"),
            e.cause.get(lang)
        ));
        s.push_str(&format!("   {}:\n", ui("label.steps")));
        for (n, step) in e.steps.iter().enumerate() {
            s.push_str(&format!("     {}. {}\n", n + 1, step.get(lang)));
        }
        if !e.commands.is_empty() {
            s.push_str(&format!("   {}:\n", ui("label.commands")));
            for cmd in &e.commands {
                s.push_str(&format!("     # {}\n", cmd.label.get(lang)));
                for l in render(&fill(&cmd.template, &m.values)).lines() {
                    s.push_str(&format!("     {l}\n"));
                }
            }
        }
        s.push_str(&format!(
            "   {}: {}\n",
            ui("label.learn"),
            c.learn_url(e, lang)
        ));
    }
    s
}

/// The line containing byte `pos`, trimmed to 160 characters.
fn line_of(text: &str, mut pos: usize) -> String {
    pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let start = text[..pos].rfind('\n').map_or(0, |p| p + 1);
    let end = text[pos..].find('\n').map_or(text.len(), |p| pos + p);
    let line = text[start..end].trim_end_matches('\r');
    let mut out: String = line.chars().take(160).collect();
    if line.chars().count() > 160 {
        out.push('…');
    }
    out
}
