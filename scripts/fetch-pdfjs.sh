#!/usr/bin/env bash
# Fetches pdf.js (pdfjs-dist, from the npm registry) into .cache/pdfjs for the browser test of the fill-in PDFs.
# Only the tests use it; nothing of it is committed or shipped.
set -euo pipefail
version=4.10.38
target=.cache/pdfjs
[ -f "$target/package/build/pdf.mjs" ] && [ "$(cat "$target/VERSION" 2>/dev/null)" = "$version" ] && exit 0
command -v npm >/dev/null || { echo "缺少 npm（Node.js）：请安装 nodejs 和 npm，用于 pdf.js 浏览器测试" >&2; exit 1; }
rm -rf "$target" && mkdir -p "$target"
(cd "$target" && npm pack --silent "pdfjs-dist@$version" >/dev/null && tar xzf "pdfjs-dist-$version.tgz" && rm "pdfjs-dist-$version.tgz")
echo "$version" > "$target/VERSION"
