<?php

declare(strict_types=1);

namespace Copydesk;

/**
 * One flagged span. $start/$end are byte offsets into the scanned string, the unit of
 * substr(): substr($text, $f->start, $f->end - $f->start) is the flagged text, as written.
 * $cpStart/$cpEnd are code points (mb_substr($text, $f->cpStart, $f->cpEnd - $f->cpStart));
 * $utf16Start/$utf16End UTF-16 code units (JavaScript editors, LSP). $line and $column are
 * 1-based, columns in code points. $contextHash is the library's 64-bit hash of the folded
 * sentence as 16 hex digits. For Scanner::scanSegments() every offset is relative to the
 * text of segment $segmentIndex ($segmentId, $segmentKind). The $visible* offsets name the
 * span in the visible text (the text view of HTML and Markdown, what a rich-text editor
 * shows; the text itself for plain text) in bytes, UTF-16 units and code points, and
 * $visibleText is that span as shown.
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
        public readonly int $segmentIndex = 0,
        public readonly string $segmentId = '',
        public readonly string $segmentKind = 'body',
        public readonly int $visibleStart = 0,
        public readonly int $visibleEnd = 0,
        public readonly int $visibleUtf16Start = 0,
        public readonly int $visibleUtf16End = 0,
        public readonly int $visibleCpStart = 0,
        public readonly int $visibleCpEnd = 0,
        public readonly string $visibleText = '',
    ) {
    }

    /**
     * The finding's fingerprint, as `copydesk scan --format json` and `copydesk serve` give
     * it (docs/cli.md, "Baselines"): FNV-1a 64 over the rule id, the folded matched text and
     * the decimal context hash, as 16 hex digits. No offset goes in, so it stays the same
     * when the article changes elsewhere and changes with the finding's own sentence: what a
     * host keys dismissals on.
     */
    public function fingerprint(): string
    {
        return hash('fnv1a64', $this->ruleId . "\0" . $this->folded . "\0"
            . sprintf('%u', (int) hexdec(substr($this->contextHash, 0, 8)) << 32 | (int) hexdec(substr($this->contextHash, 8))));
    }

    /** The flagged text of $text (the string that was scanned). */
    public function textIn(string $text): string
    {
        return substr($text, $this->start, $this->end - $this->start);
    }
}
