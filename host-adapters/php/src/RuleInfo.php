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
        /** the rule's pack, and that pack's [pack] version ("" when it gives none) */
        public readonly string $pack = '',
        public readonly string $packVersion = '',
        /** the pack's publish action for the rule: block, acknowledge or advise; "" when it declares none */
        public readonly string $publish = '',
    ) {
    }
}
