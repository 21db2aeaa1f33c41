// An embedder's program against web/aks-backup-doctor.d.ts (the file shipped as
// dist/embed/aks-backup-doctor.d.ts). `make test` type-checks it (tsc -p examples/tsconfig.json);
// it is never run. The `@ts-expect-error` lines at the end make the check fail if the
// declarations ever lose their precision (become `any`, or stop naming a member).
import type {
  AksBackupDoctorApi,
  AksBackupDoctorAttributes,
  AksBackupDoctorElement,
  AksBackupDoctorLang,
  CatalogItem,
  ClassifyReport,
  Evidence,
  EvidenceSignal,
  Level,
  LineLevel,
  Match,
  Unrecognised,
} from '../web/aks-backup-doctor';

// The tag map knows the element (this line fails to compile without the augmentation).
type TagMapped = HTMLElementTagNameMap['aks-backup-doctor'];

/** Creates an element and sets its attributes (a boolean attribute is present or absent). */
function createDoctor(attrs: AksBackupDoctorAttributes): AksBackupDoctorElement {
  const el: TagMapped = document.createElement('aks-backup-doctor');
  if (attrs.lang !== undefined) el.setAttribute('lang', attrs.lang);
  if (attrs.value !== undefined) el.setAttribute('value', attrs.value);
  el.toggleAttribute('compact', attrs.compact === true);
  return el;
}

const LEVEL_LABEL: Record<Level, string> = { exact: 'Exact', strong: 'Strong', weak: 'Hint' };

/** Exhaustive over the level literals: adding, removing or renaming one breaks this switch. */
function levelRank(level: Level): number {
  switch (level) {
    case 'exact':
      return 2;
    case 'strong':
      return 1;
    case 'weak':
      return 0;
    default: {
      const unknown: never = level;
      return unknown;
    }
  }
}

function lineMark(level: LineLevel): string {
  switch (level) {
    case 'error':
      return 'E';
    case 'warning':
      return 'W';
    default: {
      const unknown: never = level;
      return unknown;
    }
  }
}

function describeSignal(signal: EvidenceSignal): string {
  if (signal === 'code') return 'error code';
  const [kind, index] = signal.split(':');
  return `${kind} #${index}`;
}

/** Evidence offsets count UTF-8 bytes: slice the paste's bytes, not the JS string. */
function evidenceFromBytes(paste: string, ev: Evidence): string {
  const bytes = new TextEncoder().encode(paste);
  return new TextDecoder().decode(bytes.subarray(ev.start, ev.end));
}

function renderMatch(paste: string, m: Match): string {
  const head = `${m.id} [${m.category}] ${LEVEL_LABEL[m.level]} (rank ${levelRank(m.level)}, score ${m.score})`;
  const lines = m.lines.length ? ` lines ${m.lines.join(', ')}` : ' (a typed-symptom hint)';
  const evidence = m.evidence.map((ev: Evidence) => {
    const same = evidenceFromBytes(paste, ev).startsWith(ev.text) ? '' : ' (excerpt)';
    return `  L${ev.line} ${ev.start}..${ev.end} ${describeSignal(ev.signal)} ${ev.level}: ${ev.text}${same}`;
  });
  const more = m.evidenceTotal > m.evidence.length ? [`  (+${m.evidenceTotal - m.evidence.length} more)`] : [];
  const values = Object.entries(m.values).map(([name, value]) => `  ${name} = ${value}`);
  const namespace: string = m.values['namespace'] ?? '(no namespace found)';
  return [head + lines, ...evidence, ...more, ...values, `  namespace: ${namespace}`].join('\n');
}

function renderUnrecognised(u: Unrecognised): string {
  const hint = u.hint !== undefined ? ` -> see #/entry/${u.hint}` : '';
  const repeats = u.repeats > 0 ? ` (x${u.repeats + 1})` : '';
  return `${lineMark(u.level)} L${u.line} ${u.start}..${u.end}${repeats}: ${u.text}${hint}`;
}

