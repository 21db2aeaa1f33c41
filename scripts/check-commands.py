#!/usr/bin/env python3
"""Checks every command template in catalog.json with the real parsers.

Usage:
  python3 scripts/check-commands.py [--catalog catalog.json] [--jobs 2] [-v]
  python3 scripts/check-commands.py --self-test
  python3 scripts/check-commands.py --import-reference /work/shared/reference/az-extension-commands.md

Python 3.11, standard library only. What is checked, per template (`entries[].commands[].template`
and `collect[].command`):

1. Placeholders. Every `{name}` must be declared in `placeholders`; it is filled with the declared
   `example`, or with a safe dummy when the example holds shell metacharacters (such as `<public-ip>`).
   Angle-bracket placeholders written into the template itself (`<vault-rg>`) are a failure: pasted
   into bash they are redirections (`< vault-rg` reads a file, `> --vault-name` writes one).
2. `bash -n`: the whole filled template must be valid bash syntax.
3. History expansion: each line outside here-document bodies goes through the real bash history
   library (`set -H; history -p LINE` with an empty history). A `!` that interactive bash would expand
   (bare, or inside double quotes, e.g. JMESPath `"[?!contains(...)]"`) fails with
   "history expansion failed"; single quotes and `\\!` are safe.
4. Each simple command (split at `|`, `||`, `&&`, `;`, `&`, newlines; `$( )` and backquotes are
   checked as commands of their own and replaced by a dummy id in the outer command; here-document
   bodies become the command's standard input) is handed to its parser:
   - `kubectl`: the real kubectl (`command -v kubectl`) with `--request-timeout=1s`, a temporary
     kubeconfig whose only server is https://127.0.0.1:9 (nothing listens there; connect fails at
     once), HOME set to a temporary directory (discovery cache), PATH limited to kubectl's own
     directory (no kubectl-* plugins can run), no proxy variables. Templates that carry `--server`,
     `-s` or `--kubeconfig` are refused, so no other server can be named. kubectl 1.32 texts:
       pass  "The connection to the server 127.0.0.1:9 was refused - did you specify the right host or port?"
             "dial tcp 127.0.0.1:9: connect: connection refused" (also inside "failed to download
             openapi" for `apply` validation, which comes after the YAML of stdin was parsed), or exit 0
       fail  "Error: unknown flag: --x", "Error: unknown shorthand flag: 'x' in -x",
             "Error: unknown command \"gett\" for \"kubectl\"", "error: unknown command \"restartt ...\"",
             "error: Required resource not specified.", "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) ...",
             "Error: flag needs an argument: 'n' in -n", "Error: invalid argument \"abc\" for \"--tail\" flag",
             "error: error parsing STDIN: error converting YAML to JSON: ...", "error: no objects passed to apply"
       i.e. anything that stops kubectl before it dials the server fails, with its first error line.
   - core `az` (`az aks`, `az role`, `az storage`, `az lock`, `az monitor`, ...): the real Azure CLI
     from PyPI in `.venv-az/bin/az` (scripts/setup.sh installs it), AZURE_CONFIG_DIR a temporary
     directory configured with `extension.use_dynamic_install=no` and `core.collect_telemetry=false`,
     no login. azure-cli 2.91 texts:
       pass  "ERROR: Please run 'az login' to setup account." (exit 1; parsing is complete by then)
             (also "az login" / "az account set" hints of the other auth errors), "Operation
             cancelled." (a confirmation prompt with no terminal: the arguments were parsed), or exit 0
       fail  "ERROR: unrecognized arguments: --x", "ERROR: 'akss' is misspelled or not recognized by the system.",
             "ERROR: the following arguments are required: --resource-group/-g",
             "ERROR: az aks show: 'tablex' is not a valid value for '--output'. Allowed values: ...",
             "ERROR: argument --query: invalid jmespath_type value: '[?'" (exit 2)
       WARNING lines are reported as warnings (not failures), except the "Subscription '...' not
       recognized" the dummy subscription id causes. Commands that would contact the network or change
       az's own state without a login (`az login`, `az extension`, `az upgrade`, `az bicep`, `az find`,
       `az config`, ...) are refused. Startup cache: the command index az builds in its config dir is
       kept in .venv-az/check-commands-cache/ and copied into each run's temporary config dir;
       identical command lines are parsed once.
   - extension `az` commands (`az k8s-extension`, `az dataprotection`, `az aks pod-identity`,
     `az k8s-configuration`, `az connectedk8s`): not in the azure-cli package, so the command path and
     every `--parameter` are checked against scripts/az-extension-commands.json, which
     `--import-reference` builds from /work/shared/reference/az-extension-commands.md: the path must
     be listed, each parameter must be a listed required/optional/global one (deprecated aliases
     give a warning), every required parameter must be present, `{a, b}` choice lists are enforced
     (case-insensitive), and for the AKS Backup extension (`--extension-type
     microsoft.dataprotection.kubernetes` or `--name azure-aks-backup`) every
     `--configuration-settings` key must be one the extension accepts (others are silently dropped).
   - `grep`: the real grep with the same options on empty input (exit 2 = bad option or regex).
   - any other program: fails as "no checker" (add one here before using it in a template).
5. Destructive commands carry a warning in their label in all three languages. Destructive:
   kubectl delete/replace/drain/rollout restart, kubectl apply/create of anything in kube-system,
   az ... delete/remove/purge/restart/stop, any command with --yes/-y or --force. Warning markers
   (any one, per language): ja "⚠", "注意", "警告"; ko "⚠", "주의", "경고"; en "⚠", "Warning",
   "Caution" (case-insensitive). For `collect` items the note is the label.

Output: one line per failure, `FAIL <entry id> #<command index>: <check>: <message>`, warnings as
`WARN ...`, then `N passed, M failed` (templates), and the run time on stderr. Exit 1 on failures.
"""
from __future__ import annotations

import argparse
import concurrent.futures as futures
import json
import os
import re
import shutil
import subprocess
import sys
import select
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXT_DATA = ROOT / "scripts" / "az-extension-commands.json"
AZ_BIN = ROOT / ".venv-az" / "bin" / "az"
AZ_PYTHON = ROOT / ".venv-az" / "bin" / "python"
AZ_CACHE = ROOT / ".venv-az" / "check-commands-cache"
DEFAULT_REFERENCE = Path("/work/shared/reference/az-extension-commands.md")

WARNING_MARKERS = {
    "ja": ["⚠", "注意", "警告"],
    "ko": ["⚠", "주의", "경고"],
    "en": ["⚠", "warning", "caution"],
}
KUBECTL_PASS = ("was refused - did you specify the right host or port",
                "dial tcp 127.0.0.1:9: connect: connection refused")
AZ_PASS = ("Please run 'az login'", "az login", "az account set",
           # a command that asks for confirmation (no terminal to answer it) has been parsed
           "Operation cancelled.")
