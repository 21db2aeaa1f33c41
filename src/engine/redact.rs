//! Masks secrets and identifiers in a paste before it is shared.
//!
//! Classes: bearer tokens, JWTs, OAuth tokens by key, SAS signatures (`sig=`, also as `\u0026sig=`
//! and `sig%3D`), storage account keys (by key name, `--account-key`, or the bare 88-character
//! shape), client secrets and passwords (by key name, also in Japanese and Korean), storage account
//! names (endpoint URLs of every cloud, `/storageAccounts/<name>`, `AccountName=`, CLI flags and
//! configuration keys), e-mail addresses, GUIDs, IPv4 and IPv6 addresses.
//!
//! Classes are applied in order, most specific first, so a SAS signature inside a URL is masked
//! as a signature and a GUID inside a resource ID as a GUID. Each class says how many it masked.
//! No class matches across a line end, so the text is redacted line by line and each line runs
//! only the classes whose cheap prefilters say they may match there.
//!
//! Storage account names are also *learned*: a name seen in a sure place (an endpoint URL, a
//! `/storageAccounts/<name>` resource ID, `AccountName=`, `--account-name`) is then masked
//! wherever else it appears as a whole word (prose such as `ストレージアカウント mystore01 に接続
//! できません`, a canonicalized resource `/blob/mystore01/...`).
//!
//! `tests/redaction/` holds the corpus every class is checked against (`tests/redaction.rs`).

use regex_lite::{Captures, Regex};

/// Finds the byte windows of a line where a class may match (see [`Class::locate`]).
type Locate = fn(&str) -> Vec<(usize, usize)>;

/// One kind of secret and how it is masked.
struct Class {
    name: &'static str,
    regex: Regex,
    /// Replacement; `$1` keeps a captured prefix (such as `sig=`) in place.
    mask: &'static str,
    /// Cheap prefilter: the class runs only if one of these (ASCII case-insensitive) is in the
    /// text. Empty: always runs.
    needles: &'static [&'static str],
    /// A cheap shape test on the bytes: the class runs only where it says yes.
    gate: Option<fn(&[u8]) -> bool>,
    /// Where matches may be: `(search from, haystack end)` byte ranges that each hold a whole
    /// match with the characters its assertions look at. The regex then runs only there (a
    /// GUID-dense log is otherwise mostly regex time).
    locate: Option<Locate>,
    /// A match this returns `false` for is left as it is (what a regex without look-around
    /// cannot say, such as "not an ARM action name").
    accept: Option<fn(&Captures) -> bool>,
    /// The capture group holding a storage account name to mask everywhere else too.
    learn: Option<usize>,
}

pub struct Redactor {
    classes: Vec<Class>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    /// `(class, count)` for every class that masked something, in class order.
    pub counts: Vec<(&'static str, usize)>,
}

impl Redacted {
    pub fn total(&self) -> usize {
        self.counts.iter().map(|c| c.1).sum()
    }
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new()
    }
}

/// Separator between a key and its value: `k=v`, `k: v`, `"k": "v"`, `\"k\":\"v\"`, `k：v`.
const SEP: &str = r#"\\?["']?[ \t]*[:=：][ \t]*\\?["']?"#;

/// Where a token starts: the start, a non-word character, an escaped newline or tab (`\n` in a
/// Velero log's quoted message) or a percent-escape (`%2F` in a URL inside a URL), which `\b`
/// does not see. Captured, so masks re-emit it as `$1`.
const PRE: &str = r"(^|\\[nrt]|%[0-9A-Fa-f]{2}|[^A-Za-z0-9_])";

/// Where a key name starts (the key is part of the kept prefix): `\b`, `_` (`AZURE_CLIENT_SECRET`)
/// or an escaped newline.
const KEY: &str = r"(?:\b|_|\\[nrt])";

/// The storage account endpoint suffixes: public and sovereign clouds, private link, DNS zones.
const ENDPOINT: &str = r"(?:\.privatelink)?(?:\.z[0-9]{1,2})?\.(?:blob|file|queue|table|dfs|web)\.(?:core\.windows\.net|core\.chinacloudapi\.cn|core\.usgovcloudapi\.net|core\.cloudapi\.de|storage\.azure\.net)";

