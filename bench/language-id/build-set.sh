#!/bin/bash
# Reproducible build of the language-ID evaluation set.
# Downloads Debian bookworm packages with translated documentation / UI text,
# unpacks them under x/, then runs build-set.mjs which extracts prose and
# writes set/{sentences,short,docs}.jsonl.
# Needs: apt-get (after `apt-get update`), dpkg-deb, groff, unzip, node >= 20.
set -euo pipefail
cd "$(dirname "$0")"
PKGS=(
  manpages manpages-de manpages-fr manpages-es manpages-it manpages-pl manpages-nl
  manpages-pt-br manpages-ru manpages-uk manpages-vi manpages-cs manpages-sv manpages-id
  manpages-ja manpages-zh manpages-tr
  gnome-user-docs debian-faq-ko libreoffice-help-ko
  firefox-esr-l10n-ar firefox-esr-l10n-fa libreoffice-l10n-ar libreoffice-l10n-fa
)
mkdir -p debs x
cd debs
missing=()
for p in "${PKGS[@]}"; do ls "${p}"_*.deb >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then apt-get download "${missing[@]}"; fi
for p in "${PKGS[@]}"; do
  f=$(ls "${p}"_*.deb | head -1)
  if [ ! -d "../x/$p" ]; then mkdir -p "../x/$p" && dpkg-deb -x "$f" "../x/$p"; fi
done
# Firefox language packs are .xpi (zip) files: unpack them too
for p in firefox-esr-l10n-ar firefox-esr-l10n-fa; do
  xpi=$(find "../x/$p" -name '*.xpi' | head -1)
  [ -d "../x/$p/xpi" ] || { mkdir -p "../x/$p/xpi" && unzip -q -o "$xpi" -d "../x/$p/xpi"; }
done
cd ..
ls debs/*.deb | sed 's#.*/##' > set-packages.txt
node build-set.mjs
