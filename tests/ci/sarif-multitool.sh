#!/usr/bin/env bash
# Validate rampart's SARIF with Microsoft's SARIF Multitool, the validator
# behind the SARIF web validator GitHub's docs point to: the schema, the
# SARIF spec's rules (SARIF1xxx/2xxx) and GitHub's ingestion rules (GHxxxx).
#
# Installs the npm package @microsoft/sarif-multitool (pinned) into
# target/ci-tools/. Its platform package ships a self-contained .NET build
# (no runtime to download), which runs on linux-x64 and macOS. Then rampart
# writes a SARIF report for examples/fastapi-monolith and `validate` checks
# it; any error or warning fails the script (the Multitool itself exits 0
# whatever it finds, so its log is read instead).
#
# Where the Multitool cannot be installed or run (no npm, no registry, an
# unsupported platform), the script prints a SKIP line saying why and exits 0.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=5.7.0
TARGET=${CARGO_TARGET_DIR:-target}
TOOLS="$TARGET/ci-tools/sarif-multitool"
WORK="$TARGET/ci-tools/sarif-multitool-run"

skip() {
    echo "SKIP sarif-multitool: $*"
    exit 0
}

command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v npm >/dev/null 2>&1 || skip "npm is not installed"

mkdir -p "$TOOLS" "$WORK"
if [ ! -x "$TOOLS/node_modules/.bin/sarif-multitool" ] ||
    ! grep -q "\"version\": \"$VERSION\"" "$TOOLS/node_modules/@microsoft/sarif-multitool/package.json" 2>/dev/null; then
    echo "== installing @microsoft/sarif-multitool@$VERSION into $TOOLS"
    # Install scripts only chmod the binary (done below); npm may not run them.
    if ! npm install --prefix "$TOOLS" --no-audit --no-fund --no-save --ignore-scripts \
        "@microsoft/sarif-multitool@$VERSION" >"$WORK/npm.log" 2>&1; then
        tail -n 20 "$WORK/npm.log" >&2 || true
        skip "npm could not install @microsoft/sarif-multitool@$VERSION (see above)"
    fi
fi

# The main package resolves the binary of this platform's package.
MT=$(node -e 'try { console.log(require(process.argv[1])) } catch (e) { process.exit(1) }' \
    "$(pwd)/$TOOLS/node_modules/@microsoft/sarif-multitool") ||
    skip "no Multitool build for this platform ($(uname -s)/$(uname -m))"
[ -f "$MT" ] || skip "the platform package is not installed ($MT missing)"
chmod u+x "$MT"

# No ICU library needed (the Multitool only reads ASCII rule text).
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
"$MT" --version >"$WORK/version.txt" 2>&1 ||
    skip "the Multitool does not run here: $(head -n 3 "$WORK/version.txt")"
echo "== $(head -n 1 "$WORK/version.txt")"

# SARIF2006 checks that every URI in the log answers an HTTP GET: it needs
# the network, and the rule links point at the repository's main branch.
cat >"$WORK/config.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
EOF

# validate LOG OUT: run the Multitool on LOG; print its errors and warnings.
# Exits 0 when there are none, 1 when there are, 3 when its own log cannot
# be read (the Multitool's exit status does not tell).
validate() {
    rm -f "$2"
    "$MT" validate "$1" --output "$2" --log ForceOverwrite --config "$WORK/config.xml" \
        --rule-kind "Sarif;Gh" --level "Error;Warning" >"$WORK/validate.log" 2>&1 || {
        cat "$WORK/validate.log" >&2
        echo "FAIL sarif-multitool: validate did not run on $1" >&2
        exit 1
    }
    node -e '
        let log;
        try {
            const text = require("fs").readFileSync(process.argv[1], "utf8");
            log = JSON.parse(text.replace(/^\uFEFF/, ""));
        } catch (e) {
            console.log(`  cannot read the validation log: ${e.message}`);
            process.exit(3);
        }
        const run = log.runs[0];
        const rules = Object.fromEntries((run.tool.driver.rules || []).map(r => [r.id, r]));
        const results = run.results || [];
        for (const r of results) {
            const tmpl = ((rules[r.ruleId] || {}).messageStrings || {})[r.message.id];
            const args = r.message.arguments || [];
            const text = r.message.text ||
                (tmpl ? tmpl.text.replace(/\{(\d+)\}/g, (_, i) => args[i]) : args.join(" "));
            console.log(`  ${r.level} ${r.ruleId}: ${text}`);
        }
        const failed = (run.invocations || []).some(i => i.executionSuccessful === false);
        if (failed) console.log("  the validator reported a failed execution");
        process.exit(results.length > 0 || failed ? 1 : 0);
    ' "$(pwd)/$2"
}

echo "== the validator rejects a broken log"
cat >"$WORK/broken.sarif" <<'EOF'
{"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [{"message": {"text": "x"}}]}]}
EOF
status=0
validate "$WORK/broken.sarif" "$WORK/broken.validation.sarif" >"$WORK/broken.txt" || status=$?
if [ "$status" -ne 1 ] || ! grep -q "JSON1002" "$WORK/broken.txt"; then
    cat "$WORK/broken.txt" >&2
    echo "FAIL sarif-multitool: a log without tool.driver.name was not rejected" >&2
    exit 1
fi

echo "== rampart check examples/fastapi-monolith --format sarif"
cargo build --quiet --bin rampart
status=0
"$TARGET/debug/rampart" check examples/fastapi-monolith --format sarif \
    --output "$WORK/fastapi-monolith.sarif" -q || status=$?
if [ "$status" -ne 1 ]; then
    echo "FAIL sarif-multitool: rampart exited $status (expected 1: findings)" >&2
    exit 1
fi

echo "== sarif-multitool validate $WORK/fastapi-monolith.sarif"
if ! validate "$WORK/fastapi-monolith.sarif" "$WORK/fastapi-monolith.validation.sarif"; then
    echo "FAIL sarif-multitool: errors or warnings above" >&2
    exit 1
fi

# What the example does not have: a suppressed finding (SARIF
# `suppressions`) and a file that does not parse (a tool notification).
echo "== sarif-multitool validate a report with a suppression and a broken file"
rm -rf "$WORK/tree" && mkdir -p "$WORK/tree"
cat >"$WORK/tree/main.tf" <<'TF'
variable "admin_cidr" {}

resource "aws_security_group" "app" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }

  # rampart:ignore NET002 reason: public demo endpoint
  ingress {
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
TF
echo 'admin_cidr = "0.0.0.0/0"' >"$WORK/tree/terraform.tfvars"
printf 'locals {\n  a = = 1\n}\n' >"$WORK/tree/broken.tf"
status=0
"$TARGET/debug/rampart" check "$WORK/tree" --format sarif --output "$WORK/tree.sarif" -q || status=$?
if [ "$status" -ne 2 ]; then
    echo "FAIL sarif-multitool: rampart exited $status (expected 2: a file does not parse)" >&2
    exit 1
fi
if ! validate "$WORK/tree.sarif" "$WORK/tree.validation.sarif"; then
    echo "FAIL sarif-multitool: errors or warnings above" >&2
    exit 1
fi
echo "PASS sarif-multitool: no errors or warnings"
