// "Copy redacted" in the browser over the redaction corpus (tests/redaction/*.txt, the same cases
// tests/redaction.rs runs natively): the clipboard holds the paste with every `secret:` gone and
// every `keep:` still there, #status gives a count of at least the number of secrets, and the paste
// itself is left as it was. This checks that the wasm build masks what the native redactor masks.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setupFile, e2e, gotoApp, paste, clipboardAfter, ROOT } from './lib.mjs';

const env = setupFile();
const DIR = join(ROOT, 'tests/redaction');

/** Same format as tests/redaction.rs: `# comment`, `secret: x`, `keep: x`, `---`, the paste. */
function parseCase(name) {
  const raw = readFileSync(join(DIR, name), 'utf8');
  const cut = raw.indexOf('\n---\n');
  assert.ok(cut >= 0, `${name}: no '---' line`);
  const c = { name, secrets: [], keeps: [], paste: raw.slice(cut + 5) };
  for (const line of raw.slice(0, cut).split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    const key = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (key === 'secret') c.secrets.push(value);
    else if (key === 'keep') c.keeps.push(value);
    else assert.fail(`${name}: unknown header ${key}`);
  }
  return c;
}

const cases = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort().map(parseCase);

e2e(env, `Copy redacted masks every secret of the ${cases.length} redaction cases and keeps the rest`, async ({ page }) => {
  await gotoApp(page, env.url('/?lang=en'));
  const failures = [];
  let secrets = 0;
  for (const c of cases) {
    await paste(page, c.paste);
    const got = await clipboardAfter(page, () => page.click('button#copy-redacted'));
    const problems = [];
    for (const s of c.secrets) if (got.includes(s)) problems.push(`secret left: ${s}`);
    for (const k of c.keeps) if (!got.includes(k)) problems.push(`kept text lost: ${k}`);
    await page.waitForFunction(() => /\d/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 5_000 });
    const n = Number((await page.textContent('#status')).match(/\d+/)[0]);
    if (n < c.secrets.length) problems.push(`#status says ${n} values were masked, the case has ${c.secrets.length} secrets`);
    if (await page.inputValue('#error-input') !== c.paste) problems.push('the paste itself changed');
    if (problems.length) failures.push(`${c.name}:\n    ${problems.join('\n    ')}`);
    secrets += c.secrets.length;
  }
  console.log(`redaction (browser): ${cases.length} cases, ${secrets} secrets, ${failures.length} failing`);
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases fail in the browser (is dist/ built from the current src/engine/redact.rs?):\n${failures.join('\n')}`);
}, { session: { clipboard: true }, timeout: 300_000 });
