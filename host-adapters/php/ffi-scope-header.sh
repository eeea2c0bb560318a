#!/bin/sh
# usage: ffi-scope-header.sh LIBRARY FFI_HEADER OUT
# Writes the header for PHP's ffi.preload: the generated copydesk_ffi.h with FFI_SCOPE
# "COPYDESK" and FFI_LIB naming the library, which Copydesk\Library takes via FFI::scope().
set -eu
lib="$1"; in="$2"; out="$3"
mkdir -p "$(dirname "$out")"
{
  # PHP reads FFI_SCOPE and FFI_LIB only as the file's first lines.
  printf '#define FFI_SCOPE "COPYDESK"\n#define FFI_LIB "%s"\n' "$lib"
  printf '/* php.ini: ffi.preload=<this file>; generated from copydesk.h */\n'
  cat "$in"
} > "$out.tmp"
mv "$out.tmp" "$out"
