<?php

declare(strict_types=1);

namespace Copydesk;

/**
 * The findings of one scan, ordered by position: iterate it, count() it, index it.
 * $truncated: maxFindings cut the list; $invalidUtf8: invalid sequences matched as U+FFFD.
 *
 * @implements \IteratorAggregate<int, Finding>
 * @implements \ArrayAccess<int, Finding>
 */
final class Findings implements \IteratorAggregate, \Countable, \ArrayAccess
{
    /** @param list<Finding> $findings */
    public function __construct(
        private readonly array $findings,
        public readonly bool $truncated,
        public readonly int $invalidUtf8,
    ) {
    }

    /** @return \ArrayIterator<int, Finding> */
    public function getIterator(): \ArrayIterator
    {
        return new \ArrayIterator($this->findings);
    }

    public function count(): int
    {
        return count($this->findings);
    }

    /** @return list<Finding> */
    public function toArray(): array
    {
        return $this->findings;
    }

    public function offsetExists(mixed $offset): bool
    {
        return isset($this->findings[$offset]);
    }

    public function offsetGet(mixed $offset): Finding
    {
        return $this->findings[$offset] ?? throw new \OutOfRangeException("no finding $offset");
    }

    public function offsetSet(mixed $offset, mixed $value): never
    {
        throw new \LogicException('findings are read-only');
    }

    public function offsetUnset(mixed $offset): never
    {
        throw new \LogicException('findings are read-only');
    }
}