AZ_REFUSED_PATHS = {"login", "logout", "extension", "upgrade", "bicep", "config", "cloud", "interactive",
                    "feedback", "find", "survey", "init", "next", "self-test", "rest", "cache"}
AZ_IGNORED_WARNINGS = (re.compile(r"Subscription '[^']*' not recognized"),
                       re.compile(r"is (experimental|in preview)"))
EXT_ROOTS = ("k8s-extension", "dataprotection", "k8s-configuration", "connectedk8s", "aks pod-identity")
AZ_GLOBAL = [["--subscription"], ["--query"], ["--output", "-o"], ["--only-show-errors"], ["--debug"],
             ["--verbose"], ["--help", "-h"], ["--acquire-policy-token"], ["--change-reference"]]
AZ_OUTPUT_CHOICES = ["json", "jsonc", "yaml", "yamlc", "table", "tsv", "none"]
KUBECTL_REFUSED_FLAGS = ("--server", "-s", "--kubeconfig")
KUBECTL_REFUSED_CMDS = {"proxy", "edit", "plugin", "attach", "port-forward", "cp"}
UNCHECKED_PROGRAMS = {"helm", "terraform", "jq", "nslookup", "dig", "base64", "sort", "head", "tail", "wc",
                      "awk", "sed", "cat", "echo", "tee", "xargs", "cut", "uniq", "date"}
SAFE_VALUE = re.compile(r"^[A-Za-z0-9._:/=@+,-]*$")
DUMMY_ID = "00000000-0000-0000-0000-000000000000"
DUMMY_SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup"
SAFE_DUMMIES = {"publicIp": "203.0.113.10"}


# ---------------------------------------------------------------- shell splitting
@dataclass
class SimpleCommand:
    words: list[str] = field(default_factory=list)
    redirs: list[tuple[str, str]] = field(default_factory=list)
    stdin: str | None = None          # here-document / here-string body
    nested: bool = False              # came from $( ) or backquotes
    problems: list[str] = field(default_factory=list)


class ShellSplitError(Exception):
    pass


class Splitter:
    """A small bash lexer: enough of bash for paste-ready commands (quotes, escapes, $( ), ``,
    pipelines and lists, redirections, here-documents). `bash -n` has checked the syntax first."""

    OPS = ["<<<", "<<-", "&&", "||", ";;", ">>", "<<", "&>", ">&", "<&", ">|", "|&", "|", "&", ";", "<", ">", "(", ")", "\n"]

    def __init__(self, text: str, nested: bool = False):
        self.s = text
        self.i = 0
        self.nested = nested
        self.out: list[SimpleCommand] = []
        self.heredoc_lines: set[int] = set()   # line numbers (0-based) of here-document bodies
        self.problems: list[str] = []

    def peek_op(self):
        for op in self.OPS:
            if self.s.startswith(op, self.i):
                return op
        return None

    def read_until_paren(self) -> str:
        """At the char after `$(`: return the inner text up to the matching `)`."""
        depth, start = 1, self.i
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c == "\\":
                self.i += 2
                continue
            if c == "'":
                j = s.find("'", self.i + 1)
                if j < 0:
                    raise ShellSplitError("unterminated single quote")
                self.i = j + 1
                continue
            if c == '"':
                self.i += 1
                self.read_double()
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    inner = s[start:self.i]
                    self.i += 1
                    return inner
            self.i += 1
        raise ShellSplitError("unterminated $(")

    def backquote(self, inner: str):
        # reported, and replaced by nothing (what `false`, `true`, a JMESPath literal ... give)
        self.problems.append(f"`{inner}` in backquotes is command substitution in bash (outside single quotes); "
                             "JMESPath literals need single quotes around the whole --query")

    def substitute(self, inner: str, prev_word: str | None) -> str:
        sub = Splitter(inner, nested=True)
        self.out.extend(sub.split())
        self.problems += sub.problems
        return DUMMY_SCOPE if prev_word == "--scope" else DUMMY_ID

    def read_double(self, prev_word=None) -> str:
        """At the char after an opening `"`; returns the unquoted text."""
        buf, s = [], self.s
        while self.i < len(s):
            c = s[self.i]
            if c == '"':
                self.i += 1
                return "".join(buf)
            if c == "\\" and self.i + 1 < len(s) and s[self.i + 1] in '$`"\\\n':
                buf.append(s[self.i + 1])
                self.i += 2
                continue
            if s.startswith("$(", self.i) and not s.startswith("$((", self.i):
                self.i += 2
                buf.append(self.substitute(self.read_until_paren(), prev_word))
                continue
            if c == "`":
                j = s.find("`", self.i + 1)
                self.backquote(s[self.i + 1:j])
                self.i = j + 1
                continue
            buf.append(c)
            self.i += 1
        raise ShellSplitError("unterminated double quote")

    def read_word(self, prev_word=None) -> str:
        buf, s = [], self.s
        while self.i < len(s):
            c = s[self.i]
            if c in " \t" or self.peek_op():
                break
            if c == "\\":
                if self.i + 1 < len(s) and s[self.i + 1] != "\n":
                    buf.append(s[self.i + 1])
                self.i += 2
            elif c == "'":
                j = s.find("'", self.i + 1)
                if j < 0:
                    raise ShellSplitError("unterminated single quote")
                buf.append(s[self.i + 1:j])
                self.i = j + 1
            elif c == '"':
                self.i += 1
                buf.append(self.read_double(prev_word))
            elif s.startswith("$(", self.i) and not s.startswith("$((", self.i):
                self.i += 2
                buf.append(self.substitute(self.read_until_paren(), prev_word))
            elif c == "`":
                j = s.find("`", self.i + 1)
                self.backquote(s[self.i + 1:j])
                self.i = j + 1
            else:
                buf.append(c)
                self.i += 1
        return "".join(buf)

    def skip_blanks(self):
        while self.i < len(self.s) and self.s[self.i] in " \t":
            self.i += 1
        if self.s.startswith("\\\n", self.i):
            self.i += 2
            self.skip_blanks()

    def split(self) -> list[SimpleCommand]:
        cur = SimpleCommand(nested=self.nested)
        pending: list[tuple[SimpleCommand, str, bool]] = []   # here-docs waiting for their body
        s = self.s
        while True:
            self.skip_blanks()
            if self.i >= len(s):
                break
            if s[self.i] == "#" and not cur.words:
                while self.i < len(s) and s[self.i] != "\n":
                    self.i += 1
                continue
            op = self.peek_op()
            if op is None:
                prev = cur.words[-1] if cur.words else None
                word = self.read_word(prev)
                # fd-numbered redirection such as 2>&1 or 2>/dev/null
                nxt = self.peek_op()
                if word.isdigit() and nxt in (">", ">>", ">&", "<", "<&") and s[self.i - len(word):self.i] == word:
                    continue
                cur.words.append(word)
                continue
            if op in ("<", ">", ">>", "&>", ">&", "<&", ">|", "<<<", "<<", "<<-"):
                self.i += len(op)
                self.skip_blanks()
                raw_start = self.i
                target = self.read_word()
                raw = s[raw_start:self.i]
                if op in ("<<", "<<-"):
                    quoted = any(q in raw for q in "'\"\\")
                    pending.append((cur, target, op == "<<-"))
                    continue
                if op == "<<<":
                    cur.stdin = target + "\n"
                    continue
                cur.redirs.append((op, target))
                continue
            self.i += len(op)
            if op == "\n":
                for (cmd, delim, strip) in pending:
                    body, line_no = [], s.count("\n", 0, self.i)
                    while True:
                        if self.i >= len(s):
                            raise ShellSplitError(f"here-document not closed by {delim}")
                        j = s.find("\n", self.i)
                        line = s[self.i:] if j < 0 else s[self.i:j]
                        self.i = len(s) if j < 0 else j + 1
                        self.heredoc_lines.add(line_no)
                        line_no += 1
                        if (line.lstrip("\t") if strip else line) == delim:
                            break
                        body.append(line + "\n")
                    cmd.stdin = "".join(body)
                pending = []
            if cur.words or cur.redirs:
                self.out.append(cur)
            cur = SimpleCommand(nested=self.nested)
        if pending:
            raise ShellSplitError("here-document has no body")
        if cur.words or cur.redirs:
            self.out.append(cur)
        return self.out