const ACCOUNT_MASK: &str = "[REDACTED-ACCOUNT]";

/// Words that follow `storageAccounts/` in ARM action and type names rather than account names
/// (`Microsoft.Storage/storageAccounts/listKeys/action`, `.../storageAccounts/blobServices/...`).
const STORAGE_ACCOUNT_OPERATIONS: &[&str] = &[
    "read",
    "write",
    "delete",
    "action",
    "listkeys",
    "regeneratekey",
    "listaccountsas",
    "listservicesas",
    "blobservices",
    "fileservices",
    "queueservices",
    "tableservices",
    "encryptionscopes",
    "managementpolicies",
    "privateendpointconnections",
    "privateendpointconnectionproxies",
    "privatelinkresources",
    "objectreplicationpolicies",
    "inventorypolicies",
    "localusers",
    "restoreblobranges",
    "joinperimeter",
    "services",
    "providers",
];

fn storage_account_id_accept(c: &Captures) -> bool {
    let name = c.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase();
    let action = c
        .get(3)
        .is_some_and(|m| m.as_str().eq_ignore_ascii_case("/action"));
    !action && !STORAGE_ACCOUNT_OPERATIONS.contains(&name.as_str())
}

/// `privatelink.blob.core.windows.net` (a private DNS zone), `z24.blob.storage.azure.net` and the
/// `-secondary` of `<account>-secondary.blob...` name no account.
fn endpoint_accept(c: &Captures) -> bool {
    let name = c.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase();
    let zone =
        name.len() <= 3 && name.starts_with('z') && name[1..].bytes().all(|b| b.is_ascii_digit());
    let secondary = name == "secondary" && c.get(1).is_some_and(|m| m.as_str() == "-");
    name != "privatelink" && !zone && !secondary
}

/// A compressed IPv6 address needs a digit (`fd00::1`), so `Add::add` in a stack trace stays.
fn ipv6_accept(c: &Captures) -> bool {
    c.get(2)
        .is_some_and(|m| m.as_str().bytes().any(|b| b.is_ascii_digit()))
}

