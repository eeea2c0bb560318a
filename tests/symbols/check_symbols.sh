#!/bin/sh
# Fails when libcopydesk exports anything but copydesk_* functions, or calls
# something that would print, abort or exit inside a host process.
lib="$1"
status=0
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -v '^copydesk_')
if [ -n "$exported" ]; then
  echo "exported symbols outside the copydesk_ prefix:"; echo "$exported"; status=1
fi
count=$(nm -D --defined-only "$lib" | awk '$2 == "T" && $3 ~ /^copydesk_/' | wc -l)
if [ "$count" -lt 30 ]; then
  echo "only $count copydesk_ functions exported; expected the whole ABI"; status=1
fi
forbidden=$(nm -D --undefined-only "$lib" | awk '{print $2}' | sed 's/@.*//' |
  grep -E '^(abort|exit|_exit|printf|puts|putchar|fprintf|fputs|perror|vprintf|vfprintf|stderr|stdout|_ZSt4cout|_ZSt4cerr|_ZSt4clog)$')
if [ -n "$forbidden" ]; then
  echo "libcopydesk references functions that print, abort or exit:"; echo "$forbidden"; status=1
fi
[ $status -eq 0 ] && echo "symbols: $count copydesk_ functions exported, nothing else; no print/abort/exit"
exit $status