function renderReport(paste: string, r: ClassifyReport): string {
  const out = [`${r.bytes} bytes, ${r.lines} lines${r.truncated ? ' (work budget ran out)' : ''}`];
  const confident = r.matches.filter((m) => m.level !== 'weak');
  out.push(confident.length ? `${confident.length} confident match(es)` : 'no confident match');
  for (const m of r.matches) out.push(renderMatch(paste, m));
  for (const u of r.unrecognised) out.push(renderUnrecognised(u));
  if (r.unrecognisedTotal > r.unrecognised.length) out.push(`(${r.unrecognisedTotal} lines not recognised in all)`);
  if (r.wrappers.length) out.push(`generic wrappers: ${r.wrappers.join('; ')}`);
  return out.join('\n');
}

function groupByCategory(items: CatalogItem[]): Map<string, CatalogItem[]> {
  const groups = new Map<string, CatalogItem[]>();
  for (const item of items) {
    const list = groups.get(item.category) ?? [];
    list.push(item);
    groups.set(item.category, list);
  }
  return groups;
}

async function main(): Promise<void> {
  const langs: AksBackupDoctorLang[] = ['ja', 'ko', 'en'];
  const host = document.getElementById('doctors') ?? document.body;
  host.append(
    createDoctor({ lang: langs[0], compact: true, value: 'UserErrorPVNotFound' }),
    createDoctor({ lang: 'ko-KR' }),
  );
  const later = createDoctor({});
  later.lang = 'en'; // the inherited property reflects the attribute, which the element observes
  host.append(later);

  const stub = window.AksBackupDoctor;
  if (!stub) throw new Error('aks-backup-doctor.js is not loaded (or this browser has no custom elements)');
  const ready: true = await window.AksBackupDoctor!.ready;
  // The engine replaced the stub: read the full API again.
  const api: AksBackupDoctorApi = window.AksBackupDoctor ?? stub;
  console.log(`aks-backup-doctor ${api.version ?? '(stub)'} ready: ${ready}`);

  const paste = 'エラー UserErrorPVNotFound\nlevel=error msg="something else went wrong"\n';
  const report = await api.classify(paste);
  console.log(renderReport(paste, report));

  const catalog = await api.catalog('ja');
  for (const [category, items] of groupByCategory(catalog)) {
    console.log(`${category}: ${items.map((i) => `${i.id} ${i.title}`).join(', ')}`);
  }
  const english = await api.catalog();
  console.log(`${english.length} entries`);

  if (api.memoryBytes) console.log(`engine memory: ${(api.memoryBytes() / 2 ** 20).toFixed(1)} MiB`);
}

void main();

// ---- Misuse the declarations must reject (each line fails to compile without its directive).

declare const report: ClassifyReport;
declare const match: Match;
declare const unrecognised: Unrecognised;
declare const api: AksBackupDoctorApi;

// @ts-expect-error: not a level
const badLevel: Level = 'medium';
// @ts-expect-error: no such level, so the comparison can never be true
if (match.level === 'high') console.log(badLevel);
// @ts-expect-error: a report has no `commands` (commands are in the catalog, not the JSON)
console.log(report.commands);
// @ts-expect-error: evidence is an array of objects, not of strings
const firstText: string = match.evidence[0];
// @ts-expect-error: `hint` is optional, so it may be undefined
const hint: string = unrecognised.hint;
// @ts-expect-error: unrecognised lines are errors or warnings only
const info: LineLevel = 'info';
// @ts-expect-error: `pattern:<i>` carries a number
const signal: EvidenceSignal = 'pattern:first';
// @ts-expect-error: a report literal needs every field (`wrappers` etc. missing)
const partial: ClassifyReport = { bytes: 0, lines: 0, matches: [], truncated: false };
// @ts-expect-error: classify takes the paste as a string
void api.classify(42);
// @ts-expect-error: the API may be absent
void window.AksBackupDoctor.ready;
// @ts-expect-error: the stub has no memoryBytes, so it may be undefined
api.memoryBytes();
// @ts-expect-error: ready resolves with true, never false
const notReady: Promise<false> = api.ready;
// @ts-expect-error: catalog items have no `description`
void api.catalog('en').then((items) => items[0]?.description);
// @ts-expect-error: the element has no `value` property (use the attribute)
document.createElement('aks-backup-doctor').value = 'UserErrorPVNotFound';
// @ts-expect-error: compact is a boolean attribute, not a string
const attrs: AksBackupDoctorAttributes = { compact: 'yes' };

export { firstText, hint, info, signal, partial, notReady, attrs };
