#!/bin/sh
# usage: installed_adapters.sh BUILD_DIR WORK_DIR SOURCE_DIR NODE_MODULES
# Installs to a temporary prefix and uses the Node and PHP adapters from there, with no
# COPYDESK_LIBRARY or COPYDESK_FFI_HEADER: each must find the library and header of its own
# prefix. Then PHP under php-cgi with the installed ffi.preload header.
set -eu
build="$1"; work="$2"; src="$3"; node_modules="$4"
rm -rf "$work"; mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
unset COPYDESK_LIBRARY COPYDESK_FFI_HEADER
share="$prefix/share/copydesk"
pack="$src/tests/data/packs/test-pack.toml"
text='🙂 أعلن تنظيم داعش'

out=$(NODE_PATH="$node_modules" node -e '
  const copydesk = require(process.argv[1]);
  const text = process.argv[3];
  const rules = copydesk.Ruleset.compileString(require("fs").readFileSync(process.argv[2], "utf8"));
  for (const f of rules.scanner().scan(text)) console.log(text.slice(f.start, f.end), copydesk.libraryPath);
' "$share/node" "$pack" "$text")
echo "node: $out"
case "$out" in "داعش $prefix/lib"*) ;; *) echo "the installed Node adapter did not use the installed library"; exit 1;; esac

script="$work/scan.php"
cat > "$script" <<PHP
<?php
require '$share/php/autoload.php';
\$text = '$text';
\$rules = Copydesk\Ruleset::compileString(file_get_contents('$pack'));
foreach (\$rules->scanner()->scan(\$text) as \$f) echo \$f->textIn(\$text), ' ', Copydesk\Library::path(), "\n";
PHP
out=$(php "$script")
echo "php: $out"
case "$out" in "داعش $prefix/lib"*) ;; *) echo "the installed PHP adapter did not use the installed library"; exit 1;; esac

grep -q "#define FFI_LIB \"$prefix/lib" "$share/php/copydesk.h"
if command -v php-cgi >/dev/null; then
  out=$(php-cgi -q -d ffi.enable=preload -d opcache.enable=1 -d ffi.preload="$share/php/copydesk.h" \
    -d opcache.preload="$share/php/preload.php" -d opcache.preload_user="$(id -un)" "$script")
  echo "php-cgi: $out"
  [ "$out" = "داعش preloaded scope COPYDESK" ] || { echo "php-cgi with the installed preload failed"; exit 1; }
fi
test -f "$share/node/package.json" && test -f "$share/php/composer.json" && test ! -e "$share/node/node_modules"
echo "installed adapters: OK"
