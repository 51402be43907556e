#!/usr/bin/env bash
# Shows whether the sync hot path (a nested `lock`) got slower because of #9 (async flows): runs
# PatchedLockBenchmarks (raw nested lock vs the same code rewritten with Dept's patches, engine running) on
#   head     - HEAD as committed,
#   no-hook  - HEAD with #9's only change to the lock path removed (the flow walk in RecordWait, `t.Flow`),
#   pre9     - the last main commit before #9 first landed (the parent of the commit that added the flow engine,
#              Dept.Core/Tracking/DeptEngine.Flows.cs; #9 landed by fast-forward, so no merge commit marks it),
# each built from its own temporary git worktree (uncommitted changes are not measured), one after another, and
# prints every table with the machine's load. Compare `head` with `no-hook` (same code but for #9's hook) and with
# `pre9` (before #9, but also before #12's hot-path work). Run it on a quiet machine; figures are per call.
#
# Usage: tests/Dept.Benchmarks/compare-pre9.sh [--job dry|short|default] [--only head,no-hook,pre9] [--keep]
#   --job     an extra BenchmarkDotNet job run beside the benchmark's own one (its [SimpleJob] always runs; `dry`
#             adds a one-shot cold run, useful only to check the script); default: the benchmark's own job only
#   --only    comma-separated subset of the variants
#   --keep    keep the temporary worktrees and BenchmarkDotNet artifacts (printed at the end)
# Environment: PRE9=<commit> overrides the pre-#9 commit.
set -euo pipefail

job=""
only="head,no-hook,pre9"
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --job) job="${2:?--job needs a value: dry, short or default}"; shift 2 ;;
        --only) only="${2:?--only needs a comma-separated list of head, no-hook, pre9}"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "compare-pre9.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

for v in ${only//,/ }; do
    case "$v" in head|no-hook|pre9) ;; *) echo "compare-pre9.sh: unknown variant '$v' in --only (head, no-hook, pre9)" >&2; exit 2 ;; esac
done

repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
head="$(git -C "$repo" rev-parse HEAD)"
first9="$(git -C "$repo" log --diff-filter=A --format=%H HEAD -- Dept.Core/Tracking/DeptEngine.Flows.cs | tail -1)"
if [ -z "${PRE9:-}" ] && [ -z "$first9" ]; then
    echo "compare-pre9.sh: cannot find the commit that added Dept.Core/Tracking/DeptEngine.Flows.cs; set PRE9=<commit>" >&2
    exit 2
fi
pre9="$(git -C "$repo" rev-parse "${PRE9:-$first9^}")"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dept-compare-pre9.XXXXXX")"
worktrees=()
cleanup() {
    if [ "$keep" = 0 ]; then
        for w in "${worktrees[@]}"; do git -C "$repo" worktree remove --force "$w" >/dev/null 2>&1 || true; done
        rm -rf "$tmp"
    else
        echo "kept: $tmp"
    fi
}
trap cleanup EXIT

jobargs=()
if [ -n "$job" ] && [ "$job" != "default" ]; then
    jobargs=(--job "$job")
fi

# Removes `if (t.Flow is { } flow) { FlowEdges(...); }` (and its comment) from RecordWait; fails if it is not there.
remove_flow_hook() {
    python3 - "$1/Dept.Core/Tracking/DeptEngine.Events.cs" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
pattern = re.compile(r"\n[ \t]*//[^\n]*\(#9\)[^\n]*\n[ \t]*if \(t\.Flow is \{ \} flow\)\s*\{\s*FlowEdges\([^;]*\);\s*\}\n"
                     r"|\n[ \t]*if \(t\.Flow is \{ \} flow\)\s*\{\s*FlowEdges\([^;]*\);\s*\}\n")
text, count = pattern.subn("\n", text, count=1)
if count != 1:
    sys.exit(f"compare-pre9.sh: the flow hook (if (t.Flow is {{ }} flow) {{ FlowEdges(...); }}) is not in {path}; update the script")
open(path, "w", encoding="utf-8").write(text)
EOF
}

run_variant() {
    local name="$1" commit="$2" dir="$tmp/$1"
    echo
    echo "=== $name: $(git -C "$repo" log --format='%h %s' -1 "$commit" | cut -c1-110)"
    git -C "$repo" worktree add --detach --force "$dir" "$commit" >/dev/null 2>&1
    worktrees+=("$dir")
    if [ "$name" = "no-hook" ]; then
        remove_flow_hook "$dir"
    fi

    if ! dotnet build "$dir/tests/Dept.Benchmarks" -c Release -nologo -v quiet > "$tmp/$name-build.log" 2>&1; then
        tail -30 "$tmp/$name-build.log"
        echo "compare-pre9.sh: build of $name failed (log above)" >&2
        exit 1
    fi

    (cd "$dir/tests/Dept.Benchmarks" && dotnet run -c Release --no-build -- --filter '*PatchedLockBenchmarks*' \
        --artifacts "$tmp/$name-artifacts" "${jobargs[@]}" > "$tmp/$name-run.log" 2>&1) || {
        tail -30 "$tmp/$name-run.log"
        echo "compare-pre9.sh: benchmark run of $name failed (log above)" >&2
        exit 1
    }

    local report
    report="$(find "$tmp/$name-artifacts" -name '*PatchedLockBenchmarks-report-github.md' | head -1)"
    if [ -z "$report" ]; then
        tail -30 "$tmp/$name-run.log"
        echo "compare-pre9.sh: $name produced no report (log above)" >&2
        exit 1
    fi

    echo "load: $(uptime)"
    grep '^|' "$report"
}

echo "HEAD: $(git -C "$repo" log --format='%h %s' -1 "$head" | cut -c1-110)"
echo "pre-#9 base: $(git -C "$repo" log --format='%h %s' -1 "$pre9" | cut -c1-110)"
for v in ${only//,/ }; do
    case "$v" in
        head|no-hook) run_variant "$v" "$head" ;;
        pre9) run_variant "$v" "$pre9" ;;
    esac
done

echo
echo "Unpatched = raw nested lock (baseline, Ratio 1.00); Patched = rewritten with Dept on. #9 leaves the sync path"
echo "no slower when head's Patched mean (and Ratio) matches no-hook's within the error columns."