# ---------------------------------------------------------------- checkers
@dataclass
class Verdict:
    ok: bool
    message: str = ""
    warnings: list[str] = field(default_factory=list)


class Env:
    def __init__(self, jobs: int, az_subprocess: bool = False):
        self.az_subprocess = az_subprocess
        self.az_worker: subprocess.Popen | None = None
        self.az_lock = threading.Lock()
        self.tmp = Path(tempfile.mkdtemp(prefix="check-commands-"))
        self.jobs = jobs
        self.kubectl = shutil.which("kubectl")
        self.kube_home = self.tmp / "kube-home"
        self.kube_home.mkdir()
        self.kubeconfig = self.tmp / "kubeconfig"
        self.kubeconfig.write_text(
            "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://127.0.0.1:9\n"
            "    insecure-skip-tls-verify: true\n  name: unreachable\ncontexts:\n- context:\n"
            "    cluster: unreachable\n    user: dummy\n    namespace: default\n  name: unreachable\n"
            "current-context: unreachable\nusers:\n- name: dummy\n  user:\n    token: dummy\n")
        self.az_dir = self.tmp / "azure"
        self.az_ready = False
        self.cache: dict[tuple, Verdict] = {}
        self.ext = json.loads(EXT_DATA.read_text()) if EXT_DATA.exists() else None
        self.stats = {"kubectl": 0, "az": 0, "az-ext": 0, "grep": 0}

    def base_env(self) -> dict[str, str]:
        keep = {k: os.environ[k] for k in ("LANG", "LC_ALL", "TZ") if k in os.environ}
        keep["HOME"] = str(self.kube_home)
        return keep

    def close(self):
        if self.az_worker:
            self.az_worker.stdin.close()
            self.az_worker.wait(timeout=30)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_az(self, args: list[str]) -> tuple[int, str, str]:
        """Runs the real az parser: in one long-lived worker (the venv's python importing azure.cli
        and calling get_default_cli().invoke() per command, so az starts once), or as a subprocess
        with --az-subprocess or when the worker cannot start."""
        if not self.az_subprocess:
            with self.az_lock:
                try:
                    if self.az_worker is None:
                        self.az_worker = subprocess.Popen([str(AZ_PYTHON), str(Path(__file__).resolve()), "--az-worker"],
                                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                          env=self.az_env(), cwd=self.tmp, text=True)
                    w = self.az_worker
                    w.stdin.write(json.dumps(args) + "\n")
                    w.stdin.flush()
                    ready, _, _ = select.select([w.stdout], [], [], 120)
                    line = w.stdout.readline() if ready else ""
                    if line:
                        r = json.loads(line)
                        return r["rc"], r["out"], r["err"]
                    w.kill()
                except (OSError, ValueError, BrokenPipeError):
                    pass
                self.az_worker = None
                self.az_subprocess = True   # fall back for the rest of the run
        try:
            r = subprocess.run([str(AZ_BIN)] + args, stdin=subprocess.DEVNULL, env=self.az_env(), cwd=self.tmp,
                               capture_output=True, text=True, timeout=120)
            return r.returncode, r.stdout, r.stderr
        except subprocess.TimeoutExpired:
            return -1, "", "ERROR: az did not stop within 120 s"

    # ---- az setup: temporary config dir, seeded with the cached command index
    def prepare_az(self) -> str | None:
        if self.az_ready:
            return None
        if not AZ_BIN.exists():
            return f"{AZ_BIN.relative_to(ROOT)} missing: run scripts/setup.sh native"
        self.az_dir.mkdir(exist_ok=True)
        for name in ("commandIndex.json", "helpIndex.json", "extensionIndex.json"):
            if (AZ_CACHE / name).exists():
                shutil.copy(AZ_CACHE / name, self.az_dir / name)
        r = subprocess.run([str(AZ_BIN), "config", "set", "extension.use_dynamic_install=no",
                            "core.collect_telemetry=false", "core.no_color=true", "core.survey_message=false",
                            "auto-upgrade.enable=no", "--only-show-errors"],
                           env=self.az_env(), capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            return "az config set failed: " + r.stderr.strip()
        # warm the command index once (it is rebuilt when the azure-cli version changes)
        subprocess.run([str(AZ_BIN), "aks", "show", "-g", "g", "-n", "n"], env=self.az_env(),
                       capture_output=True, text=True, timeout=180)
        AZ_CACHE.mkdir(parents=True, exist_ok=True)
        if (self.az_dir / "commandIndex.json").exists():
            shutil.copy(self.az_dir / "commandIndex.json", AZ_CACHE / "commandIndex.json")
        self.az_ready = True
        return None

    def az_env(self):
        e = self.base_env()
        e.update(PATH=f"{AZ_BIN.parent}:/usr/bin:/bin", AZURE_CONFIG_DIR=str(self.az_dir),
                 AZURE_CORE_COLLECT_TELEMETRY="false", AZURE_CORE_NO_COLOR="true",
                 AZURE_EXTENSION_USE_DYNAMIC_INSTALL="no", AZURE_CORE_SURVEY_MESSAGE="false")
        return e


def first_error_line(text: str) -> str:
    lines = [l.strip() for l in text.splitlines() if l.strip() and "memcache.go" not in l]
    for l in lines:
        if re.match(r"(?i)(error|fatal)", l):
            return l
    return lines[0] if lines else "(no message)"


def check_kubectl(env: Env, cmd: SimpleCommand) -> Verdict:
    args = cmd.words[1:]
    if not env.kubectl:
        return Verdict(False, "kubectl not found (command -v kubectl); it is on this machine image")
    for a in args:
        if a.split("=", 1)[0] in KUBECTL_REFUSED_FLAGS:
            return Verdict(False, f"refused: {a} could point kubectl at a real server")
    sub = next((a for a in args if not a.startswith("-")), "")
    if sub in KUBECTL_REFUSED_CMDS:
        return Verdict(False, f"refused: kubectl {sub} is not checked (it would wait or open an editor)")
    if sub == "patch":
        for n, a in enumerate(args):
            val = a.split("=", 1)[1] if a.startswith(("--patch=", "-p=")) else (
                args[n + 1] if a in ("-p", "--patch") and n + 1 < len(args) else None)
            if val and val.lstrip()[:1] in "{[":
                try:
                    json.loads(val)
                except ValueError as e:
                    return Verdict(False, f"kubectl patch: the patch is not valid JSON ({e}) after the catalog's "
                                          f"brace rule (`}}}}` in a template is one `}}`): {val}")
    if "--" in args:
        k = args.index("--")
        argv = args[:k] + ["--request-timeout=1s"] + args[k:]
    else:
        argv = args + ["--request-timeout=1s"]
    key = ("kubectl", tuple(argv), cmd.stdin)
    if key in env.cache:
        return env.cache[key]
    e = env.base_env()
    e.update(KUBECONFIG=str(env.kubeconfig), PATH=str(Path(os.path.realpath(env.kubectl)).parent))
    env.stats["kubectl"] += 1
    try:
        r = subprocess.run([env.kubectl] + argv, input=cmd.stdin or "", env=e, cwd=env.tmp,
                           capture_output=True, text=True, timeout=30)
        out = r.stderr + r.stdout
        if r.returncode == 0 or any(m in out for m in KUBECTL_PASS):
            v = Verdict(True)
        else:
            v = Verdict(False, "kubectl: " + first_error_line(out))
    except subprocess.TimeoutExpired:
        v = Verdict(False, "kubectl did not stop within 30 s")
    env.cache[key] = v
    return v


def az_path(args: list[str]) -> list[str]:
    path = []
    for a in args:
        if a.startswith("-"):
            break
        path.append(a)
    return path


def check_az(env: Env, cmd: SimpleCommand) -> Verdict:
    args = cmd.words[1:]
    path = az_path(args)
    joined = " ".join(path)
    if any(joined == r or joined.startswith(r + " ") for r in EXT_ROOTS):
        return check_az_extension(env, path, args[len(path):])
    if path and path[0] in AZ_REFUSED_PATHS:
        return check_az_by_help(env, path, args[len(path):])
    key = ("az", tuple(args))
    if key in env.cache:
        return env.cache[key]
    err = env.prepare_az()
    if err:
        return Verdict(False, err)
    env.stats["az"] += 1
    rc, _, out = env.run_az(args)
    warnings = [l[len("WARNING: "):].strip() for l in out.splitlines() if l.startswith("WARNING: ")]
    warnings = [w for w in warnings if not any(p.search(w) for p in AZ_IGNORED_WARNINGS)]
    if rc == 0 or any(m in out for m in AZ_PASS):
        v = Verdict(True, warnings=[f"az {joined}: {w}" for w in warnings])
    else:
        lines = [l for l in out.splitlines() if l.startswith("ERROR: ")]
        v = Verdict(False, "az: " + (lines[0][len("ERROR: "):] if lines else first_error_line(out)))
    env.cache[key] = v
    return v


HELP_ARG = re.compile(r"^    (--[\w-]+(?: -\w+)*)\s*(\[Required\])?\s*:")


def check_az_by_help(env: Env, path: list[str], rest: list[str]) -> Verdict:
    """Commands that must not run here (they would use the network or change az's own state) are
    checked against the real `az <path> -h`: the path must exist, every parameter must be listed
    under its arguments and every [Required] one must be given."""
    key = ("az-help", tuple(path), tuple(rest))
    if key in env.cache:
        return env.cache[key]
    err = env.prepare_az()
    if err:
        return Verdict(False, err)
    env.stats["az"] += 1
    rc, stdout, stderr = env.run_az(path + ["-h"])
    joined = " ".join(path)
    if rc != 0 or "\nArguments" not in stdout and "\nGlobal Arguments" not in stdout:
        lines = [l for l in stderr.splitlines() if l.startswith("ERROR: ")]
        v = Verdict(False, "az -h: " + (lines[0][7:] if lines else f"`az {joined}` is a group, not a command"))
        env.cache[key] = v
        return v
    groups, required = [], []
    for line in stdout.splitlines():
        m = HELP_ARG.match(line)
        if m:
            g = m.group(1).split()
            groups.append(g)
            if m.group(2):
                required.append(g)
    known = {a for g in groups for a in g}
    problems = []
    given = set()
    for tok in rest:
        if tok.startswith("-") and not re.match(r"^-\d", tok):
            name = tok.split("=", 1)[0]
            if name not in known:
                problems.append(f"unrecognized argument {name} (not in `az {joined} -h`)")
            given.add(name)
    for g in required:
        if not given & set(g):
            problems.append(f"the following arguments are required: {'/'.join(g)}")
    v = Verdict(not problems, "az -h (not run: network or local az state): " + "; ".join(problems))
    env.cache[key] = v
    return v


def check_az_extension(env: Env, path: list[str], rest: list[str]) -> Verdict:
    env.stats["az-ext"] += 1
    if env.ext is None:
        return Verdict(False, f"{EXT_DATA.relative_to(ROOT)} missing: run --import-reference")
    joined = " ".join(path)
    spec = env.ext["commands"].get(joined)
    if spec is None:
        near = [p for p in env.ext["commands"] if p.split(" ")[:-1] == path[:-1]]
        hint = f" (listed: {', '.join(sorted(p.split(' ')[-1] for p in near))})" if near else ""
        return Verdict(False, f"extension command `az {joined}` is not in az-extension-commands.md{hint}")
    groups = spec["required"] + spec["optional"] + AZ_GLOBAL
    deprecated = set(spec.get("deprecated", []))
    alias_of = {}
    for g in groups:
        for a in g:
            alias_of[a] = g[0]
    for a in deprecated:
        alias_of.setdefault(a, a)
    seen: dict[str, list[str]] = {}
    problems, warnings = [], []
    i = 0
    while i < len(rest):
        tok = rest[i]
        if tok.startswith("-") and not re.match(r"^-\d", tok):
            name, eq, val = tok.partition("=")
            if name not in alias_of:
                problems.append(f"unrecognized argument {name} for `az {joined}` (not in az-extension-commands.md)")
                i += 1
                while i < len(rest) and not rest[i].startswith("-"):
                    i += 1                # its values
                continue
            if name in deprecated:
                warnings.append(f"az {joined}: {name} is a deprecated alias")
            values = [val] if eq else []
            j = i + 1
            while not eq and j < len(rest) and not (rest[j].startswith("-") and not re.match(r"^-\d", rest[j])):
                values.append(rest[j])
                j += 1
            seen.setdefault(alias_of[name], []).extend(values)
            i = j
        else:
            problems.append(f"unexpected positional argument {tok!r} for `az {joined}`")
            i += 1
    for g in spec["required"]:
        if g[0] not in seen:
            problems.append(f"the following arguments are required: {'/'.join(g)}")
    choices = dict(spec.get("choices", {}))
    choices["--output"] = AZ_OUTPUT_CHOICES
    for canon, vals in seen.items():
        if canon in choices and vals:
            allowed = {c.lower() for c in choices[canon]}
            if vals[0].lower() not in allowed:
                problems.append(f"{vals[0]!r} is not a valid value for {canon}; allowed: {', '.join(choices[canon])}")
    for canon, vals in seen.items():
        if canon in spec.get("soft_choices", {}) and vals:
            if vals[0].lower() not in {c.lower() for c in spec["soft_choices"][canon]}:
                warnings.append(f"az {joined}: {vals[0]!r} for {canon} is not in the reference list")
    # AKS Backup extension: configuration keys the extension accepts
    keys = env.ext.get("dataprotection_config_keys")
    if keys and path[0] == "k8s-extension" and path[-1] in ("create", "update"):
        etype = (seen.get("--extension-type") or [""])[0].lower()
        name = (seen.get("--name") or [""])[0]
        if etype == "microsoft.dataprotection.kubernetes" or name == "azure-aks-backup":
            allowed = {k.lower() for k in keys}
            for kv in seen.get("--configuration-settings", []):
                k = kv.split("=", 1)[0]
                if k.lower() not in allowed:
                    problems.append(f"configuration key {k!r} is ignored by microsoft.dataprotection.kubernetes "
                                    f"(accepted: {', '.join(keys)})")
    if problems:
        return Verdict(False, "az-extension-commands.md: " + "; ".join(problems), warnings)
    return Verdict(True, warnings=warnings)


def check_grep(env: Env, cmd: SimpleCommand) -> Verdict:
    key = ("grep", tuple(cmd.words))
    if key in env.cache:
        return env.cache[key]
    env.stats["grep"] += 1
    r = subprocess.run(["grep"] + cmd.words[1:], stdin=subprocess.DEVNULL, cwd=env.tmp,
                       capture_output=True, text=True, timeout=10)
    v = Verdict(r.returncode != 2, "grep: " + first_error_line(r.stderr))
    env.cache[key] = v
    return v


def check_simple(env: Env, cmd: SimpleCommand) -> Verdict:
    if not cmd.words:
        return Verdict(True)
    prog = cmd.words[0]
    if prog == "kubectl":
        return check_kubectl(env, cmd)
    if prog == "az":
        return check_az(env, cmd)
    if prog == "grep":
        return check_grep(env, cmd)
    if prog in UNCHECKED_PROGRAMS:
        found = shutil.which(prog)
        return Verdict(True, warnings=[f"`{prog}` is not checked (no parser for it here{'' if found else '; not installed'})"])
    return Verdict(False, f"unknown program `{prog}` (scripts/check-commands.py checks kubectl, az, grep; "
                          f"known but unchecked: {', '.join(sorted(UNCHECKED_PROGRAMS))})")


def is_destructive(cmd: SimpleCommand) -> str | None:
    w = cmd.words
    if not w:
        return None
    args = [a for a in w[1:]]
    flags = {a.split("=", 1)[0] for a in args if a.startswith("-")}
    if flags & {"--yes", "-y", "--force"}:
        return "--yes/--force"
    if w[0] == "kubectl":
        pos = [a for a in args if not a.startswith("-")]
        # skip values of -n/--namespace given before the verb
        clean, skip = [], False
        for a in args:
            if skip:
                skip = False
                continue
            if a in ("-n", "--namespace", "--context", "-l", "--selector", "-f", "-o", "-c"):
                skip = True
                continue
            if not a.startswith("-"):
                clean.append(a)
        pos = clean
        verb = pos[0] if pos else ""
        if verb in ("delete", "replace", "drain", "cordon", "taint", "scale"):
            return f"kubectl {verb}"
        if verb == "rollout" and len(pos) > 1 and pos[1] == "restart":
            return "kubectl rollout restart"
        if verb in ("apply", "create", "patch", "label", "annotate"):
            text = " ".join(args) + "\n" + (cmd.stdin or "")
            if "kube-system" in text:
                return f"kubectl {verb} in kube-system"
    if w[0] == "az":
        path = az_path(args)
        if path and path[-1] in ("delete", "remove", "purge", "restart", "stop", "reset", "rotate-certs"):
            return f"az {' '.join(path)}"
    return None


def has_warning(label: dict) -> list[str]:
    missing = []
    for lang, markers in WARNING_MARKERS.items():
        text = (label or {}).get(lang, "")
        if not any(m in text.lower() for m in markers):
            missing.append(lang)
    return missing


def history_check(line: str) -> str | None:
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", 'set -o history -H; history -p -- "$1"', "_", line],
                       capture_output=True, text=True, timeout=10, env={"PATH": "/usr/bin:/bin", "HISTFILE": "/dev/null"})
    if r.returncode != 0:
        return "history expansion failed"
    return None


