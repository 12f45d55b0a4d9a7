"""Reads the CI templates in docs/ci/ for tests/ci/templates.sh, and checks
the reports their jobs write. Needs PyYAML (installed by templates.sh).

  templates.py cargo-version CARGO_TOML
      the version of the workspace (or the package) in Cargo.toml
  templates.py gitlab TEMPLATE JOB OUT
      OUT/variables  the job's variables (global, then the job's), NUL-
                     separated NAME=VALUE, expanded as GitLab does ($NAME and
                     ${NAME} from this process's environment and the earlier
                     variables; $$ is a dollar)
      OUT/job.sh     before_script + script, each line echoed first as
                     `$ LINE` (as the runner does), under `set -eo pipefail`
      OUT/image, OUT/codequality (artifacts:reports:codequality),
      OUT/artifacts-when
  templates.py github TEMPLATE JOB OUT
      OUT/env        the workflow's then the job's env, NUL-separated
      OUT/steps/NN/  one folder per step: name, then either `run` (the
                     script), `shell` and `env` (NUL-separated), or `uses`
                     and with/KEY; `if` when the step has one
  templates.py version TEMPLATE KIND JOB
      the template's RAMPART_VERSION
  templates.py code-quality REPORT PATH LINE RULE
  templates.py sarif LOG PATH LINE RULE
      check a report: well formed, and exactly the findings expected (one
      RULE finding at PATH:LINE; with LINE 0, no finding at all)

Anything the simulation cannot honour (include/extends, `${{ }}` in a run
script or an env value, defaults) is an error rather than a silent guess.
"""

import json
import os
import re
import sys
from pathlib import Path

import yaml


def die(msg):
    print(f"templates.py: {msg}", file=sys.stderr)
    sys.exit(2)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def write_env(path, pairs):
    with open(path, "w", encoding="utf-8") as f:
        for k, v in pairs:
            f.write(f"{k}={v}\0")


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


# --- GitLab

GITLAB_VAR = re.compile(r"\$\$|\$\{(\w+)\}|\$(\w+)")


def gitlab_expand(value, env):
    def sub(m):
        if m.group(0) == "$$":
            return "$"
        return env.get(m.group(1) or m.group(2), "")

    return GITLAB_VAR.sub(sub, value)


def gitlab_variables(section):
    out = []
    for k, v in (section or {}).items():
        if isinstance(v, dict):  # {value: ..., description: ...}
            v = v.get("value", "")
        out.append((k, scalar(v)))
    return out


def lines_of(section, name):
    if section is None:
        return []
    if isinstance(section, str):
        return [section]
    if not isinstance(section, list):
        die(f"{name} is not a list")
    out = []
    for item in section:
        if isinstance(item, list):  # nested lists (YAML anchors) are flattened
            out.extend(scalar(x) for x in item)
        else:
            out.append(scalar(item))
    return out


def gitlab(template, job_name, out):
    doc = load(template)
    if "include" in doc:
        die("include: is not simulated")
    job = doc.get(job_name)
    if not isinstance(job, dict):
        die(f"no job {job_name}")
    for key in ("extends", "after_script", "services"):
        if key in job:
            die(f"{key}: is not simulated")
    if "default" in doc:
        die("default: is not simulated")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)

    env = dict(os.environ)
    pairs = []
    for k, v in gitlab_variables(doc.get("variables")) + gitlab_variables(job.get("variables")):
        v = gitlab_expand(v, env)
        env[k] = v
        pairs.append((k, v))
    write_env(out / "variables", pairs)

    image = job.get("image", doc.get("image", ""))
    if isinstance(image, dict):
        image = image.get("name", "")
    (out / "image").write_text(scalar(image) + "\n")
    artifacts = job.get("artifacts") or {}
    (out / "codequality").write_text(scalar((artifacts.get("reports") or {}).get("codequality", "")) + "\n")
    (out / "artifacts-when").write_text(scalar(artifacts.get("when", "on_success")) + "\n")

    lines = lines_of(job.get("before_script"), "before_script") + lines_of(job.get("script"), "script")
    if not lines:
        die("the job has no script")
    with open(out / "job.sh", "w", encoding="utf-8") as f:
        f.write("set -eo pipefail\nset +o noclobber\n")
        for line in lines:
            f.write(f"printf '$ %s\\n' {shell_quote(line)}\n{line}\n")


