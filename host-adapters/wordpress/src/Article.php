<?php

declare(strict_types=1);

namespace CopydeskWP;

/**
 * A post as copydesk segments (docs/wordpress.md): the title as the headline, then one segment
 * per block's own rich text, in document order, each read as HTML. The editor sends the same
 * segments from its block tree (assets/editor.js, one per rich-text attribute, the block's
 * clientId as the id); the server builds them from the saved content with fromContent() when a
 * post moves to publish. Both use kindOf(), so a rule limited to captions fires in both.
 */
final class Article
{
    /** The segment kind of a block type; every other block is body text. */
    public const KINDS = [
        'core/heading' => 'subheading',
        'core/image' => 'caption',
        'core/gallery' => 'caption',
        'core/video' => 'caption',
        'core/audio' => 'caption',
        'core/embed' => 'caption',
        'core/table' => 'body',
        'core/pullquote' => 'pullquote',
    ];
    public const SEGMENT_KINDS = ['body', 'headline', 'standfirst', 'subheading', 'caption', 'pullquote', 'aside'];
    /** The library's own limit (copydesk_scanner_scan_segments). */
    public const MAX_SEGMENTS = 65536;

    public static function kindOf(?string $blockName): string
    {
        return self::KINDS[$blockName ?? ''] ?? 'body';
    }

    /**
     * Segments of a saved post: $title (plain text) and $content (block markup, or classic HTML
     * with no block comments), for the server-side check.
     *
     * @param callable(string): array $parseBlocks WordPress's parse_blocks()
     * @return list<array{kind: string, id: string, text: string, format: string}>
     */
    public static function fromContent(string $title, string $content, callable $parseBlocks): array
    {
        $segments = [];
        if (trim($title) !== '') {
            $segments[] = ['kind' => 'headline', 'id' => 'title', 'text' => $title, 'format' => 'text'];
        }
        self::walk($parseBlocks($content), 'block-', $segments);
        return $segments;
    }

    /**
     * @param list<array<string, mixed>> $blocks parse_blocks() output
     * @param list<array{kind: string, id: string, text: string, format: string}> $segments
     */
    private static function walk(array $blocks, string $path, array &$segments): void
    {
        foreach ($blocks as $i => $block) {
            // A block's own markup is its innerContent without the places of its inner blocks
            // (null): a quote's citation, an image's caption, a paragraph's text.
            $own = '';
            foreach ($block['innerContent'] ?? [$block['innerHTML'] ?? ''] as $chunk) {
                if (is_string($chunk)) {
                    $own .= $chunk;
                }
            }
            if (trim(html_entity_decode(strip_tags($own), ENT_QUOTES | ENT_HTML5, 'UTF-8')) !== '') {
                $segments[] = ['kind' => self::kindOf($block['blockName'] ?? null), 'id' => $path . $i,
                    'text' => $own, 'format' => 'html'];
            }
            if (!empty($block['innerBlocks'])) {
                self::walk($block['innerBlocks'], $path . $i . '-', $segments);
            }
        }
    }

    /**
     * The editor's segments, checked: a list of {kind, id, text} with a known kind, string id
     * and text. Returns the segments as the library takes them (format html, the title as
     * text) or a message saying what is wrong.
     *
     * @return list<array{kind: string, id: string, text: string, format: string}>|string
     */
    public static function fromRequest(mixed $title, mixed $segments): array|string
    {
        if (!is_string($title ?? '')) {
            return 'title must be a string';
        }
        if (!is_array($segments) || !array_is_list($segments)) {
            return 'segments must be a list';
        }
        if (count($segments) > self::MAX_SEGMENTS) {
            return 'at most ' . self::MAX_SEGMENTS . ' segments';
        }
        $out = [];
        if (trim((string) $title) !== '') {
            $out[] = ['kind' => 'headline', 'id' => 'title', 'text' => (string) $title, 'format' => 'text'];
        }
        foreach ($segments as $i => $seg) {
            if (!is_array($seg) || !is_string($seg['text'] ?? null) || !is_string($seg['id'] ?? '')) {
                return "segment $i: {id, kind, text} with string id and text";
            }
            $kind = $seg['kind'] ?? 'body';
            if (!in_array($kind, self::SEGMENT_KINDS, true)) {
                return "segment $i: unknown kind " . json_encode($kind);
            }
            $out[] = ['kind' => $kind, 'id' => (string) ($seg['id'] ?? ''), 'text' => $seg['text'], 'format' => 'html'];
        }
        return $out;
    }
}
