<?php

declare(strict_types=1);

namespace Copydesk;

/**
 * The #define constants of copydesk.h (FFI sees only the declarations). Checked against the
 * header by tests/adapters/test_php_adapter.php, so they cannot drift.
 */
final class Abi
{
    /** COPYDESK_ABI_VERSION of the header this adapter was written against. */
    public const ABI_VERSION = 3;

    public const OK = 0;
    public const E_ERROR = -1;
    public const E_NOMEM = -2;
    public const E_INVALID = -3;
    public const E_RULES = -4;
    public const E_IO = -5;
    public const E_LIMIT = -6;
    public const E_ENCODING = -7;
    public const E_VERSION = -8;
    public const E_BUSY = -9;

    public const SEVERITY_INFO = 1;
    public const SEVERITY_WARNING = 2;
    public const SEVERITY_ERROR = 3;

    public const FORMAT_AUTO = 0;
    public const FORMAT_TEXT = 1;
    public const FORMAT_MARKDOWN = 2;
    public const FORMAT_HTML = 3;

    public const SEGMENT_BODY = 0;
    public const SEGMENT_HEADLINE = 1;
    public const SEGMENT_STANDFIRST = 2;
    public const SEGMENT_SUBHEADING = 3;
    public const SEGMENT_CAPTION = 4;
    public const SEGMENT_PULLQUOTE = 5;
    public const SEGMENT_ASIDE = 6;

    public const SCAN_STRICT_UTF8 = 1;
    public const SCAN_EXPLAIN = 2;

    /** Each record is filled and read at exactly this version. */
    public const COMPILE_OPTIONS_VERSION = 2;
    public const DIAGNOSTIC_VERSION = 1;
    public const RULE_INFO_VERSION = 2;
    public const EXAMPLE_VERSION = 2;
    public const SCAN_OPTIONS_VERSION = 1;
    public const SEGMENT_VERSION = 1;
    public const FINDING_VERSION = 2;

    public const SEVERITY_NAMES = [self::SEVERITY_INFO => 'info', self::SEVERITY_WARNING => 'warning',
        self::SEVERITY_ERROR => 'error'];
    public const FORMATS = ['auto' => self::FORMAT_AUTO, 'text' => self::FORMAT_TEXT,
        'markdown' => self::FORMAT_MARKDOWN, 'html' => self::FORMAT_HTML];
    /** Segment kind names (as in rule packs and JSON) -> COPYDESK_SEGMENT_* constants. */
    public const SEGMENT_KINDS = ['body' => self::SEGMENT_BODY, 'headline' => self::SEGMENT_HEADLINE,
        'standfirst' => self::SEGMENT_STANDFIRST, 'subheading' => self::SEGMENT_SUBHEADING,
        'caption' => self::SEGMENT_CAPTION, 'pullquote' => self::SEGMENT_PULLQUOTE, 'aside' => self::SEGMENT_ASIDE];

    private function __construct()
    {
    }
}
