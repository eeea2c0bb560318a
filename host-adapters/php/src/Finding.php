<?php

declare(strict_types=1);

namespace Copydesk;

/**
 * One flagged span. $start/$end are byte offsets into the scanned string, the unit of
 * substr(): substr($text, $f->start, $f->end - $f->start) is the flagged text, as written.
 * $cpStart/$cpEnd are code points (mb_substr($text, $f->cpStart, $f->cpEnd - $f->cpStart));
 * $utf16Start/$utf16End UTF-16 code units (JavaScript editors, LSP). $line and $column are
 * 1-based, columns in code points. $contextHash is the library's 64-bit hash of the folded
 * sentence as 16 hex digits.
 */
final class Finding
{
    public function __construct(
        public readonly string $ruleId,
        public readonly string $category,
        public readonly string $severity,
        public readonly string $message,
        public readonly int $start,
        public readonly int $end,
        public readonly int $utf16Start,
        public readonly int $utf16End,
        public readonly int $cpStart,
        public readonly int $cpEnd,
        public readonly int $line,
        public readonly int $column,
        public readonly int $endLine,
        public readonly int $endColumn,
        public readonly string $term,
        public readonly string $folded,
        public readonly string $contextHash,
        public readonly ?string $explain,
    ) {
    }

    /** The flagged text of $text (the string that was scanned). */
    public function textIn(string $text): string
    {
        return substr($text, $this->start, $this->end - $this->start);
    }
}