# --- GitHub Actions


def github_env(section, where):
    out = []
    for k, v in (section or {}).items():
        v = scalar(v)
        if "${{" in v:
            die(f"{where} env {k} uses an expression, not simulated: {v}")
        out.append((k, v))
    return out


def github(template, job_name, out):
    doc = load(template)
    jobs = doc.get("jobs") or {}
    job = jobs.get(job_name)
    if not isinstance(job, dict):
        die(f"no job {job_name}")
    if "defaults" in doc or "defaults" in job:
        die("defaults: is not simulated")
    if "container" in job or "services" in job:
        die("container/services are not simulated")
    out = Path(out)
    (out / "steps").mkdir(parents=True, exist_ok=True)
    write_env(out / "env", github_env(doc.get("env"), "workflow") + github_env(job.get("env"), "job"))
    for i, step in enumerate(job.get("steps") or [], start=1):
        d = out / "steps" / f"{i:02d}"
        d.mkdir()
        if "uses" in step:
            name = step.get("name") or scalar(step["uses"])
            (d / "uses").write_text(scalar(step["uses"]) + "\n")
            (d / "with").mkdir()
            for k, v in (step.get("with") or {}).items():
                (d / "with" / k).write_text(scalar(v) + "\n")
        elif "run" in step:
            run = scalar(step["run"])
            if "${{" in run:
                die(f"step {i}: an expression in a run script is not simulated")
            name = step.get("name") or run.splitlines()[0]
            (d / "run").write_text(run if run.endswith("\n") else run + "\n")
            (d / "shell").write_text(scalar(step.get("shell", "")) + "\n")
            if "working-directory" in step:
                die(f"step {i}: working-directory is not simulated")
            write_env(d / "env", github_env(step.get("env"), f"step {i}"))
        else:
            die(f"step {i} has neither uses nor run")
        (d / "name").write_text(scalar(name) + "\n")
        if "if" in step:
            (d / "if").write_text(scalar(step["if"]) + "\n")


def version(template, kind, job_name):
    doc = load(template)
    if kind == "gitlab":
        found = dict(gitlab_variables(doc.get("variables")) + gitlab_variables((doc.get(job_name) or {}).get("variables")))
    else:
        job = (doc.get("jobs") or {}).get(job_name) or {}
        found = dict(github_env(doc.get("env"), "workflow") + github_env(job.get("env"), "job"))
    print(found.get("RAMPART_VERSION", ""))


def cargo_version(path):
    import tomllib

    with open(path, "rb") as f:
        doc = tomllib.load(f)
    v = (doc.get("workspace", {}).get("package", {}) or {}).get("version") or doc.get("package", {}).get("version")
    if not isinstance(v, str):
        die(f"no version in {path}")
    print(v)


# --- reports


def fail(problems):
    for p in problems:
        print(f"  {p}")
    sys.exit(1)


