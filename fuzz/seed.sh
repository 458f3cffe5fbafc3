#!/usr/bin/env bash
# Write the seed corpora of every fuzz target into fuzz/corpus/<target>/
# from the sample tree isms/ and the fixture trees in tests/fixtures/.
# Run from anywhere; existing corpus files are kept (libFuzzer adds to them).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$root/fuzz/corpus
mkdir -p "$corpus"/{front_matter,record,tree,markdown,typst_body}

# One file per seed, named after where it came from.
name() { echo "$1" | sed "s|^$root/||; s|/|_|g"; }

# The 4-byte little-endian length of a file, as raw bytes.
le32() {
  local n=$1
  printf "\\x$(printf %02x $((n & 255)))\\x$(printf %02x $(((n >> 8) & 255)))"
  printf "\\x$(printf %02x $(((n >> 16) & 255)))\\x$(printf %02x $(((n >> 24) & 255)))"
}

# A tree as the `tree` target reads it (isms::fuzzing::parse_tree): for
# each file, its path relative to the tree, NUL, length, content.
serialise() {
  local dir=$1 rel
  (cd "$dir" && find . -type f ! -path './.git/*' | sed 's|^\./||' | LC_ALL=C sort) |
    while IFS= read -r rel; do
      printf '%s\0' "$rel"
      le32 "$(wc -c < "$dir/$rel")"
      cat "$dir/$rel"
    done
}

trees=("$root/isms")
for t in "$root"/tests/fixtures/valid/* "$root"/tests/fixtures/invalid/*; do
  [ -f "$t/isms.toml" ] && trees+=("$t")
done

for t in "${trees[@]}"; do
  serialise "$t" > "$corpus/tree/$(name "$t")"
done

# `record`: the first byte picks the file replaced (isms::fuzzing::record_files).
pick() {
  case "$1" in
    */risks/*.md) echo 0 ;;
    */audits/*.md) echo 1 ;;
    */reviews/*.md) echo 2 ;;
    */incidents/*.md) echo 3 ;;
    */evidence/*.md) echo 4 ;;
    */documents/*.md) echo 5 ;;
    */isms.toml) echo 6 ;;
    */soa.toml) echo 7 ;;
    *) echo none ;;
  esac
}

for t in "${trees[@]}"; do
  find "$t" -type f \( -name '*.md' -o -name '*.toml' \) ! -path '*/templates/*' |
    while IFS= read -r f; do
      k=$(pick "$f")
      [ "$k" = none ] && continue
      { printf "\\x$(printf %02x "$k")"; cat "$f"; } > "$corpus/record/$(name "$f")"
      case "$f" in
        *.md)
          cp "$f" "$corpus/front_matter/$(name "$f")"
          cp "$f" "$corpus/markdown/$(name "$f")"
          # The body alone: what the incident's post-mortem prints.
          awk 'n >= 2 { print } /^\+\+\+[ \t\r]*$/ { n++ }' "$f" > "$corpus/typst_body/$(name "$f")"
          ;;
      esac
    done
done

for target in front_matter record tree markdown typst_body; do
  echo "$target: $(find "$corpus/$target" -type f | wc -l) seeds"
done
