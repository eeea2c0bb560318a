#!/usr/bin/env bash
# usage: run.sh server|browser WORK_DIR SOURCE_DIR
# env:   COPYDESK_LIBRARY, COPYDESK_FFI_HEADER, COPYDESK_PHP_SCOPE_HEADER (the built library and
#        headers); for browser also NODE_PATH (playwright-core) and COPYDESK_ARTIFACTS.
#
# A real WordPress (Debian's `wordpress` package) on a throwaway MariaDB, with the plugin of
# host-adapters/wordpress installed, then:
#   server   tests/wordpress/server_test.php inside WordPress (REST routes, enforcement on the
#            REST and wp_insert_post paths, dismissals), from the command line;
#   browser  WordPress served by `php -S 127.0.0.1:PORT`, and tests/wordpress/editor_test.js
#            driving the block editor in headless Chromium through playwright-core.
# MariaDB listens on a Unix socket in the work directory only (no TCP); the web server on
# 127.0.0.1 only. Every server started here is stopped on exit, however the test ends.
set -euo pipefail
mode="$1"; work="$2"; src="$3"
export PATH="$PATH:/usr/sbin:/sbin"
for bin in mariadb-install-db mariadbd mariadb php; do
  command -v "$bin" >/dev/null || { echo "run.sh: $bin is missing (.ci/install-deps installs it)"; exit 1; }
done
[ -d /usr/share/wordpress/wp-includes ] || { echo "run.sh: Debian's wordpress package is missing (.ci/install-deps)"; exit 1; }

