<?php

declare(strict_types=1);

namespace Copydesk;

/** One [[example]] of a rule: $expect lists the strings it must flag ([] = it must pass clean);
 *  $segment is the kind of segment its text is scanned as. */
final class Example
{
    /** @param list<string> $expect */
    public function __construct(
        public readonly string $ruleId,
        public readonly string $language,
        public readonly string $text,
        public readonly array $expect,
        public readonly string $source,
        public readonly int $line,
        public readonly string $segment = 'body',
    ) {
    }
}
