<?php

declare(strict_types=1);

namespace Copydesk;

use FFI\CData;

/**
 * Owns one library handle, freed once: by close() or, at the latest, by the destructor.
 * Free order never matters to the library (a scanner keeps its ruleset alive inside it).
 *
 * @internal
 */
abstract class Handle
{
    protected const KIND = 'handle';
    protected const FREE = '';

    private ?CData $handle;

    protected function __construct(CData $handle)
    {
        $this->handle = $handle;
    }

    /** The live handle; throws InvalidArgumentException once closed. */
    protected function live(): CData
    {
        return $this->handle ?? throw CopydeskException::closed(static::KIND);
    }

    /** Release the library handle now; later calls throw InvalidArgumentException. Idempotent. */
    public function close(): void
    {
        if ($this->handle !== null) {
            $handle = $this->handle;
            $this->handle = null;
            Library::ffi()->{static::FREE}($handle);
        }
    }

    public function isClosed(): bool
    {
        return $this->handle === null;
    }

    public function __destruct()
    {
        $this->close();
    }

    /** Handles cannot be copied: two owners would free one handle twice. */
    public function __clone()
    {
        $this->handle = null; // the half-made copy is destroyed: it must not free the original's
        throw new \LogicException('a copydesk ' . static::KIND . ' cannot be cloned');
    }

    /** An owned, NUL-terminated C copy of $s (keep it referenced until the call returns). */
    protected static function cString(?string $s): ?CData
    {
        if ($s === null) {
            return null;
        }
        $buf = Library::ffi()->new('char[' . (strlen($s) + 1) . ']');
        \FFI::memcpy($buf, $s, strlen($s));
        return $buf;
    }

    /** "a,b", a list of names or null -> what the ABI takes. */
    protected static function nameList(mixed $names, string $what): ?string
    {
        if ($names === null) {
            return null;
        }
        if (is_string($names)) {
            return $names;
        }
        if (is_array($names) && array_filter($names, 'is_string') === $names) {
            return implode(',', $names);
        }
        throw new \TypeError("$what takes a string or a list of strings");
    }

    /** @param array<string, mixed> $options */
    protected static function checkKeys(array $options, array $allowed, string $what): void
    {
        foreach (array_keys($options) as $key) {
            if (!in_array($key, $allowed, true)) {
                throw new \ValueError("unknown $what option '$key'; expected one of " . implode(', ', $allowed));
            }
        }
    }

    protected static function limit(mixed $value, string $what): int
    {
        if ($value === null) {
            return 0;
        }
        if (!is_int($value) || $value < 0) {
            throw new \ValueError("$what must be a non-negative integer");
        }
        return $value;
    }

    protected static function severityName(int $code): string
    {
        return Abi::SEVERITY_NAMES[$code] ?? (string) $code;
    }

    protected static function str(?string $s): string
    {
        return $s ?? '';
    }
}