mkdir -p "$work"
tmp=$(mktemp -d "$work/run.XXXXXX")
db_pid=""; web_pid=""
web_group=""   # php -S runs in a process group of its own: its workers are stopped with it
cleanup() {
  set +e
  if [ -n "$web_group" ]; then kill -TERM -- "-$web_group" 2>/dev/null; fi
  if [ -n "$web_pid" ]; then kill "$web_pid" 2>/dev/null; fi
  if [ -n "$db_pid" ]; then kill "$db_pid" 2>/dev/null; fi
  for pid in $web_pid $db_pid; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [ -n "$web_group" ]; then
    for _ in $(seq 50); do kill -0 -- "-$web_group" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$web_group" 2>/dev/null
  fi
  if [ "${KEEP_WORK:-}" = "" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

user=$(id -un)
sock="$tmp/mysqld.sock"
echo "== $(date +%T) MariaDB in $tmp/db (socket only)"
mariadb-install-db --no-defaults --datadir="$tmp/db" --user="$user" --auth-root-authentication-method=normal \
  --skip-test-db >"$tmp/install-db.log" 2>&1 || { cat "$tmp/install-db.log"; exit 1; }
mariadbd --no-defaults --datadir="$tmp/db" --socket="$sock" --skip-networking --user="$user" \
  --pid-file="$tmp/mysqld.pid" --log-error="$tmp/mysqld.err" --innodb-buffer-pool-size=32M \
  --innodb-log-file-size=16M --skip-log-bin --character-set-server=utf8mb4 &
db_pid=$!
for i in $(seq 300); do
  mariadb --no-defaults --socket="$sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
  kill -0 "$db_pid" 2>/dev/null || { cat "$tmp/mysqld.err"; exit 1; }
  [ "$i" = 300 ] && { echo "MariaDB did not start in 30 s"; cat "$tmp/mysqld.err"; exit 1; }
  sleep 0.1
done
mariadb --no-defaults --socket="$sock" -uroot -e \
  "CREATE DATABASE wordpress CHARACTER SET utf8mb4; CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp'; GRANT ALL ON wordpress.* TO 'wp'@'localhost';"

port=$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo explode(":", stream_socket_get_name($s, false))[1];')
echo "== $(date +%T) WordPress in $tmp/wp, http://127.0.0.1:$port"
# -L: Debian links some scripts (underscore) relatively into /usr/share/javascript
cp -rL /usr/share/wordpress "$tmp/wp"
rm -f "$tmp/wp/wp-config.php" "$tmp/wp/.htaccess"
cp -r "$src/host-adapters/wordpress" "$tmp/wp/wp-content/plugins/copydesk"
# No update checks: nothing but 127.0.0.1 is reachable (WP_HTTP_BLOCK_EXTERNAL below).
mkdir -p "$tmp/wp/wp-content/mu-plugins"
cat >"$tmp/wp/wp-content/mu-plugins/no-update-checks.php" <<'PHP'
<?php
foreach (['_maybe_update_core', '_maybe_update_plugins', '_maybe_update_themes'] as $f) { remove_action('admin_init', $f); }
add_filter('pre_site_transient_update_core', '__return_null');
add_filter('pre_site_transient_update_plugins', '__return_null');
add_filter('pre_site_transient_update_themes', '__return_null');
PHP
export COPYDESK_TEST_URL="http://127.0.0.1:$port"
cat >"$tmp/wp/wp-config.php" <<EOF
<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp');
define('DB_HOST', 'localhost:$sock');
define('DB_CHARSET', 'utf8mb4');
define('WP_HOME', '$COPYDESK_TEST_URL');
define('WP_SITEURL', '$COPYDESK_TEST_URL');
define('WP_HTTP_BLOCK_EXTERNAL', true);   // no request leaves the machine
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', '$tmp/debug.log');
define('COPYDESK_RULES', '$src/rules');
define('COPYDESK_PHP_ADAPTER', '$src/host-adapters/php/autoload.php');
foreach (['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE'] as \$k) { define(\$k . '_KEY', "test-\$k-key"); define(\$k . '_SALT', "test-\$k-salt"); }
\$table_prefix = 'wp_';
if (!defined('ABSPATH')) { define('ABSPATH', __DIR__ . '/'); }
require_once ABSPATH . 'wp-settings.php';
EOF
php "$src/tests/wordpress/setup.php" "$tmp/wp"

echo "== $(date +%T) installed"
status=0
case "$mode" in
  server)
    if [ -n "${COPYDESK_CLI:-}" ]; then
      # copydesk serve on a free loopback port: the first line of its output says which.
      "$COPYDESK_CLI" serve --no-config --listen 127.0.0.1:0 --threads 2 --rules "$src/rules" >"$tmp/serve.log" 2>&1 &
      serve_pid=$!
      web_pid="$serve_pid"   # stopped by cleanup like the web server
      for i in $(seq 600); do
        grep -q "listening on" "$tmp/serve.log" && break
        kill -0 "$serve_pid" 2>/dev/null || { cat "$tmp/serve.log"; exit 1; }
        [ "$i" = 600 ] && { echo "copydesk serve did not start in 60 s"; cat "$tmp/serve.log"; exit 1; }
        sleep 0.1
      done
      export COPYDESK_SERVE_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.log" | head -1)
    fi
    php "$src/tests/wordpress/server_test.php" "$tmp/wp" || status=$?
    ;;
  browser)
    # Debian's ffi.enable=preload: FFI under the web server through the adapter's preload files.
    PHP_CLI_SERVER_WORKERS=3 setsid php -d ffi.enable=preload -d opcache.enable_cli=1 \
      -d ffi.preload="$COPYDESK_PHP_SCOPE_HEADER" -d opcache.preload="$src/host-adapters/php/preload.php" \
      -d opcache.preload_user="$user" -S "127.0.0.1:$port" -t "$tmp/wp" >"$tmp/web.log" 2>&1 &
    web_pid=$!
    web_group=$web_pid
    for i in $(seq 300); do
      php -r 'exit(@file_get_contents($argv[1]) === false ? 1 : 0);' "$COPYDESK_TEST_URL/wp-login.php" && break
      kill -0 "$web_pid" 2>/dev/null || { cat "$tmp/web.log"; exit 1; }
      [ "$i" = 300 ] && { echo "php -S did not answer in 30 s"; cat "$tmp/web.log"; exit 1; }
      sleep 0.1
    done
    node "$src/tests/wordpress/editor_test.js" || status=$?
    # The web server and every worker it forked must stop.
    workers=$(ps -o pid= --ppid "$web_pid" | tr -d ' ')
    kill -TERM -- "-$web_group" 2>/dev/null || true
    alive=""
    for _ in $(seq 100); do
      alive=""
      for p in $web_pid $workers; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
      [ -z "$alive" ] && break
      sleep 0.1
    done
    if [ -n "$alive" ]; then echo "FAIL: php -S or its workers ($alive) still run 10 s after SIGTERM"; status=1; fi
    echo "== php -S and its $(echo $workers | wc -w) workers stopped"
    wait "$web_pid" 2>/dev/null || true
    web_pid=""; web_group=""
    ;;
  *) echo "run.sh: unknown mode $mode"; exit 2 ;;
esac
# WordPress 6.1's own deprecation notices under PHP 8.2 are left out.
grep -v -e 'PHP Deprecated: .* in [^ ]*/wp-\(includes\|admin\)/' "$tmp/debug.log" >"$tmp/notices.log" 2>/dev/null || true
if [ -s "$tmp/notices.log" ]; then
  echo "== WordPress debug.log"; cat "$tmp/notices.log"
  if grep -q -F -e "plugins/copydesk/" -e "$src/tests/wordpress/" "$tmp/notices.log"; then echo "FAIL: PHP notices from the plugin or the test"; status=1; fi
fi
exit "$status"
