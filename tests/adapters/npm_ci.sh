#!/bin/sh
# usage: npm_ci.sh PACKAGE_DIR WORK_DIR
# Installs a package's locked dependencies into WORK_DIR/node_modules (never into the source
# tree): `npm ci` against the committed package-lock.json, with install scripts off, so
# nothing is compiled or downloaded beyond the registry's own tarballs.
set -eu
src="$1"; work="$2"
mkdir -p "$work"
cp "$src/package.json" "$src/package-lock.json" "$work/"
cd "$work"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