impl Redactor {
    pub fn new() -> Redactor {
        let c = |name, re: &str, mask, needles| Class {
            name,
            regex: Regex::new(re).expect("redaction regex"),
            mask,
            needles,
            gate: None,
            locate: None,
            accept: None,
            learn: None,
        };
        let hex4 = "[0-9A-Fa-f]{1,4}";
        let ipv6 = format!(
            "(?:(?:{h}:){{7}}{h}|(?:{h}:){{1,6}}:(?:{h}:){{0,5}}{h}|(?:{h}:){{2,7}}:|::(?:{h}:){{0,6}}{h})",
            h = hex4
        );
        Redactor {
            classes: vec![
                c(
                    "bearer-token",
                    r"(?i)(\bbearer\s+)[A-Za-z0-9\-_.~+/]{8,}=*",
                    "${1}[REDACTED-TOKEN]",
                    &["bearer"],
                ),
                c(
                    "jwt",
                    &format!(r"{PRE}eyJ[A-Za-z0-9_-]{{5,}}\.[A-Za-z0-9_-]{{5,}}\.[A-Za-z0-9_-]*"),
                    "${1}[REDACTED-TOKEN]",
                    &["eyJ"],
                ),
                // Opaque OAuth tokens by their key (`"refresh_token": "0.AXoA..."`).
                c(
                    "token",
                    &format!(
                        r"(?i)({KEY}(?:access|refresh|id)[_-]?token{SEP})[A-Za-z0-9\-_.~+/%]{{16,}}=*"
                    ),
                    "${1}[REDACTED-TOKEN]",
                    &["token"],
                ),
                // `sig=` in a URL, a SAS query string, Go's JSON (`\u0026sig=`), or URL-encoded
                // inside another URL (`sig%3D`).
                c(
                    "sas-signature",
                    r"(?i)((?:\b|\\u0026|%26|%3F)sig(?:=|%3D))[A-Za-z0-9%+/=_-]{8,}",
                    "${1}[REDACTED-SIG]",
                    &["sig"],
                ),
                c(
                    "account-key",
                    &format!(
                        r"(?i)({KEY}(?:account[_-]?key|SharedAccessKey|access[_-]?key|storage[_-]?account[_-]?key|primary[_-]?key|secondary[_-]?key|key1|key2){SEP})[A-Za-z0-9+/]{{20,}}={{0,2}}"
                    ),
                    "${1}[REDACTED-KEY]",
                    &["key"],
                ),
                c(
                    "account-key",
                    r#"(--account-key\s+["']?)[A-Za-z0-9+/]{20,}={0,2}"#,
                    "${1}[REDACTED-KEY]",
                    &["--account-key"],
                ),
                // A bare storage account key: 64 bytes of base64 (it may start with `+` or `/`).
                c(
                    "account-key",
                    r"(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{86}==",
                    "${1}[REDACTED-KEY]",
                    &["=="],
                ),
                c(
                    "client-secret",
                    &format!(
                        r"(?i)((?:{KEY}(?:client[_-]?secret|secret[_-]?key|secret|password|passwd|pwd|api[_-]?key)|パスワード|シークレット|비밀번호|시크릿){SEP})[^\s,;&\x22'\\<]{{6,}}"
                    ),
                    "${1}[REDACTED-SECRET]",
                    &[
                        "secret",
                        "pass",
                        "pwd",
                        "key",
                        "パスワード",
                        "シークレット",
                        "비밀번호",
                        "시크릿",
                    ],
                ),
                c(
                    "client-secret",
                    r#"(--(?:client-secret|password|secret)\s+["']?)[^\s,;&"'\\]{6,}"#,
                    "${1}[REDACTED-SECRET]",
                    &["--"],
                ),
                // Before e-mail, so `abfss://container@account.dfs...` is an account, not an address.
                Class {
                    learn: Some(2),
                    accept: Some(endpoint_accept),
                    ..c(
                        "storage-account",
                        &format!(r"(?i){PRE}([a-z0-9]{{3,24}})((?:-secondary)?{ENDPOINT})"),
                        "${1}[REDACTED-ACCOUNT]${3}",
                        &[".core.", ".storage.azure.net"],
                    )
                },
                c(
                    "email",
                    r"(^|\\[nrt]|[^A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b",
                    "${1}[REDACTED-EMAIL]",
                    &["@"],
                ),
                Class {
                    gate: Some(guid_shape),
                    locate: Some(guid_windows),
                    ..c(
                        "guid",
                        &format!(
                            r"{PRE}[0-9a-fA-F]{{8}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{12}}\b"
                        ),
                        "${1}00000000-0000-0000-0000-000000000000",
                        &[],
                    )
                },
                Class {
                    learn: Some(2),
                    accept: Some(storage_account_id_accept),
                    ..c(
                        "storage-account",
                        r"(?i)(/storageAccounts/)([a-z0-9]{3,24})\b(/action)?",
                        "${1}[REDACTED-ACCOUNT]${3}",
                        &["storageaccounts/"],
                    )
                },
                // Connection strings and CLI flags name the account for sure: learn it.
                Class {
                    learn: Some(2),
                    ..c(
                        "storage-account",
                        &format!(r"(?i)({KEY}AccountName{SEP})([a-z0-9]{{3,24}})\b"),
                        "${1}[REDACTED-ACCOUNT]",
                        &["accountname"],
                    )
                },
                Class {
                    learn: Some(2),
                    ..c(
                        "storage-account",
                        r#"(?i)(--(?:account-name|storage-account(?:-name)?)(?:[ \t]+|=)["']?)([a-z0-9]{3,24})\b"#,
                        "${1}[REDACTED-ACCOUNT]",
                        &["--"],
                    )
                },
                // Configuration keys (`storageAccount: x`, `AZURE_STORAGE_ACCOUNT_ID=x`): masked
                // but not learned, since prose such as "storage_account: access denied" fits too.
                c(
                    "storage-account",
                    &format!(
                        r"(?i)({KEY}storage[_-]?account(?:[_-]?name|[_-]?id)?{SEP})[a-z0-9]{{3,24}}\b"
                    ),
                    "${1}[REDACTED-ACCOUNT]",
                    &["account"],
                ),
                Class {
                    gate: Some(ipv4_shape),
                    locate: Some(ipv4_windows),
                    ..c(
                        "ip-address",
                        &format!(
                            r"{PRE}(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){{3}}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\b"
                        ),
                        "${1}[REDACTED-IP]",
                        &[],
                    )
                },
                Class {
                    gate: Some(ipv6_shape),
                    locate: Some(ipv6_windows),
                    accept: Some(ipv6_accept),
                    ..c(
                        "ip-address",
                        &format!(r"(^|\\[nrt]|[^0-9A-Za-z:_.])({ipv6})\b{{end-half}}"),
                        "${1}[REDACTED-IP]",
                        &[],
                    )
                },
            ],
        }
    }

