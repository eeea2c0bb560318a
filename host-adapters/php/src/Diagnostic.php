<?php

declare(strict_types=1);

namespace Copydesk;

/**
 * One compiler diagnostic. $severity is "error" or "warning"; $line and $column are 1-based
 * (column in code points) and 0 when unknown; $ruleId is "" outside a rule.
 */
final class Diagnostic implements \Stringable
{
    public function __construct(
        public readonly string $file,
        public readonly int $line,
        public readonly int $column,
        public readonly string $severity,
        public readonly string $ruleId,
        public readonly string $message,
    ) {
    }

    /** "file:line:col: message", leaving out the parts that are unknown. */
    public function __toString(): string
    {
        $where = $this->file !== '' ? $this->file : '<string>';
        if ($this->line) {
            $where .= ":$this->line";
            if ($this->column) {
                $where .= ":$this->column";
            }
        }
        return "$where: $this->message";
    }
}