# ---------------------------------------------------------------- one template
def fill(template: str, placeholders: dict) -> tuple[str, list[str]]:
    """The brace syntax of src/catalog/template.rs: `{{` and `}}` are literal braces, `{name}`
    (ASCII letters, digits, `_`) a placeholder, `{}` a hole (patterns only), any other brace literal."""
    problems, out, i, t = [], [], 0, template
    while i < len(t):
        c = t[i]
        if c in "{}" and t.startswith(c * 2, i):
            out.append(c)
            i += 2
            continue
        if c == "{":
            m = re.match(r"[A-Za-z0-9_]*\}", t[i + 1:])
            if m:
                name = m.group(0)[:-1]
                i += len(m.group(0)) + 1
                ph = placeholders.get(name)
                if not name:
                    problems.append("anonymous hole {} in a command template")
                    out.append("x")
                elif ph is None:
                    problems.append(f"undeclared placeholder {{{name}}}")
                    out.append("x")
                else:
                    ex = str(ph.get("example", ""))
                    out.append(ex if ex and SAFE_VALUE.match(ex) else SAFE_DUMMIES.get(name, "example-" + name.lower()))
                continue
        out.append(c)
        i += 1
    return "".join(out), problems


def check_template(env: Env, where: str, template: str, label: dict, placeholders: dict):
    """Returns (failures, warnings): lists of (check, message)."""
    fails, warns = [], []
    filled, probs = fill(template, placeholders)
    fails += [("placeholder", p) for p in probs]
    unquoted = re.sub(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"", "''", filled.split("<<", 1)[0] if "<<'" in filled or '<<"' in filled or "<<EOF" in filled else filled)
    for m in re.finditer(r"(?<![<\w])<([A-Za-z][\w-]*)>", unquoted):
        fails.append(("redirection", f"angle-bracket placeholder <{m.group(1)}> is a bash redirection; "
                      "use a declared {placeholder}"))
    r = subprocess.run(["bash", "-n"], input=filled, capture_output=True, text=True, timeout=10)
    if r.returncode != 0:
        fails.append(("bash -n", first_error_line(r.stderr.replace("bash: ", ""))))
        return fails, warns
    try:
        sp = Splitter(filled)
        cmds = sp.split()
    except ShellSplitError as e:
        fails.append(("split", str(e)))
        return fails, warns
    for n, line in enumerate(template.split("\n")):
        if n in sp.heredoc_lines or "!" not in line:
            continue
        msg = history_check(line)
        if msg:
            fails.append(("history expansion", f"{msg}: `!` would be expanded by interactive bash in: {line.strip()}"))
    fails += [("substitution", p) for p in sp.problems]
    destructive = []
    for c in cmds:
        for p in c.problems:
            fails.append(("redirection", p))
        v = check_simple(env, c)
        name = " ".join(c.words[:3])
        if not v.ok:
            fails.append((f"{'$( ) ' if c.nested else ''}{name}", v.message))
        warns += [("warning", w) for w in v.warnings]
        d = is_destructive(c)
        if d:
            destructive.append(d)
    if destructive:
        missing = has_warning(label)
        if missing:
            fails.append(("destructive", f"{destructive[0]} but the label has no warning marker in "
                          f"{'/'.join(missing)} (markers: " + "; ".join(
                              f"{k}: {' '.join(v)}" for k, v in WARNING_MARKERS.items()) + ")"))
    return fails, warns