    pub fn redact(&self, text: &str) -> Redacted {
        let mut scan = self.scan(text);
        scan.step(usize::MAX);
        scan.finish()
    }

    /// A redaction to run in steps (the browser masks a 50 MB log without freezing the page);
    /// any steps give the text and counts of [`Redactor::redact`].
    pub fn scan<'t>(&self, text: &'t str) -> RedactScan<'_, 't> {
        RedactScan {
            redactor: self,
            text,
            pos: 0,
            per_class: vec![0; self.classes.len()],
            learned: Vec::new(),
            out: String::with_capacity(text.len() + text.len() / 16),
        }
    }
}

/// A redaction in progress: whole lines are masked piece by piece, then the storage account names
/// learned on the way are masked everywhere by [`RedactScan::finish`].
pub struct RedactScan<'r, 't> {
    redactor: &'r Redactor,
    text: &'t str,
    pos: usize,
    per_class: Vec<usize>,
    learned: Vec<String>,
    out: String,
}

impl RedactScan<'_, '_> {
    /// Bytes masked so far and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.pos, self.text.len())
    }

    /// Masks the next whole lines, about `max_bytes` of them. Returns whether any are left.
    pub fn step(&mut self, max_bytes: usize) -> bool {
        let text = self.text;
        if self.pos >= text.len() {
            return false;
        }
        let at = self.pos.saturating_add(max_bytes.max(1));
        let end = if at >= text.len() {
            text.len()
        } else {
            memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |p| at + p + 1)
        };
        let piece = &text[self.pos..end];
        // Classes that can match anywhere in the piece at all.
        let active: Vec<(usize, &Class)> = self
            .redactor
            .classes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.may_match(piece))
            .collect();
        let (per_class, learned, out) = (&mut self.per_class, &mut self.learned, &mut self.out);
        // No class matches across a line end, so each line runs only the classes it may hold:
        // a long log costs a few cheap byte scans per line, not every regex over every byte.
        for line in piece.split_inclusive('\n') {
            let mut cur = std::borrow::Cow::Borrowed(line);
            for &(ci, class) in &active {
                if !class.may_match(&cur) {
                    continue;
                }
                let mut n = 0usize;
                let mut mask = |caps: &Captures| -> String {
                    if class.accept.is_some_and(|ok| !ok(caps)) {
                        return caps[0].to_string();
                    }
                    n += 1;
                    if let Some(m) = class.learn.and_then(|g| caps.get(g)) {
                        let name = m.as_str().to_ascii_lowercase();
                        if !learned.contains(&name) {
                            learned.push(name);
                        }
                    }
                    let mut dst = String::new();
                    caps.expand(class.mask, &mut dst);
                    dst
                };
                let replaced = match class.locate {
                    None => class.regex.replace_all(&cur, &mut mask).into_owned(),
                    Some(locate) => replace_in_windows(&class.regex, &cur, locate, &mut mask),
                };
                if n > 0 {
                    cur = std::borrow::Cow::Owned(replaced);
                    per_class[ci] += n;
                }
            }
            out.push_str(&cur);
        }
        self.pos = end;
        self.pos < text.len()
    }

    /// Masks what is left, then every learned storage account name wherever it occurs.
    pub fn finish(mut self) -> Redacted {
        while self.step(usize::MAX) {}
        let mut out = self.out;
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        let add = |counts: &mut Vec<(&'static str, usize)>, name, n| {
            if n == 0 {
                return;
            }
            match counts.iter_mut().find(|c| c.0 == name) {
                Some(c) => c.1 += n,
                None => counts.push((name, n)),
            }
        };
        for (class, &n) in self.redactor.classes.iter().zip(&self.per_class) {
            add(&mut counts, class.name, n);
        }
        // Longest first, so a name containing another is masked whole.
        let mut learned = self.learned;
        learned.sort_by_key(|n| std::cmp::Reverse(n.len()));
        for name in &learned {
            let (text, n) = mask_word(&out, name, ACCOUNT_MASK);
            if n > 0 {
                out = text;
                add(&mut counts, "storage-account", n);
            }
        }
        Redacted { text: out, counts }
    }
}

