<?php

declare(strict_types=1);

namespace Copydesk;

use FFI\CData;

/**
 * Scans text against a Ruleset. Make one with $rules->scanner().
 *
 * PHP runs one call at a time on a thread, and scan() copies every finding into PHP objects
 * before it returns, so close() can never free a scanner or a findings list in use.
 */
final class Scanner extends Handle
{
    protected const KIND = 'scanner';
    protected const FREE = 'copydesk_scanner_free';
    private const SCAN_KEYS = ['format', 'minSeverity', 'enable', 'disable', 'explain', 'strictUtf8',
        'maxInputBytes', 'maxFindings'];

    /** @internal use Ruleset::scanner() */
    public static function adopt(CData $ruleset): self
    {
        $ffi = Library::ffi();
        $out = $ffi->new('copydesk_scanner*');
        CopydeskException::check($ffi->copydesk_scanner_new(\FFI::addr($out), $ruleset));
        return new self($out);
    }

    /**
     * Scan UTF-8 $text and return its findings, ordered by position.
     *
     * Each Finding's $start/$end are byte offsets: substr($text, $f->start, $f->end - $f->start)
     * is the flagged text; $cpStart/$cpEnd are code points for mb_substr(); $utf16Start/End
     * are for JavaScript editors.
     *
     * Options: format ("auto", "text", "markdown", "html"), minSeverity ("info", "warning",
     * "error"), enable/disable (rule ids, packs or categories: "a,b" or a list; an unknown name
     * throws InvalidArgumentException), explain (fills Finding::$explain), strictUtf8 (invalid
     * UTF-8 throws EncodingException instead of being matched as U+FFFD), maxInputBytes and
     * maxFindings (0 or absent: the library's defaults, 64 MiB and 10000).
     *
     * @param string $text a string; anything else is a \TypeError, never coerced
     * @param array<string, mixed> $options
     */
    public function scan(mixed $text, array $options = []): Findings
    {
        if (!is_string($text)) {
            throw new \TypeError('Scanner::scan() takes the text as a string, not ' . get_debug_type($text));
        }
        $scanner = $this->live();
        $ffi = Library::ffi();
        [$opts, $explain, $keep] = self::options($options);
        $handle = $ffi->new('copydesk_findings*');
        CopydeskException::check($ffi->copydesk_scanner_scan(\FFI::addr($handle), $scanner, $text, strlen($text),
            \FFI::addr($opts)));
        unset($keep);
        return self::collect($handle, $explain);
    }

    /**
     * Scan an article given as segments, in article order, in one pass: a list of
     * ['kind' => ..., 'id' => ..., 'text' => ..., 'format' => ...] arrays. kind: "body" (default),
     * "headline", "standfirst", "subheading", "caption", "pullquote" or "aside"; id: the host's
     * own (a block's clientId); format: as scan()'s, default the options' format. Context flows
     * between segments as docs/rules.md ("Article segments") says. Each Finding carries
     * $segmentIndex, $segmentId and $segmentKind, and its offsets are relative to its
     * segment's text: substr($segments[$f->segmentIndex]['text'], $f->start, $f->end - $f->start).
     * The options are scan()'s.
     *
     * @param list<array{kind?: string, id?: string, text: string, format?: string}> $segments
     * @param array<string, mixed> $options
     */
    public function scanSegments(array $segments, array $options = []): Findings
    {
        $scanner = $this->live();
        $ffi = Library::ffi();
        $n = count($segments);
        $records = $ffi->new('copydesk_segment[' . max($n, 1) . ']');
        $keep = [];  // the C copies of ids and texts, referenced until the call returns
        foreach (array_values($segments) as $i => $seg) {
            if (!is_array($seg)) {
                throw new \TypeError("segment $i must be an array, not " . get_debug_type($seg));
            }
            self::checkKeys($seg, ['kind', 'id', 'text', 'format'], "segment $i");
            $text = $seg['text'] ?? null;
            $id = $seg['id'] ?? '';
            if (!is_string($text) || !is_string($id)) {
                throw new \TypeError("segment $i: text and id must be strings");
            }
            $keep[] = $cText = self::cString($text);
            $keep[] = $cId = self::cString($id);
            $r = $records[$i];
            $r->version = Abi::SEGMENT_VERSION;
            $r->kind = self::choice($seg['kind'] ?? 'body', Abi::SEGMENT_KINDS, 'segment kind');
            $r->format = self::choice($seg['format'] ?? 'auto', Abi::FORMATS, 'format');
            $r->id = $ffi->cast('const char *', $cId);
            $r->text = $ffi->cast('const char *', $cText);
            $r->len = strlen($text);
        }
        [$opts, $explain, $optionStrings] = self::options($options);
        $handle = $ffi->new('copydesk_findings*');
        CopydeskException::check($ffi->copydesk_scanner_scan_segments(\FFI::addr($handle), $scanner,
            $n ? $ffi->cast('copydesk_segment *', \FFI::addr($records[0])) : null, $n, \FFI::addr($opts)));
        unset($keep, $optionStrings);
        return self::collect($handle, $explain);
    }