def collect_items(catalog: dict):
    items = []
    for i, c in enumerate(catalog.get("collect", [])):
        items.append((f"collect #{i}", c.get("command", ""), c.get("note", {})))
    for e in catalog.get("entries", []):
        for i, c in enumerate(e.get("commands", [])):
            items.append((f"{e.get('id')} #{i}", c.get("template", ""), c.get("label", {})))
    return items


def run_items(env: Env, items, placeholders):
    results = [None] * len(items)
    # az first parse happens once before the threads start (index warm-up)
    if any(re.search(r"(^|[\s(|;&])az\s", t) for _, t, _ in items):
        err = env.prepare_az()
        if err:
            print(f"check-commands: {err}", file=sys.stderr)
    with futures.ThreadPoolExecutor(max_workers=env.jobs) as pool:
        futs = {pool.submit(check_template, env, w, t, l, placeholders): k for k, (w, t, l) in enumerate(items)}
        for f in futures.as_completed(futs):
            results[futs[f]] = f.result()
    return results


def main_check(args) -> int:
    t0 = time.monotonic()
    catalog = json.loads(Path(args.catalog).read_text())
    env = Env(args.jobs, args.az_subprocess)
    try:
        items = collect_items(catalog)
        results = run_items(env, items, catalog.get("placeholders", {}))
    finally:
        env.close()
    passed = failed = 0
    for (where, template, _), (fails, warns) in zip(items, results):
        for check, msg in fails:
            print(f"FAIL {where}: {check}: {msg}")
        if args.verbose or fails:
            for _, msg in warns:
                print(f"WARN {where}: {msg}")
        elif warns:
            for _, msg in warns:
                print(f"WARN {where}: {msg}")
        if fails:
            failed += 1
        else:
            passed += 1
    dt = time.monotonic() - t0
    print(f"check-commands: {len(items)} templates; parser runs: kubectl {env.stats['kubectl']}, az {env.stats['az']}, "
          f"extension table {env.stats['az-ext']}, grep {env.stats['grep']}; {dt:.1f} s with {args.jobs} jobs",
          file=sys.stderr)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