impl Class {
    /// A cheap test that the class may match in `text` (no false negatives).
    fn may_match(&self, text: &str) -> bool {
        (self.needles.is_empty() || self.needles.iter().any(|n| contains_ic(text, n)))
            && self.gate.is_none_or(|g| g(text.as_bytes()))
    }
}

/// Somewhere an 8-hex-digit run, `-` and 4 hex digits: where a GUID may start.
fn guid_shape(b: &[u8]) -> bool {
    memchr::memchr_iter(b'-', b).any(|i| guid_dash(b, i))
}

/// Windows around every `-` that may be the first dash of a GUID: from 11 bytes before it (8 hex
/// digits and up to 3 bytes of `PRE`, as in `%2F`) to 29 bytes after it (the rest of the GUID and
/// the character `\b` looks at).
fn guid_windows(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    memchr::memchr_iter(b'-', b)
        .filter(|&i| guid_dash(b, i))
        .map(|i| {
            (
                floor_char(line, i.saturating_sub(11)),
                ceil_char(line, (i + 29).min(b.len())),
            )
        })
        .collect()
}

fn guid_dash(b: &[u8], i: usize) -> bool {
    i >= 8
        && b[i - 8..i].iter().all(u8::is_ascii_hexdigit)
        && b.get(i + 1..i + 6)
            .is_some_and(|x| x[..4].iter().all(u8::is_ascii_hexdigit) && x[4] == b'-')
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `replace_all`, with the regex run only inside `locate`'s windows. Each window is searched
/// with the line up to its end as the haystack, so `^` and `\b` see the real line around a match;
/// matches are taken in order and never overlap, as `replace_all` takes them.
fn replace_in_windows(
    re: &Regex,
    line: &str,
    locate: Locate,
    mask: &mut dyn FnMut(&Captures) -> String,
) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last = 0usize;
    for (from, end) in locate(line) {
        // A window may begin inside the previous match (two GUIDs joined by a dot).
        let mut at = from.max(last);
        while at < end {
            let Some(caps) = re.captures_at(&line[..end], at) else {
                break;
            };
            let m = caps.get(0).expect("group 0");
            if m.end() == m.start() {
                break;
            }
            out.push_str(&line[last..m.start()]);
            out.push_str(&mask(&caps));
            last = m.end();
            at = m.end();
        }
    }
    out.push_str(&line[last..]);
    out
}

/// Maximal runs of bytes `keep` accepts that `qualifies` says may hold a match, widened by
/// `before` bytes (the prefix a `PRE` group consumes) and one character after (what `\b` reads).
fn runs(
    line: &str,
    keep: fn(u8) -> bool,
    qualifies: fn(&[u8]) -> bool,
    before: usize,
) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !keep(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && keep(b[i]) {
            i += 1;
        }
        if qualifies(&b[start..i]) {
            let end = if i < b.len() {
                ceil_char(line, i + 1)
            } else {
                i
            };
            out.push((floor_char(line, start.saturating_sub(before)), end));
        }
    }
    out
}

/// Runs of digits and dots with three dots: where IPv4 addresses may be.
fn ipv4_windows(line: &str) -> Vec<(usize, usize)> {
    runs(line, |c| c.is_ascii_digit() || c == b'.', ipv4_shape, 3)
}

/// Runs of hex digits and colons with `::` or seven colons: where IPv6 addresses may be.
fn ipv6_windows(line: &str) -> Vec<(usize, usize)> {
    runs(line, |c| c.is_ascii_hexdigit() || c == b':', ipv6_shape, 2)
}

