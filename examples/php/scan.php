<?php

// Scan an article with the PHP adapter and show each flagged span.
//
//   COPYDESK_LIBRARY=$PWD/build/plugin/libcopydesk.so \
//     COPYDESK_FFI_HEADER=$PWD/build/plugin/copydesk_ffi.h php examples/php/scan.php ARTICLE [RULES]

declare(strict_types=1);

require __DIR__ . '/../../host-adapters/php/autoload.php';   // or Composer's vendor/autoload.php

use Copydesk\RuleException;
use Copydesk\Ruleset;

[, $article, $rulesDir] = $argv + [1 => '', 2 => __DIR__ . '/../../rules'];
try {
    $rules = Ruleset::compile($rulesDir);
} catch (RuleException $e) {
    foreach ($e->getDiagnostics() as $d) {
        fwrite(STDERR, "$d\n");   // file:line:column: message
    }
    exit(2);
}
$text = (string) file_get_contents($article);
$findings = $rules->scanner()->scan($text, ['minSeverity' => 'info']);
$errors = 0;
foreach ($findings as $f) {
    // Byte offsets for substr(); code points for mb_substr(): both give the written text.
    $written = substr($text, $f->start, $f->end - $f->start);
    assert($written === mb_substr($text, $f->cpStart, $f->cpEnd - $f->cpStart));
    echo "$f->line:$f->column $f->severity $f->ruleId «{$written}» $f->message\n";
    $errors += $f->severity === 'error' ? 1 : 0;
}
echo count($findings), " findings\n";
exit($errors ? 1 : 0);