# ---------------------------------------------------------------- self-test
def W(en="Warning: this stops things"):
    return {"ja": "注意: 停止します", "ko": "주의: 중지됩니다", "en": en}


PLAIN = {"ja": "表示する", "ko": "표시", "en": "Show"}
SELF_TESTS = [
    # (expect_pass, template, label, what must appear in a failure)
    (True, "kubectl get pods -n dataprotection-microsoft", PLAIN, ""),
    (True, "kubectl logs -n dataprotection-microsoft -l name=velero --tail=500 | grep -E 'level=(error|warning)'", PLAIN, ""),
    (True, "kubectl -n kube-system rollout restart deployment coredns", W(), ""),
    (True, "kubectl exec -it {podName} -n {namespace} -- sh", PLAIN, ""),
    (True, "kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\ndata:\n  a: b\nEOF", PLAIN, ""),
    (False, "kubectl get pods --namespaces default", PLAIN, "unknown flag: --namespaces"),
    (False, "kubectl gett pods", PLAIN, 'unknown command "gett"'),
    (False, "kubectl logs -n default", PLAIN, "error: expected 'logs"),
    (False, "kubectl rollout restartt deployment coredns", PLAIN, "unknown command"),
    (False, "kubectl apply -f - <<'EOF'\nkind: ConfigMap\nmetadata:\n  name: x\n   namespace: y\nEOF", PLAIN, "error parsing STDIN"),
    (False, "kubectl get pods --server https://example.com", PLAIN, "refused"),
    (True, "az aks show --resource-group {resourceGroup} --name {clusterName} --query id --output tsv", PLAIN, ""),
    (True, "az role assignment create --assignee-object-id $(az ad signed-in-user show --query id --output tsv) --assignee-principal-type User --role Reader --scope $(az aks show -g {resourceGroup} -n {clusterName} --query id -o tsv)", PLAIN, ""),
    (True, "az lock list --subscription {subscriptionId} --query \"[?contains(id, '/resourceGroups/')]\" --output table", PLAIN, ""),
    (False, "az aks show --resource-grop {resourceGroup} --name {clusterName}", PLAIN, "--resource-group"),
    (False, "az aks show --resource-group {resourceGroup} --name {clusterName} --bogus", PLAIN, "unrecognized arguments: --bogus"),
    (False, "az akss show --resource-group {resourceGroup} --name {clusterName}", PLAIN, "misspelled or not recognized"),
    (False, "az aks nodepool list --resource-group {resourceGroup}", PLAIN, "the following arguments are required"),
    (False, "az aks show -g {resourceGroup} -n {clusterName} --output tablex", PLAIN, "not a valid value"),
    (False, "az role assignment list --assignee $(az ad signed-in-user shw --query id -o tsv) --all", PLAIN, "misspelled"),
    (True, "az k8s-extension show --name azure-aks-backup --cluster-type managedClusters --cluster-name {clusterName} --resource-group {resourceGroup} --query aksAssignedIdentity.principalId --output tsv", PLAIN, ""),
    (True, "az k8s-extension update --name azure-aks-backup --cluster-type managedClusters --cluster-name {clusterName} --resource-group {resourceGroup} --configuration-settings memoryLimit=4400Mi --yes", W(), ""),
    (True, "az dataprotection backup-policy create -g {vaultResourceGroup} --vault-name {vaultName} -n p --policy p.json", PLAIN, ""),
    (True, "az aks pod-identity exception add --resource-group {resourceGroup} --cluster-name {clusterName} --namespace dataprotection-microsoft --pod-labels a=b", PLAIN, ""),
    (False, "az k8s-extension show --name azure-aks-backup --cluster-typ managedClusters --cluster-name {clusterName} --resource-group {resourceGroup}", PLAIN, "unrecognized argument --cluster-typ"),
    (False, "az k8s-extension show --name azure-aks-backup --cluster-name {clusterName} --resource-group {resourceGroup}", PLAIN, "required"),
    (False, "az k8s-extension show --name azure-aks-backup --cluster-type managedCluster --cluster-name {clusterName} --resource-group {resourceGroup}", PLAIN, "not a valid value"),
    (False, "az k8s-extension update --name azure-aks-backup --cluster-type managedClusters --cluster-name {clusterName} --resource-group {resourceGroup} --configuration-settings resources.limits.memory=4400Mi", PLAIN, "is ignored"),
    (False, "az dataprotection backup-vault shw -g {vaultResourceGroup} -v {vaultName}", PLAIN, "not in az-extension-commands.md"),
    (False, "az dataprotection backup-policy create -g {vaultResourceGroup} -v {vaultName} -n p --policy p.json", PLAIN, "unrecognized argument -v"),
    (False, "kubectl get pods | | grep x", PLAIN, "syntax error"),
    (False, "az lock list --query \"[?!contains(id, '/resourceGroups/')]\" --output table", PLAIN, "history expansion"),
    (True, "az lock list --query '[?!contains(id, `/resourceGroups/`)]' --output table", PLAIN, ""),
    (False, "az dataprotection job show --resource-group <vault-rg> --vault-name <vault> --job-id <job-id>", PLAIN, "redirection"),
    (False, "kubectl get pv {undeclaredThing}", PLAIN, "undeclared placeholder"),
    (True, "kubectl patch configmap coredns-custom -n default --type merge -p '{\"data\":{\"a\":\"hosts {\\n  {publicIp} x\\n}\\n\"}}}}'", PLAIN, ""),
    (False, "kubectl delete validatingwebhookconfiguration {webhookConfiguration}", PLAIN, "no warning marker"),
    (False, "az k8s-extension delete --name azure-aks-backup --cluster-type managedClusters --cluster-name {clusterName} --resource-group {resourceGroup} --yes", W(en="Delete the extension"), "no warning marker in en"),
    (True, "az k8s-extension delete --name azure-aks-backup --cluster-type managedClusters --cluster-name {clusterName} --resource-group {resourceGroup} --yes", W(en="⚠ Deletes the extension"), ""),
    (False, "kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns-custom\n  namespace: kube-system\nEOF", PLAIN, "kube-system"),
    (False, "kubetcl get pods", PLAIN, "unknown program"),
    (True, "helm list -A", PLAIN, ""),
    # catalog templates write a literal `}}` as `}}}}` (src/catalog/template.rs)
    (False, "kubectl patch configmap coredns-custom -n default --type merge -p '{\"data\":{\"a\":\"b\"}}'", PLAIN, "not valid JSON"),
    (True, "kubectl patch configmap coredns-custom -n default --type merge -p '{\"data\":{\"a\":\"b\"}}}}'", PLAIN, ""),
    (False, "az lock list --query \"[?contains(id, '/resourceGroups/') == `false`]\" --output table", PLAIN, "command substitution"),
    (True, "az extension update --name dataprotection", PLAIN, ""),
    (False, "az extension update --nam dataprotection", PLAIN, "unrecognized argument --nam"),
    (False, "az extension updat --name dataprotection", PLAIN, "misspelled"),
]