/// Somewhere `<digit>.<digit>`, three times in a row: where an IPv4 address may be.
fn ipv4_shape(b: &[u8]) -> bool {
    let mut dots = 0;
    let mut last_dot = usize::MAX;
    for i in memchr::memchr_iter(b'.', b) {
        let digit_around =
            i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !digit_around {
            dots = 0;
            continue;
        }
        // Consecutive dots of one address are at most 4 bytes apart (`.255.`).
        dots = if last_dot != usize::MAX && i - last_dot <= 4 && dots > 0 {
            dots + 1
        } else {
            1
        };
        last_dot = i;
        if dots == 3 {
            return true;
        }
    }
    false
}

/// `::` or seven colons: every IPv6 form the class knows has one of them.
fn ipv6_shape(b: &[u8]) -> bool {
    memchr::memmem::find(b, b"::").is_some() || memchr::memchr_iter(b':', b).nth(6).is_some()
}

/// ASCII case-insensitive substring test.
fn contains_ic(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    let first = n[0].to_ascii_lowercase();
    let upper = n[0].to_ascii_uppercase();
    let mut i = 0;
    while i + n.len() <= h.len() {
        match memchr::memchr2(first, upper, &h[i..=h.len() - n.len()]) {
            None => return false,
            Some(p) => {
                let at = i + p;
                if h[at..at + n.len()].eq_ignore_ascii_case(n) {
                    return true;
                }
                i = at + 1;
            }
        }
    }
    false
}

