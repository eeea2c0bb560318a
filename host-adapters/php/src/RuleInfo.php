<?php

declare(strict_types=1);

namespace Copydesk;

/** One compiled rule, as Ruleset::rules() describes it. */
final class RuleInfo
{
    /**
     * @param list<string> $references
     * @param list<string> $languages
     */
    public function __construct(
        public readonly string $id,
        public readonly string $category,
        public readonly string $severity,
        public readonly string $title,
        public readonly string $message,
        public readonly string $description,
        public readonly array $references,
        public readonly string $source,
        public readonly array $languages,
    ) {
    }
}