def main_self_test(args) -> int:
    t0 = time.monotonic()
    catalog = json.loads(Path(args.catalog).read_text())
    env = Env(args.jobs, args.az_subprocess)
    items = [(f"self-test #{i}", t, l) for i, (_, t, l, _) in enumerate(SELF_TESTS)]
    try:
        results = run_items(env, items, catalog.get("placeholders", {}))
    finally:
        env.close()
    # the az worker must give the verdicts a fresh `az` process gives
    # (plain core commands only: the `-h` checks always use a subprocess, and a misspelt nested
    # command costs a fresh az process about 3 s for its full command-table load)
    az_items = [k for k, (_, t, _, _) in enumerate(SELF_TESTS)
                if re.match(r"az (?!k8s-extension|dataprotection|aks pod-identity|extension)", t) and "$(" not in t]
    mismatch = []
    if not args.az_subprocess:
        env2 = Env(args.jobs, az_subprocess=True)
        try:
            res2 = run_items(env2, [items[k] for k in az_items], catalog.get("placeholders", {}))
        finally:
            env2.close()
        for k, (f2, _) in zip(az_items, res2):
            if bool(results[k][0]) != bool(f2):
                mismatch.append(k)
    passed = failed = 0
    for i, ((expect, template, _, needle), (fails, warns)) in enumerate(zip(SELF_TESTS, results)):
        got_pass = not fails
        text = " | ".join(f"{c}: {m}" for c, m in fails)
        ok = got_pass == expect and (expect or needle in text)
        first = template.splitlines()[0]
        if ok:
            passed += 1
            if args.verbose:
                print(f"ok   self-test #{i} {'pass' if expect else 'fail'}: {first}" + ("" if expect else f"  -> {text}"))
        else:
            failed += 1
            print(f"FAIL self-test #{i}: expected {'pass' if expect else 'failure containing ' + repr(needle)}, "
                  f"got {'pass' if got_pass else text}: {first}")
    for k in mismatch:
        failed += 1
        print(f"FAIL self-test #{k}: the az worker and a fresh az process disagree: {SELF_TESTS[k][1]}")
    if not args.az_subprocess:
        passed += len(az_items) - len(mismatch)
    print(f"check-commands --self-test: {time.monotonic() - t0:.1f} s", file=sys.stderr)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


