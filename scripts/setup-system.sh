#!/usr/bin/env bash
# Installs the Debian packages the build ("site") or the tests ("test") need, when they are missing.
# Usage: scripts/setup-system.sh site|test
# On a system without apt-get, or without root, it names what to install and exits non-zero.
set -euo pipefail

need_site=(fonts-noto-cjk fonts-arphic-ukai fonts-lxgw-wenkai fonts-hanazono libpango-1.0-0 libpangoft2-1.0-0 librsvg2-bin
           libharfbuzz-subset0 fontconfig)
need_test=("${need_site[@]}" chromium poppler-utils poppler-data qpdf libreoffice-writer-nogui
           libreoffice-impress-nogui python3-uno mupdf-tools tesseract-ocr tesseract-ocr-chi-sim)

case "${1:-}" in
  site) wanted=("${need_site[@]}") ;;
  test) wanted=("${need_test[@]}") ;;
  *) echo "用法：$0 site|test" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

# The pdf.js browser test fetches pdfjs-dist with npm (scripts/fetch-test-js.sh; also axe-core).
if [ "${1}" = test ] && ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

fandol_dir=/usr/local/share/fonts/fandol
have_fandol=0
ls "$fandol_dir"/FandolFang-Regular.otf >/dev/null 2>&1 && have_fandol=1

if [ ${#missing[@]} -eq 0 ] && [ $have_fandol -eq 1 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
  echo "缺少系统软件包：${missing[*]:-} ${have_fandol/1/}" >&2
  echo "请以 root 身份在 Debian/Ubuntu 上安装：apt-get install ${missing[*]:-}" >&2
  [ $have_fandol -eq 1 ] || echo "并从 texlive-lang-chinese 软件包中取出 Fandol 字体放到 $fandol_dir" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "安装系统软件包：${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ $have_fandol -eq 0 ]; then
  # FandolFang/Kai/Hei/Song (GPL-compatible, cover GB2312) ship inside the TeX Live Chinese package;
  # take only the font files instead of installing TeX Live.
  echo "提取 Fandol 字体 → $fandol_dir"
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null 2>&1 || { apt-get update -qq && apt-get download texlive-lang-chinese >/dev/null; })
  dpkg-deb -x "$tmp"/texlive-lang-chinese_*.deb "$tmp/x"
  mkdir -p "$fandol_dir"
  cp "$tmp"/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf "$fandol_dir"/
  rm -rf "$tmp"
  fc-cache -f >/dev/null
fi
