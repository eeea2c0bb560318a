<?php

declare(strict_types=1);

namespace Copydesk;

/**
 * A copydesk call failed. getCode() is the negative status, getStatusName() its
 * COPYDESK_E_* name, getDetail() the library's own message (getMessage() is
 * "detail (COPYDESK_E_...)"). Every status goes through check(); unknown codes give this
 * class itself.
 */
class CopydeskException extends \RuntimeException
{
    private const CLASS_BY_STATUS = [
        Abi::E_ERROR => InternalException::class,
        Abi::E_NOMEM => OutOfMemoryException::class,
        Abi::E_INVALID => InvalidArgumentException::class,
        Abi::E_RULES => RuleException::class,
        Abi::E_IO => IOException::class,
        Abi::E_LIMIT => LimitException::class,
        Abi::E_ENCODING => EncodingException::class,
        Abi::E_VERSION => VersionException::class,
        Abi::E_BUSY => BusyException::class,
    ];

    public function __construct(int $status, private readonly string $statusName,
                                private readonly string $detail)
    {
        parent::__construct($detail !== '' ? "$detail ($statusName)" : $statusName, $status);
    }

    /** The COPYDESK_E_* name of the status, e.g. "COPYDESK_E_RULES". */
    public function getStatusName(): string
    {
        return $this->statusName;
    }

    /** The library's message (copydesk_last_error()). */
    public function getDetail(): string
    {
        return $this->detail;
    }

    /** The exception for a negative status; $detail defaults to the library's last error. */
    public static function forStatus(int $status, ?string $detail = null): self
    {
        $ffi = Library::ffi();
        // Read first: the message is only valid until the next copydesk call on this thread.
        $detail ??= (string) $ffi->copydesk_last_error();
        if ($detail === '') {
            $detail = (string) $ffi->copydesk_status_str($status);
        }
        $class = self::CLASS_BY_STATUS[$status] ?? self::class;
        return new $class($status, (string) $ffi->copydesk_status_name($status), $detail);
    }

    /** Return $status when it is not negative, else throw the matching exception. */
    public static function check(int $status): int
    {
        if ($status < 0) {
            throw self::forStatus($status);
        }
        return $status;
    }

    /** The error for using a handle after close(). */
    public static function closed(string $what): InvalidArgumentException
    {
        return new InvalidArgumentException(Abi::E_INVALID, 'COPYDESK_E_INVALID', "the $what is closed");
    }
}
