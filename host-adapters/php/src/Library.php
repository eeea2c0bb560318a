<?php

declare(strict_types=1);

namespace Copydesk;

use FFI;

/**
 * Loads libcopydesk with PHP's FFI and the macro-free header generated from copydesk.h
 * (build/plugin/copydesk_ffi.h, installed as <prefix>/share/copydesk/copydesk_ffi.h), so
 * every function and record of the ABI is declared exactly as the library was built.
 *
 * Under a web SAPI with Debian's ffi.enable=preload, FFI works only in preloaded code with
 * preloaded declarations: ffi.preload=<prefix>/share/copydesk/php/copydesk.h (this header
 * plus FFI_SCOPE and FFI_LIB) and opcache.preload=<prefix>/share/copydesk/php/preload.php;
 * the declarations then come from FFI::scope("COPYDESK"). Otherwise (the CLI, or
 * ffi.enable=1) FFI::cdef() loads them.
 */
final class Library
{
    public const SCOPE = 'COPYDESK';

    private static ?FFI $ffi = null;
    private static string $path = '';

    private function __construct()
    {
    }

    /** The FFI instance, loaded on first use; throws \RuntimeException when it cannot be. */
    public static function ffi(): FFI
    {
        if (self::$ffi === null) {
            [$ffi, $path] = self::load();
            self::verifyAbi($ffi->copydesk_abi_version(), $path);
            self::$ffi = $ffi;
            self::$path = $path;
        }
        return self::$ffi;
    }

    /** The libcopydesk file loaded ("preloaded scope COPYDESK" when preloaded). */
    public static function path(): string
    {
        self::ffi();
        return self::$path;
    }

    /** Refuse a library built for another ABI version than this adapter's. */
    public static function verifyAbi(int $found, string $where): void
    {
        if ($found !== Abi::ABI_VERSION) {
            throw new \RuntimeException("copydesk: $where has ABI version $found, but this PHP adapter was written "
                . 'for ABI version ' . Abi::ABI_VERSION . '; install the adapter that ships with that library '
                . '(or point COPYDESK_LIBRARY at a matching libcopydesk.so)');
        }
    }

    /**
     * Where the library is looked for, in order: $COPYDESK_LIBRARY (used as given, nothing
     * else tried), the install prefix this adapter sits in (<prefix>/share/copydesk/php), the
     * dynamic loader's own search (ldconfig cache, LD_LIBRARY_PATH), then the usual prefixes.
     *
     * @return list<string>
     */
    public static function candidatePaths(): array
    {
        $env = getenv('COPYDESK_LIBRARY');
        if ($env !== false && $env !== '') {
            return [$env];
        }
        $found = [];
        $prefix = self::installPrefix();
        if ($prefix !== null) {
            $found = array_merge($found, self::libraries($prefix));
        }
        $found[] = 'libcopydesk.so';
        foreach (['/usr/local', '/usr', '/opt/copydesk'] as $p) {
            $found = array_merge($found, self::libraries($p));
        }
        return $found;
    }

    /**
     * The generated header: $COPYDESK_FFI_HEADER, else <prefix>/share/copydesk/copydesk_ffi.h
     * of this adapter's install prefix or of the library's.
     */
    public static function headerPath(string $library): string
    {
        $env = getenv('COPYDESK_FFI_HEADER');
        if ($env !== false && $env !== '') {
            return $env;
        }
        $prefixes = [];
        if (($p = self::installPrefix()) !== null) {
            $prefixes[] = $p;
        }
        if (str_contains($library, '/')) {
            // <prefix>/lib/libcopydesk.so or <prefix>/lib/<multiarch>/libcopydesk.so
            $dir = dirname(realpath($library) ?: $library);
            $prefixes[] = basename($dir) === 'lib' || basename($dir) === 'lib64' ? dirname($dir) : dirname($dir, 2);
        }
        array_push($prefixes, '/usr/local', '/usr', '/opt/copydesk');
        foreach ($prefixes as $p) {
            $h = "$p/share/copydesk/copydesk_ffi.h";
            if (is_file($h)) {
                return $h;
            }
        }
        throw new \RuntimeException('copydesk: copydesk_ffi.h not found (looked in <prefix>/share/copydesk of '
            . implode(', ', array_unique($prefixes)) . '); set COPYDESK_FFI_HEADER to build/plugin/copydesk_ffi.h');
    }

    /** @return array{0: FFI, 1: string} */
    private static function load(): array
    {
        if (!extension_loaded('ffi')) {
            throw new \RuntimeException('copydesk: the FFI extension is not loaded (Debian: php8.2-common ships it)');
        }
        try {
            $scoped = FFI::scope(self::SCOPE);
            return [$scoped, 'preloaded scope ' . self::SCOPE];
        } catch (FFI\Exception) {
            // not preloaded: declare it now
        }
        $mode = strtolower((string) ini_get('ffi.enable'));
        if (in_array($mode, ['', '0', 'false', 'off', 'no'], true)
            || ($mode === 'preload' && PHP_SAPI !== 'cli')) {
            // Say how to enable it rather than what failed.
            throw new \RuntimeException("copydesk: FFI is restricted here (ffi.enable=$mode, SAPI " . PHP_SAPI
                . '): under a web server set ffi.preload=<prefix>/share/copydesk/php/copydesk.h and '
                . 'opcache.preload=<prefix>/share/copydesk/php/preload.php; on the command line -d ffi.enable=1');
        }
        $tried = [];
        foreach (self::candidatePaths() as $candidate) {
            if (str_contains($candidate, '/') && !is_file($candidate)) {
                $tried[] = "$candidate (no such file)";
                continue;
            }
            $header = self::headerPath($candidate);
            try {
                return [FFI::cdef((string) file_get_contents($header), $candidate), $candidate];
            } catch (FFI\Exception $e) {
                $tried[] = "$candidate ({$e->getMessage()})";
            }
        }
        throw new \RuntimeException('copydesk: libcopydesk.so not found; set COPYDESK_LIBRARY to its path'
            . ($tried ? '; tried ' . implode(', ', $tried) : ''));
    }

    /** <prefix> when this file is installed as <prefix>/share/copydesk/php/src/Library.php. */
    private static function installPrefix(): ?string
    {
        $php = dirname(__DIR__);
        if (basename(dirname($php)) === 'copydesk' && basename(dirname($php, 2)) === 'share') {
            return dirname($php, 3);
        }
        return null;
    }

    /** @return list<string> every libcopydesk.so* under <prefix>/lib, lib64 and lib/<multiarch>. */
    private static function libraries(string $prefix): array
    {
        $dirs = array_merge(["$prefix/lib", "$prefix/lib64"], glob("$prefix/lib/*-linux-*", GLOB_ONLYDIR) ?: []);
        $found = [];
        foreach ($dirs as $d) {
            $libs = glob("$d/libcopydesk.so*") ?: [];
            sort($libs);
            $found = array_merge($found, $libs);
        }
        return $found;
    }
}
