<?php

// For web servers (php-fpm, mod_php, CGI). Debian's default ffi.enable=preload lets FFI be
// used there only by preloaded code with preloaded declarations, so set both:
//
//   ffi.preload=<prefix>/share/copydesk/php/copydesk.h     ; the declarations, scope "COPYDESK"
//   opcache.preload=<prefix>/share/copydesk/php/preload.php ; this file: the adapter's classes
//   opcache.preload_user=www-data
//
// Copydesk\Library then takes FFI::scope("COPYDESK"). The CLI needs neither.

declare(strict_types=1);

foreach (glob(__DIR__ . '/src/*.php') ?: [] as $file) {
    opcache_compile_file($file);
}