    /**
     * A filled copydesk_scan_options, whether to read explanations, and the C strings it
     * points to (keep them referenced until the call returns).
     *
     * @param array<string, mixed> $options
     * @return array{0: CData, 1: bool, 2: array<int, ?CData>}
     */
    private static function options(array $options): array
    {
        self::checkKeys($options, self::SCAN_KEYS, 'scan');
        $ffi = Library::ffi();
        $opts = $ffi->new('copydesk_scan_options');
        CopydeskException::check($ffi->copydesk_scan_options_init(\FFI::addr($opts), Abi::SCAN_OPTIONS_VERSION));
        if (isset($options['format'])) {
            $opts->input_format = self::choice($options['format'], Abi::FORMATS, 'format');
        }
        if (isset($options['minSeverity'])) {
            $opts->min_severity = self::choice($options['minSeverity'], array_flip(Abi::SEVERITY_NAMES), 'severity');
        }
        $explain = (bool) ($options['explain'] ?? false);
        $opts->flags = (($options['strictUtf8'] ?? false) ? Abi::SCAN_STRICT_UTF8 : 0) | ($explain ? Abi::SCAN_EXPLAIN : 0);
        $opts->max_input_bytes = self::limit($options['maxInputBytes'] ?? null, 'maxInputBytes');
        $opts->max_findings = self::limit($options['maxFindings'] ?? null, 'maxFindings');
        $enable = self::cString(self::nameList($options['enable'] ?? null, 'enable'));
        $disable = self::cString(self::nameList($options['disable'] ?? null, 'disable'));
        $opts->enable = $enable === null ? null : $ffi->cast('const char *', $enable);
        $opts->disable = $disable === null ? null : $ffi->cast('const char *', $disable);
        return [$opts, $explain, [$enable, $disable]];
    }

    /** Copies every finding out of $handle into PHP objects, then frees it. */
    private static function collect(CData $handle, bool $explain): Findings
    {
        $ffi = Library::ffi();
        try {
            $list = [];
            for ($i = 0, $n = $ffi->copydesk_findings_count($handle); $i < $n; $i++) {
                $x = $ffi->new('copydesk_finding');
                $x->version = Abi::FINDING_VERSION;
                CopydeskException::check($ffi->copydesk_findings_get(\FFI::addr($x), $handle, $i));
                $list[] = new Finding(
                    ruleId: self::str($x->rule_id), category: self::str($x->category),
                    severity: self::severityName($x->severity), message: self::str($x->message),
                    start: $x->byte_start, end: $x->byte_end,
                    utf16Start: $x->utf16_start, utf16End: $x->utf16_end, cpStart: $x->cp_start, cpEnd: $x->cp_end,
                    line: $x->line, column: $x->column, endLine: $x->end_line, endColumn: $x->end_column,
                    term: self::str($x->term), folded: self::str($x->folded),
                    contextHash: sprintf('%016x', $x->context_hash),
                    explain: $explain ? self::str($ffi->copydesk_findings_explain($handle, $i)) : null,
                    segmentIndex: $x->segment_index, segmentId: self::str($x->segment_id),
                    segmentKind: array_search($x->segment_kind, Abi::SEGMENT_KINDS, true) ?: (string) $x->segment_kind,
                    visibleStart: $x->visible_byte_start, visibleEnd: $x->visible_byte_end,
                    visibleUtf16Start: $x->visible_utf16_start, visibleUtf16End: $x->visible_utf16_end,
                    visibleCpStart: $x->visible_cp_start, visibleCpEnd: $x->visible_cp_end,
                    visibleText: self::str($x->visible_text),
                );
            }
            return new Findings($list, $ffi->copydesk_findings_truncated($handle) === 1,
                $ffi->copydesk_findings_invalid_utf8($handle));
        } finally {
            $ffi->copydesk_findings_free($handle);
        }
    }

    /** @param array<string, int> $table */
    private static function choice(mixed $value, array $table, string $what): int
    {
        if (!is_string($value) || !array_key_exists($value, $table)) {
            throw new \ValueError("unknown $what " . var_export($value, true) . '; expected one of '
                . implode(', ', array_keys($table)));
        }
        return $table[$value];
    }
}
