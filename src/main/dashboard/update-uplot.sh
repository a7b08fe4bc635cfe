#!/usr/bin/env bash
# Refreshes the uPlot files vendored under src/main/resources/io/tombo/recorder/dashboard from npm, at the version
# pinned in package.json. The build itself never calls npm: it stays offline and the jar always has the same bytes.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
version=$(sed -n 's/.*"uplot": "\(.*\)".*/\1/p' package.json)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "uplot@$version" --silent >/dev/null && tar xzf "uplot-$version.tgz")
target=../resources/io/tombo/recorder/dashboard
cp "$work/package/dist/uPlot.iife.min.js" "$work/package/dist/uPlot.min.css" "$target/"
cp "$work/package/LICENSE" "$target/uPlot.LICENSE"
echo "uPlot $version copied to $target"
