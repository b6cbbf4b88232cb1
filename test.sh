#!/usr/bin/env bash
# Runs every Weft test: builds the solution once, then runs all test projects.
# On a fresh machine the .NET 10 SDK is the only prerequisite; anything else the tests need is installed here.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build Weft.slnx -c Release -warnaserror --nologo -v quiet

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# A hung test is killed after 10 minutes and reported, rather than holding CI to its time limit.
dotnet test Weft.slnx -c Release --no-build --nologo --blame-hang-timeout 10m 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the per-project summaries ("Passed!  - Failed: 0, Passed: 45, ...").
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i + 1)); if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) }
       projects++
     }
     END { printf "Test projects run: %d\nTests: %d passed, %d failed, %d skipped\n", projects, p, f, s }' "$log"
exit "$status"
