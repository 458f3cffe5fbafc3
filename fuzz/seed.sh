#!/usr/bin/env bash
# Write the seed corpora of every fuzz target into fuzz/corpus/<target>/
# from the sample tree isms/ and the fixture trees in tests/fixtures/.
# Run from anywhere; existing corpus files are kept (libFuzzer adds to them).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$root/fuzz/corpus
mkdir -p "$corpus"/{front_matter,record,tree,markdown,typst_body,sheet,csv}

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

# `record`: the first byte picks the file replaced (isms::fuzzing::record_files):
# one per record kind, by folder in the kinds' order, then isms.toml and
# soa.toml. tests/it/fuzz.rs checks this list against the kinds.
folders=(risks audits reviews incidents evidence documents assets suppliers obligations objectives metrics awareness)
pick() {
  local i=0 f
  for f in "${folders[@]}"; do
    case "$1" in */"$f"/*.md) echo "$i"; return ;; esac
    i=$((i + 1))
  done
  case "$1" in
    */isms.toml) echo "$i" ;;
    */soa.toml) echo $((i + 1)) ;;
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

# `sheet`: the first byte picks what is imported (isms::cli::ImportWhat, in
# this order; tests/it/fuzz.rs checks it) and, with its top bit, xlsx; the
# seeds are every tree's own exports, which import as they are.
sheets=(risks soa assets suppliers obligations)
isms() { cargo run -q --manifest-path "$root/Cargo.toml" -- "$@"; }
for t in "${trees[@]}"; do
  i=0
  for what in "${sheets[@]}"; do
    for format in csv xlsx; do
      out=$(mktemp --suffix ".$format")
      if isms export "$what" "$t" -o "$out" 2>/dev/null; then
        byte=$i
        [ "$format" = xlsx ] && byte=$((i + 128))
        { printf "\\x$(printf %02x "$byte")"; cat "$out"; } > "$corpus/sheet/$(name "$t")_$what.$format"
      fi
      rm -f "$out"
    done
    i=$((i + 1))
  done
done

# `csv`: the first byte picks the file of tests/fixtures/valid/people replaced
# (isms::fuzzing::csv_files: its CSV files in path order).
i=0
for f in $(cd "$root/tests/fixtures/valid/people" && find . -name '*.csv' | sed 's|^\./||' | LC_ALL=C sort); do
  { printf "\\x$(printf %02x "$i")"; cat "$root/tests/fixtures/valid/people/$f"; } > "$corpus/csv/$(name "$f")"
  i=$((i + 1))
done

for target in front_matter record tree markdown typst_body sheet csv; do
  echo "$target: $(find "$corpus/$target" -type f | wc -l) seeds"
done
