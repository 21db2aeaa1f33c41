//! Reading a large paste in steps on the page's own thread, so a 10-50 MB log never freezes it.
//!
//! The engine's [`Scan`](crate::engine::Scan) reads the paste piece by piece; this task runs
//! pieces for [`SLICE_MS`], hands the page back (a zero-delay timer, so input, rendering and the
//! stop button get their turn), and repeats. Progress is published at most every
//! [`PROGRESS_MS`], and the report of what was read so far every [`REPORT_MS`], so results appear
//! as they are found ("Copy redacted" masks a large paste in the same way). A new paste
//! supersedes a running task; the stop button ends it with the report so far. No Web Worker: a
//! worker would need a separate script (or a `blob:` URL the hosts' CSPs and the offline single
//! file would have to allow) and a copy of the engine and of the paste in a second wasm
//! instance; read here, a 50 MB log takes under 3 s with the page answering throughout.

use super::state::Progress;
use super::LARGE;
use crate::engine::redact::{Redacted, Redactor};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::Callback;
use yew::UseStateSetter;

/// Work per turn before handing the page back.
pub const SLICE_MS: f64 = 20.0;
/// Bytes per engine step (the slice checks the clock between steps).
pub const STEP_BYTES: usize = 64 * 1024;
/// How often the progress bar moves.
pub const PROGRESS_MS: f64 = 100.0;
/// How often the results so far are refreshed (the first ones are shown as soon as found).
pub const REPORT_MS: f64 = 500.0;
/// Wait before the first step: the paste and the progress bar are shown first, and a second
/// paste right after the first supersedes it before any work is done.
pub const DELAY_MS: i32 = 120;

/// The switches the page holds over the running task.
#[derive(Default)]
pub struct Control {
    /// Bumped by every start: a task whose number is no longer current returns quietly.
    run: Cell<u64>,
    stop: Cell<bool>,
}

impl Control {
    /// Ends the running task without a word (the paste changed).
    pub fn supersede(&self) {
        self.run.set(self.run.get() + 1);
    }

    /// Ends the running task with the report so far.
    pub fn stop(&self) {
        self.stop.set(true);
    }
}

/// Starts reading `paste` once `ready` has called back (the hosted page loading the search the
/// paste needs): the progress shows at once, and a start or supersede in between wins.
pub fn start_when(
    ready: impl FnOnce(Callback<()>),
    paste: Rc<str>,
    generation: u64,
    control: Rc<RefCell<Control>>,
    set: UseStateSetter<Option<Rc<Progress>>>,
) {
    let ticket = {
        let c = control.borrow();
        c.supersede();
        c.run.get()
    };
    set.set(Some(Rc::new(Progress::start(generation, paste.len()))));
    ready(Callback::from(move |_| {
        if control.borrow().run.get() == ticket {
            start(paste.clone(), generation, control.clone(), set.clone());
        }
    }));
}

/// Starts reading `paste` (superseding any reading under way), publishing through `set`.
pub fn start(
    paste: Rc<str>,
    generation: u64,
    control: Rc<RefCell<Control>>,
    set: UseStateSetter<Option<Rc<Progress>>>,
) {
    let run = {
        let c = control.borrow();
        c.supersede();
        c.stop.set(false);
        c.run.get()
    };
    set.set(Some(Rc::new(Progress::start(generation, paste.len()))));
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        use super::state::ReportEq;
        use js_sys::Date;
        sleep(DELAY_MS).await;
        let mut scan = super::engine().scan(&paste);
        let mut report = Rc::new(ReportEq {
            generation,
            report: scan.report(),
        });
        let (mut reported, mut published) = (Date::now(), f64::NEG_INFINITY);
        loop {
            if control.borrow().run.get() != run {
                return;
            }
            let stopped = control.borrow().stop.get();
            let began = Date::now();
            if !stopped {
                while scan.step(STEP_BYTES) && Date::now() - began < SLICE_MS {}
            }
            let now = Date::now();
            let done = scan.is_done();
            let last = done || stopped;
            // The first evidence is shown at once; later the report is refreshed now and then.
            let first = report.report.matches.is_empty() && scan.evidence_found() > 0;
            if last || first || now - reported >= REPORT_MS {
                report = Rc::new(ReportEq {
                    generation,
                    report: scan.report(),
                });
                reported = now;
            }
            if last || now - published >= PROGRESS_MS {
                let (read, total) = scan.progress();
                set.set(Some(Rc::new(Progress {
                    generation,
                    read,
                    total,
                    report: report.clone(),
                    stopped: stopped && !done,
                    done,
                })));
                published = now;
            }
            if last {
                return;
            }
            sleep(0).await;
        }
    });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (run, paste);
}

/// Resolves after `ms` through a plain timer: a macrotask, so input and rendering run first.
#[cfg(target_arch = "wasm32")]
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Masks `paste` for "Copy redacted": a large one in steps like the reading above, reporting the
/// percentage done through `progress`; `done` gets the result.
pub fn redact(paste: Rc<str>, progress: Callback<usize>, done: Callback<Redacted>) {
    let redactor = Redactor::new();
    if paste.len() <= LARGE || cfg!(not(target_arch = "wasm32")) {
        done.emit(redactor.redact(&paste));
        return;
    }
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        use js_sys::Date;
        let mut scan = redactor.scan(&paste);
        let mut published = f64::NEG_INFINITY;
        loop {
            let began = Date::now();
            let mut more = true;
            while more && Date::now() - began < SLICE_MS {
                more = scan.step(STEP_BYTES);
            }
            if !more {
                break;
            }
            if Date::now() - published >= PROGRESS_MS {
                let (read, total) = scan.progress();
                progress.emit((read as u64 * 100 / total.max(1) as u64) as usize);
                published = Date::now();
            }
            sleep(0).await;
        }
        done.emit(scan.finish());
    });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = progress;
}
