#!/usr/bin/env bash
# Writes fonts/DejaVuSans*.subset.ttf, the fonts the report's PNGs are drawn with (charts/png-options.ts), from
# Debian's fonts-dejavu-core with fontTools' subsetter (Debian: python3-fonttools). Run it by hand when a chart starts
# printing a character outside the ranges below; the build does not run it, and the files are committed.
#
# Why a subset: resvg-js 2.6 reads the whole font file again for every run of text it shapes (about 5,000 reads of
# 760 KB for a two-pass report), and the subset is a ninth of that size; its glyphs are DejaVu's own, so the PNGs are
# byte for byte the same (charts/png-options.test.ts). The ranges: Latin with Latin-1 and Latin Extended-A,
# general punctuation (dashes, quotes, the ellipsis), arrows, mathematical operators (<= >= x), technical symbols,
# geometric shapes, and the check and cross marks.
set -euo pipefail
cd "$(dirname "$0")/.."
src=/usr/share/fonts/truetype/dejavu
ranges="U+0020-007E,U+00A0-017F,U+2000-206F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+25A0-25FF,U+2713-2717"
for face in DejaVuSans DejaVuSans-Bold; do
  python3 -m fontTools.subset "$src/$face.ttf" --unicodes="$ranges" --no-hinting --output-file="fonts/$face.subset.ttf"
done
sed -n '/^Files: \*/,/^$/p' /usr/share/doc/fonts-dejavu-core/copyright > fonts/LICENSE
