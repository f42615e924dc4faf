#!/usr/bin/env bash
# Renders the compliance report to docs/compliance-report.png with Debian's headless Chromium and
# keeps a copy of the page itself next to it, as docs/compliance-report.html (the sample the README
# links).
#
#   npx cdk synth && npx mlpipe report            # writes reports/compliance/index.html
#   docs/render-compliance-report.sh [index.html] [out.png]
#
# Needs chromium (apt-get install -y chromium). The page is self-contained, and the browser runs
# with networking features off and a fresh, empty profile that is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

html="${1:-reports/compliance/index.html}"
png="${2:-docs/compliance-report.png}"
width="${REPORT_SHOT_WIDTH:-1360}"
height="${REPORT_SHOT_HEIGHT:-2500}"

if [[ ! -f "$html" ]]; then
  echo "render-compliance-report: $html does not exist; run \`npx cdk synth && npx mlpipe report\` first" >&2
  exit 1
fi
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  echo "render-compliance-report: chromium is not installed; install it with \`apt-get install -y chromium\`" >&2
  exit 1
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$profile" \
  --window-size="$width,$height" --screenshot="$PWD/$png" "file://$(realpath "$html")" 2>/dev/null
cp "$html" "${png%.png}.html"
echo "wrote $png (${width}x${height}) and ${png%.png}.html from $html"
