#!/usr/bin/env bash
# The repository's test entry (README, "Run the tests"; .ci/run calls exactly this): on a fresh Debian machine with
# only the .NET SDK it installs what the tests need, runs `dotnet test Dept.sln -c Release`, and ends with one line
# "N passed, N failed" summed over all test projects. Exits non-zero on any failure.
# Arguments are passed on to dotnet test (e.g. ./test.sh --filter "FullyQualifiedName~Cli").
set -uo pipefail
cd "$(dirname "$0")"

# The viewer's browser tests (Dept.Viewer.Tests/Browser) drive Debian's chromium through Playwright; Playwright's
# own browser download is not used. Installed once when missing (as root, or through sudo).
if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing Debian's chromium for the browser tests" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "test.sh: error: /usr/bin/chromium is missing and this user cannot install it; run 'apt-get install -y chromium' as root" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null; }; then
    echo "test.sh: error: could not install chromium (apt-get install -y chromium)" >&2
    exit 1
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Dept.sln -c Release "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# VSTest prints one "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..." line per test project.
passed=0; failed=0
while IFS= read -r line; do
  p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line"); f=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done < <(grep -E '^(Passed|Failed)! +- Failed: ' "$log")

if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "dotnet test exited with $rc" >&2; fi
echo "$passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
