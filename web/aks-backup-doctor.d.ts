// Type declarations for embedders of aks-backup-doctor: the custom element <aks-backup-doctor>
// and the JS API window.AksBackupDoctor, as dist/embed/aks-backup-doctor.js (and the hosted page
// and the offline single file) provide them. Shipped as dist/embed/aks-backup-doctor.d.ts.
//
// Use either
//   /// <reference path="./aks-backup-doctor.d.ts" />   (the globals only)
// or
//   import type { ClassifyReport, Match } from './aks-backup-doctor';   (the globals and the types)
//
// The report types are the JSON of `aks-backup-doctor classify --json` (src/engine/output.rs,
// report_json): the browser API and the CLI give the same object for the same paste.
// `make test` checks this file with tsc against examples/embed-usage.ts.

/** A language of the UI and the catalog text. */
export type AksBackupDoctorLang = 'ja' | 'ko' | 'en';

/** How sure a match or a piece of evidence is: `exact` (the error code) > `strong` > `weak` (a hint). */
export type Level = 'exact' | 'strong' | 'weak';

/** What a line not recognised was marked as in the paste. */
export type LineLevel = 'error' | 'warning';

/**
 * What produced a piece of evidence: the entry's code as a whole token, its signal pattern `i`
 * (`pattern:<i>`), or its typed-symptom keyword `i` (`keyword:<i>`; such hits are zero-width, so
 * today they are counted in `evidenceTotal` but never listed).
 */
export type EvidenceSignal = 'code' | `pattern:${number}` | `keyword:${number}`;

/** A span of the paste that supports a match. Offsets count UTF-8 bytes, not UTF-16 code units. */
export interface Evidence {
  /** End byte offset (exclusive) in the paste, as UTF-8. */
  end: number;
  /** The level this piece of evidence gives on its own. */
  level: Level;
  /** 1-based line number of `start`. */
  line: number;
  /** What matched. */
  signal: EvidenceSignal;
  /** Start byte offset in the paste, as UTF-8. */
  start: number;
  /** The matched text, cut to at most 300 UTF-8 bytes (on a character boundary). */
  text: string;
}

/** One catalog entry the paste matches. */
export interface Match {
  /** The entry's category id, one of the catalog's `categories` (e.g. `install`, `restore`). */
  category: string;
  /** The first 20 pieces of evidence with a non-empty span, in paste order (possibly none: typed-symptom hints). */
  evidence: Evidence[];
  /** How many pieces of evidence there were in all, listed or not (at least 1). */
  evidenceTotal: number;
  /** The catalog entry id, usually the error code (e.g. `UserErrorPVNotFound`). */
  id: string;
  /** The best level among its evidence. */
  level: Level;
  /** Distinct 1-based line numbers of all its evidence, ascending (a typed-symptom hit counts as line 1, so a line may be missing from `evidence`); empty when `evidence` is empty. */
  lines: number[];
  /** Ranking score within the report: matches are sorted by `level`, then `score`, highest first. */
  score: number;
  /** Values found in the paste for the entry's command placeholders, by placeholder name (e.g. `namespace`; only those found). */
  values: Record<string, string>;
}

/** An error or warning line of the paste that no entry matched `exact` or `strong`. */
export interface Unrecognised {
  /** End byte offset (exclusive) of the logical line, as UTF-8. */
  end: number;
  /** The entry id the line hints at (a weak signal or the typed-symptom search), when there is one. */
  hint?: string;
  /** Whether the line was marked as an error or a warning. */
  level: LineLevel;
  /** 1-based line number where the logical line starts. */
  line: number;
  /** How many later lines carry the same message (numbers and the fields before `msg=` aside). */
  repeats: number;
  /** Start byte offset of the logical line, as UTF-8. */
  start: number;
  /** The line, cut to at most 300 UTF-8 bytes; a logical line may hold newlines (wrapped tool output). */
  text: string;
}

/** The result of `classify`: the JSON of `aks-backup-doctor classify --json`. */
export interface ClassifyReport {
  /** Size of the paste in UTF-8 bytes. */
  bytes: number;
  /** Number of lines of the paste (0 when empty). */
  lines: number;
  /** The entries matched, best first (`exact` and `strong` ones, and `weak` hints after them; possibly none). */
  matches: Match[];
  /** The work budget ran out (adversarial input): later hits were not verified. */
  truncated: boolean;
  /** The first 50 error or warning lines no entry recognised confidently, in paste order. */
  unrecognised: Unrecognised[];
  /** How many distinct such lines there were in all. */
  unrecognisedTotal: number;
  /** Generic wrapper messages seen in the paste, as the catalog's `wrappers[].pattern` text (e.g. `Error backing up item`), in catalog order. */
  wrappers: string[];
}

/** One entry of `catalog(lang)`. */
export interface CatalogItem {
  /** The entry id, usually the error code. */
  id: string;
  /** The entry's title in the language asked for. */
  title: string;
  /** The entry's category id. */
  category: string;
}

/**
 * `window.AksBackupDoctor`. A stub with `ready`, `classify` and `catalog` is there from the first
 * run of the script; when the engine has started, a new object with every member replaces it. So
 * read `version` and `memoryBytes` from `window.AksBackupDoctor` after `await ready`, not from a
 * reference taken before.
 */
export interface AksBackupDoctorApi {
  /** Resolves with `true` once the engine is loaded; never rejects (it stays pending if the wasm fails to start). */
  readonly ready: Promise<true>;
  /** Classifies a paste; the stub waits for `ready` first. */
  classify(text: string): Promise<ClassifyReport>;
  /** Every catalog entry, in catalog order, titled in `lang` (`ja|ko|en` or a tag such as `ja-JP`; anything else, or none: English). */
  catalog(lang?: AksBackupDoctorLang | (string & {})): Promise<CatalogItem[]>;
  /** The app's version (Cargo package version); absent from the stub, so only after `ready`. */
  readonly version?: string;
  /** Size in bytes of the engine's WebAssembly memory, i.e. its peak so far; absent from the stub, so only after `ready`. */
  readonly memoryBytes?: () => number;
}

/**
 * The attributes of `<aks-backup-doctor>` (it observes exactly these; every change re-renders the
 * element from scratch, dropping what the user typed).
 */
export interface AksBackupDoctorAttributes {
  /** UI language `ja|ko|en` (or a tag such as `ja-JP`); else the host page's `?lang=`, the stored choice, the browser's languages, English. */
  lang?: AksBackupDoctorLang | (string & {});
  /** The initial paste text. */
  value?: string;
  /** Boolean attribute (present = on, whatever its value): no header chrome (title, catalog and download links, language switcher) and no footer. */
  compact?: boolean;
}

/**
 * `<aks-backup-doctor>`: the whole app in an open shadow root (styles isolated; in-app links such
 * as `#/catalog` route inside the element). Configured only through its attributes (see
 * {@link AksBackupDoctorAttributes}; the inherited `lang` property reflects the `lang` attribute);
 * it adds no properties or methods to `HTMLElement`. Defined once per page, and only in browsers
 * with custom elements.
 */
export interface AksBackupDoctorElement extends HTMLElement {}

declare global {
  interface HTMLElementTagNameMap {
    'aks-backup-doctor': AksBackupDoctorElement;
  }
  interface Window {
    /** The JS API; absent before the script runs, or where the browser has no custom elements (embed bundle). */
    AksBackupDoctor?: AksBackupDoctorApi;
  }
}
