#!/usr/bin/env bash
# Fetches the JavaScript the browser tests use, from the npm registry, into .cache/ (nothing of it is committed or
# shipped): pdf.js (pdfjs-dist) for the fill-in PDF test, axe-core for the accessibility test of the self-check.
set -euo pipefail
command -v npm >/dev/null || { echo "缺少 npm（Node.js）：请安装 nodejs 和 npm，用于浏览器测试" >&2; exit 1; }

# fetch PACKAGE VERSION TARGET FILE-THAT-MUST-EXIST
fetch() {
  local package=$1 version=$2 target=$3 probe=$4
  [ -f "$target/$probe" ] && [ "$(cat "$target/VERSION" 2>/dev/null)" = "$version" ] && return 0
  rm -rf "$target" && mkdir -p "$target"
  (cd "$target" && npm pack --silent "$package@$version" >/dev/null && tar xzf ./*.tgz --strip-components=1 && rm ./*.tgz)
  echo "$version" > "$target/VERSION"
}

fetch pdfjs-dist 4.10.38 .cache/pdfjs/package build/pdf.mjs
fetch axe-core 4.14.1 .cache/testjs/axe-core axe.min.js
