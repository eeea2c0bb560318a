#!/bin/sh
# usage: install_smoke.sh BUILD_DIR WORK_DIR SOURCE_DIR C_COMPILER
set -eu
build="$1"; work="$2"; src="$3"; cc="$4"
rm -rf "$work"; mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
pack="$src/tests/install/pack"
article="$work/article.txt"
printf 'Le groupe Daech a revendique l attaque.\n' > "$article"

# 1. find_package(copydesk)
cmake -S "$src/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
  -DEXAMPLE_SOURCE="$src/examples/c/minimal.c" -DCMAKE_BUILD_RPATH="$prefix/lib;$(ls -d "$prefix"/lib/*-linux-gnu 2>/dev/null | head -n1)" >/dev/null
cmake --build "$work/consumer" >/dev/null
out=$("$work/consumer/consumer" "$pack" "$article")
echo "$out"
echo "$out" | grep -q "demo.daesh" || { echo "find_package build did not report the finding"; exit 1; }

# 2. pkg-config
pcdir=$(dirname "$(find "$prefix" -name copydesk.pc | head -n1)")
libdir=$(PKG_CONFIG_PATH="$pcdir" pkg-config --variable=libdir copydesk)
"$cc" -std=c99 -o "$work/pc_consumer" "$src/examples/c/minimal.c" \
  $(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs copydesk) -Wl,-rpath,"$libdir"
out=$("$work/pc_consumer" "$pack" "$article")
echo "$out" | grep -q "demo.daesh" || { echo "pkg-config build did not report the finding"; exit 1; }

# 3. the installed tool finds the installed packs with no flag
"$prefix/bin/copydesk" version
test -f "$prefix/share/copydesk/copydesk_ffi.h"
test -f "$prefix/share/copydesk/rules/extremism/pack.toml"
test -f "$prefix/share/copydesk/python/copydesk/__init__.py"
test -f "$prefix/share/doc/copydesk/LICENSE"

# 4. the installed Python adapter finds the library of its own prefix, with no COPYDESK_LIBRARY
out=$(env -u COPYDESK_LIBRARY PYTHONPATH="$prefix/share/copydesk/python" PYTHONDONTWRITEBYTECODE=1 python3 -c '
import sys, copydesk
rules = copydesk.Ruleset.compile(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
print(" ".join(text[f.start:f.end] for f in rules.scanner().scan(text)), copydesk.library_path())
' "$pack" "$article")
echo "python: $out"
case "$out" in "Daech $prefix/lib"*) ;; *) echo "the installed Python adapter did not use the installed library"; exit 1;; esac
echo "install smoke: OK"