/// Replaces every whole-word, ASCII case-insensitive occurrence of `word` (lowercase ASCII).
/// A word ends where neither `[A-Za-z0-9_-]` nor a `.` followed by one of `[A-Za-z0-9]` comes
/// next, so `mystore01.` ends a sentence but `mystore01.example` is a host name and stays.
fn mask_word(text: &str, word: &str, mask: &str) -> (String, usize) {
    let b = text.as_bytes();
    let w = word.as_bytes();
    let inner = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    let mut out = String::with_capacity(text.len());
    let (mut last, mut i, mut n) = (0usize, 0usize, 0usize);
    while i + w.len() <= b.len() {
        if b[i..i + w.len()].eq_ignore_ascii_case(w) {
            let end = i + w.len();
            let before_ok = i == 0 || !inner(b[i - 1]);
            // `mystore01.` ends a sentence; `mystore01.example` is a host name.
            let host = b.get(end) == Some(&b'.')
                && b.get(end + 1).is_some_and(|c| c.is_ascii_alphanumeric());
            let after_ok = end == b.len() || !(inner(b[end]) || host);
            if before_ok && after_ok {
                // Both ends are ASCII, so these are character boundaries.
                out.push_str(&text[last..i]);
                out.push_str(mask);
                last = end;
                n += 1;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    (out, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic xorshift64 generator: the fuzz-like tests below replay the same inputs.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    #[test]
    fn masks_every_class_and_counts_them() {
        let text = "https://mystore01.blob.core.windows.net/c?sv=2022&sig=AbC%2Bdef123456 \
                    /subscriptions/e30af180-aa96-4d81-981a-b67570b0d615/ Authorization: Bearer abcdefghijkl.mnop \
                    lookup on 10.63.136.10:53 by ops@contoso.com";
        let r = Redactor::new().redact(text);
        for secret in [
            "mystore01",
            "AbC%2Bdef123456",
            "e30af180",
            "abcdefghijkl",
            "10.63.136.10",
            "ops@contoso.com",
        ] {
            assert!(!r.text.contains(secret), "{secret} left in {}", r.text);
        }
        assert!(r.text.contains("sig=[REDACTED-SIG]"));
        assert!(r.total() >= 6, "{:?}", r.counts);
    }

    #[test]
    fn leaves_plain_text_alone() {
        let r = Redactor::new().redact("UserErrorPVNotFound in namespace shop");
        assert_eq!(r.text, "UserErrorPVNotFound in namespace shop");
        assert_eq!(r.total(), 0);
    }

    #[test]
    fn learned_account_names_are_masked_as_whole_words_only() {
        let r = Redactor::new().redact(
            "https://mystore01.blob.core.windows.net/velero failed; mystore01 is locked. \
             mystore01x and mystore01.example.com stay",
        );
        assert!(
            r.text.contains("[REDACTED-ACCOUNT] is locked"),
            "{}",
            r.text
        );
        assert!(
            r.text.contains("mystore01x and mystore01.example.com"),
            "{}",
            r.text
        );
        assert_eq!(r.counts, vec![("storage-account", 2)]);
        // A name at the very end of the paste.
        let r = Redactor::new().redact("https://mystore01.blob.core.windows.net/ then mystore01");
        assert_eq!(
            r.text,
            "https://[REDACTED-ACCOUNT].blob.core.windows.net/ then [REDACTED-ACCOUNT]"
        );
    }

    /// The per-line prefilters (needles and shape gates) never skip a line a class would match.
    #[test]
    fn prefilters_have_no_false_negatives() {
        let pieces = [
            "10.",
            "1.",
            "255.",
            "0",
            "9",
            ".",
            ":",
            "::",
            "a",
            "f",
            "0123abcd",
            "-",
            "ef01",
            "@",
            "x.io",
            "sig=",
            "%3D",
            "key",
            "=",
            "==",
            "Bearer ",
            "eyJ",
            "abcde",
            "/",
            "+",
            " ",
            "\n",
            "\\n",
            "_",
            "secret",
            "token",
            "--",
            "account",
            "name",
            ".blob.core.windows.net",
            "storageAccounts/",
            "パスワード",
            "：",
        ];
        let r = Redactor::new();
        let mut next = xorshift(0x2545_f491_4f6c_dd1du64);
        let mut samples: Vec<String> = (0..2_000)
            .map(|_| {
                let n = (next() % 24) as usize;
                (0..n)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect()
            })
            .collect();
        // Every line of the redaction corpus: real secrets of every class.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/redaction");
        for f in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            samples.extend(text.split_inclusive('\n').map(str::to_string));
        }
        for s in &samples {
            for class in &r.classes {
                if class.regex.is_match(s) {
                    assert!(class.may_match(s), "{}: prefilter skips {s:?}", class.name);
                }
            }
        }
    }

    /// Searching only `locate`'s windows finds exactly what `replace_all` over the line finds.
    #[test]
    fn windowed_search_equals_replace_all() {
        let pieces = [
            "0123abcd",
            "ef01",
            "-",
            "4567",
            "89abcdef0123",
            ".",
            " ",
            "\\n",
            "%2F",
            "x",
            "_",
            "0123abcd-ef01-4567-89ab-cdef01234567",
            "ス",
            "\n",
            "AB",
            "9",
            "10.",
            "1.2.3.4",
            "255.",
            "256",
            "0",
            ":",
            "::",
            "fd00:",
            "::1",
            "2001:db8::",
            "：",
            "%3A",
            "Add::add",
            "1:2:3:4:5:6:7:8",
        ];
        let r = Redactor::new();
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15u64);
        for class in r.classes.iter().filter(|c| c.locate.is_some()) {
            let mut hits = 0;
            for _ in 0..3_000 {
                let n = (next() % 16) as usize;
                let s: String = (0..n)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect();
                let mask = |caps: &Captures| {
                    let mut d = String::new();
                    caps.expand(class.mask, &mut d);
                    d
                };
                let want = class.regex.replace_all(&s, mask).into_owned();
                let got =
                    replace_in_windows(&class.regex, &s, class.locate.unwrap(), &mut { mask });
                assert_eq!(got, want, "{}: {s:?}", class.name);
                hits += usize::from(want != s);
            }
            assert!(hits > 50, "{}: only {hits} samples matched", class.name);
        }
    }

    #[test]
    fn arm_action_names_are_not_account_names() {
        let text = "action 'Microsoft.Storage/storageAccounts/listKeys/action' and \
                    'Microsoft.Storage/storageAccounts/read' over '/subscriptions/x/providers/Microsoft.Storage/storageAccounts/aksbkp01'";
        let r = Redactor::new().redact(text);
        assert!(
            r.text.contains("storageAccounts/listKeys/action"),
            "{}",
            r.text
        );
        assert!(r.text.contains("storageAccounts/read'"), "{}", r.text);
        assert!(!r.text.contains("aksbkp01"), "{}", r.text);
    }
}