# ---------------------------------------------------------------- reference import
def import_reference(md_path: Path) -> dict:
    """Parses az-extension-commands.md section 2 (tables per extension) into
    scripts/az-extension-commands.json. Handles the file's shorthand: lone short flags (`-g`, `-c`,
    `-n`, `-t`, `-v`) stand for the alias groups named in the section ("Shared options", other rows);
    "**no `-v`**" removes an alias; "the four config options" and "paging" expand to the options they
    name; "Deprecated aliases:" in the notes are accepted with a warning; `{a, b}` after a parameter
    is its choice list; the "Allowed values" list gives soft choices (warnings: it is not exhaustive)."""
    text = md_path.read_text()
    sec2 = text.split("\n## 2.", 1)[1].split("\n## 3.", 1)[0]
    sections = re.split(r"\n### ", sec2)
    commands: dict[str, dict] = {}
    config_keys: list[str] = []
    tick = re.compile(r"`([^`]+)`")

    def flags_in(cell: str):
        out = []
        for m in tick.finditer(cell):
            if re.search(r"\bno \**$", cell[:m.start()]):
                continue                  # "**no `-v`**": a flag that does not exist
            for part in m.group(1).split("/"):
                al = [a for a in part.split() if a.startswith("-")]
                if al and all(re.match(r"^--?[A-Za-z][\w-]*$", a) for a in al):
                    out.append(al)
        return out

    for sec in sections[1:]:
        head = sec.split("\n", 1)[0]
        if "is core" in head:
            continue                      # e.g. az aks trustedaccess: real az checks it
        m = tick.search(head)
        if not m:
            continue
        ext = m.group(1).split()[0]
        body = " ".join(sec.split("\n"))
        groups = [["--resource-group", "-g"]]
        shared = re.search(r"Shared options:(.*?)(?:\. |$)", body)
        shared_groups = flags_in(shared.group(0)) if shared else []
        if shared:
            rp = re.search(r"`(--cluster-resource-provider\s+--cluster-rp)`", body)
            if rp:
                shared_groups.append(rp.group(1).split())
        choices_shared = {}
        for cm in re.finditer(r"`(-[^`]+)`\s*(?:\(bool\)\s*)?\{([^}]+)\}", shared.group(0) if shared else ""):
            choices_shared[cm.group(1).split()[0]] = [c.strip() for c in cm.group(2).split(",")]
        groups += shared_groups
        soft = {}
        for lm in re.finditer(r"^- `(--[\w-]+)`: ([^\n]+(?:\n  [^\n]+)*)", sec, re.M):
            vals = re.split(r" \(|\.(?:\s|$)", " ".join(lm.group(2).split()))[0]
            soft[lm.group(1)] = [v.strip() for v in vals.split(",") if v.strip()]
        if "Configuration keys" in sec:
            config_keys = re.findall(r"^\s+- `(\w+)` →", sec, re.M)
        rows = []
        for line in sec.split("\n"):
            if not line.startswith("| `"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            path = tick.search(cells[0]).group(1).strip()
            if "…" in path or "..." in path:
                continue
            rows.append((path, cells))
            for c in cells[1:3]:
                groups += [g for g in flags_in(c) if len(g) > 1]
        create_config = []
        for path, cells in rows:
            if not path.startswith(("k8s-extension", "aks", "dataprotection")):
                path = f"{ext} {path}"
            required_cell, optional_cell, notes = cells[1], cells[2], cells[3] if len(cells) > 3 else ""

            def expand(cell):
                out = []
                for g in flags_in(cell):
                    # a lone short flag (`-g`) stands for its alias group; a lone long flag only
                    # for a "Shared options" group (`--cluster-rp`)
                    pool = groups if len(g) == 1 and not g[0].startswith("--") else shared_groups
                    full = next((gg for gg in pool if set(g) <= set(gg) and len(gg) >= len(g)), g)
                    full = list(dict.fromkeys(g + [a for a in full if a not in g]))
                    # keep the long name first
                    full.sort(key=lambda a: not a.startswith("--"))
                    for nm in re.findall(r"\*\*no `(-\w)`\*\*", cell):
                        if nm in full and nm not in g:
                            full.remove(nm)
                    out.append(full)
                return out
            required = expand(required_cell)
            optional = expand(optional_cell)
            if "paging" in optional_cell and not any("--max-items" in g for g in optional):
                optional += [["--max-items"], ["--next-token"]]
            deprecated = []
            dm = re.search(r"Deprecated aliases:(.*?)(?:\. |$)", notes)
            if dm:
                deprecated = [t for t in tick.findall(re.sub(r"\(use [^)]*\)", "", dm.group(1))) if t.startswith("--")]
            if path.endswith(" create") and path.startswith("k8s-extension"):
                create_config = [g for g in optional if "config" in g[0]]
                create_deprecated = deprecated
            if "the four config options" in optional_cell:
                optional += create_config
                deprecated = deprecated or create_deprecated
            choices = dict(choices_shared)
            for c in cells[1:3]:
                for cm in re.finditer(r"`(-[^`]+)`\s*(?:\(bool\)\s*)?\{([^}]+)\}", c):
                    choices[cm.group(1).split()[0]] = [v.replace("(default)", "").strip() for v in cm.group(2).split(",")]
            canon = {}
            for g in required + optional:
                for a in g:
                    canon[a] = g[0]
            choices = {canon.get(k, k): v for k, v in choices.items() if canon.get(k, k) in canon}
            soft_c = {canon[k]: v for k, v in soft.items() if k in canon and canon[k] not in choices}
            commands[path] = {"required": required, "optional": optional, "deprecated": deprecated,
                              "choices": choices, "soft_choices": soft_c}
    return {"source": str(md_path.name),
            "note": "generated by scripts/check-commands.py --import-reference; edit the reference, not this file",
            "dataprotection_config_keys": config_keys, "commands": dict(sorted(commands.items()))}


def az_worker() -> int:
    """`--az-worker`, run by the venv's python: reads JSON argument lists on stdin, answers
    {"rc", "err"} per line. Each command gets a fresh get_default_cli() (as az's own test harness
    does); modules stay imported, which is the whole saving."""
    import contextlib
    import io
    import logging
    proto = os.fdopen(os.dup(1), "w")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    from azure.cli.core import get_default_cli
    for line in sys.stdin:
        args = json.loads(line)
        out, err = io.StringIO(), io.StringIO()
        saved_stdin, sys.stdin = sys.stdin, io.StringIO("")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    rc = get_default_cli().invoke(args, out_file=out)
                except SystemExit as e:
                    rc = e.code if isinstance(e.code, int) else 1
                except Exception as e:          # noqa: BLE001 - reported as a failure
                    rc, _ = 1, err.write(f"ERROR: {type(e).__name__}: {e}\n")
        finally:
            sys.stdin = saved_stdin
            for name in ("cli", "azure", ""):
                lg = logging.getLogger(name)
                for h in list(lg.handlers):
                    lg.removeHandler(h)
        proto.write(json.dumps({"rc": rc, "out": out.getvalue(), "err": err.getvalue()}) + "\n")
        proto.flush()
    return 0


def main() -> int:
    if sys.argv[1:] == ["--az-worker"]:
        return az_worker()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--catalog", default=str(ROOT / "catalog.json"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--import-reference", metavar="MD", nargs="?", const=str(DEFAULT_REFERENCE))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--az-subprocess", action="store_true", help="run az once per command (no worker)")
    args = ap.parse_args()
    if args.import_reference:
        data = import_reference(Path(args.import_reference))
        EXT_DATA.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {EXT_DATA.relative_to(ROOT)}: {len(data['commands'])} extension commands")
        return 0
    if args.self_test:
        return main_self_test(args)
    return main_check(args)


if __name__ == "__main__":
    sys.exit(main())
