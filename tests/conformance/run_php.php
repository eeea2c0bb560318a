<?php

declare(strict_types=1);

// Conformance runner for the PHP adapter (host-adapters/php): every vector of
// tests/conformance/vectors/, as README.md in this folder says. ctest: conformance_php.
//
// usage: php run_php.php [VECTOR.json...]   (default: every vector, in file-name order)
// Environment as for tests/adapters/PhpAdapterTest.php (COPYDESK_LIBRARY, COPYDESK_FFI_HEADER).

use Copydesk\CopydeskException;
use Copydesk\Ruleset;

$root = dirname(__DIR__, 2);
require "$root/host-adapters/php/autoload.php";

/** JSON key of a vector's finding -> property of Copydesk\Finding. */
const FIELDS = [
    'rule' => 'ruleId', 'category' => 'category', 'severity' => 'severity', 'message' => 'message',
    'term' => 'term', 'folded' => 'folded', 'start' => 'start', 'end' => 'end',
    'start_utf16' => 'utf16Start', 'end_utf16' => 'utf16End', 'start_cp' => 'cpStart', 'end_cp' => 'cpEnd',
    'line' => 'line', 'column' => 'column', 'end_line' => 'endLine', 'end_column' => 'endColumn',
    'visible_start' => 'visibleStart', 'visible_end' => 'visibleEnd',
    'visible_start_utf16' => 'visibleUtf16Start', 'visible_end_utf16' => 'visibleUtf16End',
    'visible_start_cp' => 'visibleCpStart', 'visible_end_cp' => 'visibleCpEnd', 'visible_text' => 'visibleText',
    'segment' => 'segmentIndex', 'segment_id' => 'segmentId', 'segment_kind' => 'segmentKind',
];

function show(mixed $v): string
{
    return json_encode($v, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
}

function utf16Length(string $s): int
{
    return intdiv(strlen(mb_convert_encoding($s, 'UTF-16LE', 'UTF-8')), 2);
}

$files = array_slice($argv, 1);
if (!$files) {
    $files = glob(__DIR__ . '/vectors/*.json') ?: [];
    sort($files, SORT_STRING);
}
if (!$files) {
    echo 'no vectors in ', __DIR__, "/vectors\n";
    exit(77); // ctest: skipped
}

$rulesets = [];
$failures = [];
$skipped = [];
$unchecked = [];
$passed = 0;
foreach ($files as $file) {
    $name = str_starts_with($file, __DIR__ . '/') ? substr($file, strlen(__DIR__) + 1) : $file;
    $before = count($failures);
    $fail = function (string $msg) use (&$failures, $name): void {
        $failures[] = "$name: $msg";
    };
    $vector = json_decode((string) file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
    $req = $vector['request'];
    $key = json_encode($vector['rules']);
    if (!isset($rulesets[$key])) {
        try {
            $rulesets[$key] = Ruleset::compile(array_map(fn ($p) => "$root/$p", $vector['rules']));
        } catch (CopydeskException $e) {
            $rulesets[$key] = $e;
        }
    }
    if ($rulesets[$key] instanceof CopydeskException) {
        $fail('rules: ' . $rulesets[$key]->getMessage());
        continue;
    }
    $o = $req['options'] ?? [];
    $options = ['format' => $req['format'] ?? 'auto', 'minSeverity' => $o['min_severity'] ?? 'info'];
    if (!empty($o['enable'])) {
        $options['enable'] = $o['enable'];
    }
    if (!empty($o['disable'])) {
        $options['disable'] = $o['disable'];
    }
    $segments = $req['segments'] ?? null;
    $scanner = $rulesets[$key]->scanner();
    try {
        $found = $segments !== null ? $scanner->scanSegments($segments, $options) : $scanner->scan($req['text'], $options);
    } catch (CopydeskException $e) {
        if (!isset($vector['expect']['error'])) {
            $fail('scan failed: ' . $e->getMessage());
        } elseif ($e->getStatusName() !== $vector['expect']['error']) {
            $fail("error: expected {$vector['expect']['error']}, got {$e->getStatusName()}");
        }
        $passed += count($failures) === $before ? 1 : 0;
        continue;
    } finally {
        $scanner->close();
    }
    if (isset($vector['expect']['error'])) {
        $fail("error: expected {$vector['expect']['error']}, got " . count($found) . ' findings');
        continue;
    }
    $expected = $vector['expect']['findings'];
    if (count($found) !== count($expected)) {
        $fail('findings: expected ' . count($expected) . ', got ' . count($found) . ' ('
            . implode(', ', array_map(fn ($f) => $f->ruleId, $found->toArray())) . ')');
    }
    for ($i = 0; $i < min(count($found), count($expected)); $i++) {
        $f = $found[$i];
        $text = $segments !== null ? (string) ($segments[$f->segmentIndex]['text'] ?? '') : $req['text'];
        foreach ($expected[$i] as $k => $want) {
            if ($k === 'text') {
                continue; // checked below, in PHP's own string functions
            }
            $prop = FIELDS[$k] ?? null;
            if ($prop === null) {
                $fail("finding $i: $k: a key this runner does not know");
            } elseif (!property_exists($f, $prop)) {
                $unchecked[$k] = ($unchecked[$k] ?? 0) + 1;
            } elseif ($f->$prop !== $want) {
                $fail("finding $i: $k: expected " . show($want) . ', got ' . show($f->$prop));
            }
        }
        // The input sliced by PHP's own offsets, from the text, not from the vector.
        $want = $expected[$i]['text'];
        $sliced = [
            'substr(start, end - start)' => substr($text, $f->start, $f->end - $f->start),
            'mb_substr(start_cp, end_cp - start_cp)' => mb_substr($text, $f->cpStart, $f->cpEnd - $f->cpStart, 'UTF-8'),
        ];
        foreach ($sliced as $how => $got) {
            if ($got !== $want) {
                $fail("finding $i: text: $how: expected " . show($want) . ', got ' . show($got));
            }
        }
        if (utf16Length(substr($text, 0, $f->start)) !== $f->utf16Start) {
            $fail("finding $i: start_utf16: " . $f->utf16Start . ' does not count the UTF-16 units before start');
        }
    }
    if (isset($vector['expect']['truncated']) && $found->truncated !== $vector['expect']['truncated']) {
        $fail('truncated: expected ' . show($vector['expect']['truncated']) . ', got ' . show($found->truncated));
    }
    if (isset($vector['expect']['invalid_utf8']) && $found->invalidUtf8 !== $vector['expect']['invalid_utf8']) {
        $fail("invalid_utf8: expected {$vector['expect']['invalid_utf8']}, got {$found->invalidUtf8}");
    }
    $passed += count($failures) === $before ? 1 : 0;
}

foreach ($failures as $f) {
    echo $f, "\n";
}
foreach ($skipped as $s) {
    echo "skipped: $s\n";
}
if ($unchecked) {
    echo 'not checked, the adapter\'s findings have no such field on this ABI: ',
        implode(', ', array_map(fn ($k, $n) => "$k ($n findings)", array_keys($unchecked), $unchecked)), "\n";
}
$failed = count(array_unique(array_map(fn ($f) => explode(': ', $f)[0], $failures)));
echo "conformance_php: $passed passed, $failed failed, " . count($skipped) . " skipped\n";
exit($failed ? 1 : 0);