CODE_QUALITY_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def code_quality(report, path, line, rule):
    """GitLab's Code Quality report: a JSON array of issues, each with
    description, check_name, fingerprint, severity and location.path +
    location.lines.begin (the fields GitLab documents as required)."""
    line = int(line)
    try:
        issues = json.loads(Path(report).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        fail([f"{report}: {e}"])
    if not isinstance(issues, list):
        fail([f"{report}: not a JSON array"])
    problems = []
    for n, issue in enumerate(issues):
        where = f"issue {n}"
        if not isinstance(issue, dict):
            problems.append(f"{where}: not an object")
            continue
        for key in ("description", "check_name", "fingerprint"):
            if not isinstance(issue.get(key), str) or not issue[key]:
                problems.append(f"{where}: no {key}")
        if issue.get("severity") not in CODE_QUALITY_SEVERITIES:
            problems.append(f"{where}: severity {issue.get('severity')!r}")
        loc = issue.get("location") or {}
        if not isinstance(loc.get("path"), str):
            problems.append(f"{where}: no location.path")
        begin = (loc.get("lines") or {}).get("begin")
        if not isinstance(begin, int) or isinstance(begin, bool):
            problems.append(f"{where}: no location.lines.begin")
    fingerprints = [i.get("fingerprint") for i in issues if isinstance(i, dict)]
    if len(set(fingerprints)) != len(fingerprints):
        problems.append("fingerprints are not unique")
    found = [
        (i.get("check_name"), (i.get("location") or {}).get("path"), ((i.get("location") or {}).get("lines") or {}).get("begin"))
        for i in issues
        if isinstance(i, dict)
    ]
    want = [] if line == 0 else [(rule, path, line)]
    matches = [f for f in found if f[0] is not None and f[0].split("/")[0] == rule and f[1:] == (path, line)]
    if line == 0 and found:
        problems.append(f"expected no issue, got {found}")
    if line != 0 and (len(found) != 1 or len(matches) != 1):
        problems.append(f"expected {want}, got {found}")
    if problems:
        fail(problems)
    print(f"  {report}: {len(issues)} issue(s) {found}")


def sarif(log_path, path, line, rule):
    """SARIF 2.1.0 as code scanning takes it: version, one run naming its
    tool, results whose ruleId is a rule of the driver, located by a
    relative uri and a region."""
    line = int(line)
    try:
        log = json.loads(Path(log_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        fail([f"{log_path}: {e}"])
    problems = []
    if log.get("version") != "2.1.0":
        problems.append(f"version {log.get('version')!r}")
    if "2.1.0" not in str(log.get("$schema", "")):
        problems.append(f"$schema {log.get('$schema')!r}")
    runs = log.get("runs")
    if not isinstance(runs, list) or len(runs) != 1:
        fail(problems + ["not exactly one run"])
    driver = (runs[0].get("tool") or {}).get("driver") or {}
    if driver.get("name") != "rampart":
        problems.append(f"tool.driver.name {driver.get('name')!r}")
    rule_ids = {r.get("id") for r in driver.get("rules") or []}
    results = runs[0].get("results")
    if not isinstance(results, list):
        fail(problems + ["no results array"])
    found = []
    for n, r in enumerate(results):
        if r.get("ruleId") not in rule_ids:
            problems.append(f"result {n}: ruleId {r.get('ruleId')!r} is not a rule of the driver")
        if not (r.get("message") or {}).get("text"):
            problems.append(f"result {n}: no message.text")
        phys = ((r.get("locations") or [{}])[0]).get("physicalLocation") or {}
        uri = (phys.get("artifactLocation") or {}).get("uri")
        start = (phys.get("region") or {}).get("startLine")
        found.append((r.get("ruleId"), uri, start))
    if line == 0 and found:
        problems.append(f"expected no result, got {found}")
    if line != 0 and found != [(rule, path, line)]:
        problems.append(f"expected {[(rule, path, line)]}, got {found}")
    if problems:
        fail(problems)
    print(f"  {log_path}: SARIF {log['version']}, {len(results)} result(s) {found}")


def main(argv):
    if len(argv) < 2:
        die(__doc__)
    cmd, args = argv[1], argv[2:]
    table = {
        "cargo-version": (cargo_version, 1),
        "gitlab": (gitlab, 3),
        "github": (github, 3),
        "version": (version, 3),
        "code-quality": (code_quality, 4),
        "sarif": (sarif, 4),
    }
    if cmd not in table or len(args) != table[cmd][1]:
        die(__doc__)
    table[cmd][0](*args)


if __name__ == "__main__":
    main(sys.argv)
